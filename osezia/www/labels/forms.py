"""Formulaires des pages des labels : la délégation de l'évaluation d'un régime et sa révocation (pilotes)."""

from django import forms

from osezia.labels.models import RegimeLabel
from osezia.organisations.enums import TypeOrganisation
from osezia.organisations.models import Organisation
from osezia.utils import dates
from osezia.utils.formulaires import FormulaireDsfr

CHAMP_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FormulaireDelegation(FormulaireDsfr):
    regime = forms.ModelChoiceField(
        queryset=RegimeLabel.objects.all(),
        label="Label à évaluer",
        empty_label="Choisir un label",
        error_messages={"required": "Choisissez le label à évaluer.", "invalid_choice": "Ce label n'existe pas."},
    )
    structure = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(type=TypeOrganisation.STRUCTURE).order_by("nom"),
        label="Structure d'accompagnement",
        help_text="Ses conseillers évalueront les candidatures à ce label, jamais celles de leur propre organisation.",
        empty_label="Choisir une structure",
        error_messages={
            "required": "Choisissez la structure qui évaluera.",
            "invalid_choice": "Choisissez une structure d'accompagnement inscrite.",
        },
    )
    debut = forms.DateField(
        label="Début",
        widget=CHAMP_DATE,
        error_messages={"required": "Indiquez le jour où la délégation commence.", "invalid": "Date invalide."},
    )
    fin = forms.DateField(
        label="Fin",
        required=False,
        widget=CHAMP_DATE,
        help_text="Dernier jour compris. Laissez vide : jusqu'à révocation.",
        error_messages={"invalid": "Date invalide."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["debut"].initial = dates.aujourdhui

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("debut"), donnees.get("fin")
        if debut and fin and fin < debut:
            self.add_error("fin", "La fin de la délégation suit son début.")
        return donnees


class FormulaireRevocation(FormulaireDsfr):
    motif = forms.CharField(
        label="Motif de la révocation",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=3000,
        help_text="Obligatoire : la structure et les autres pilotes le liront.",
        error_messages={
            "required": "Motivez la révocation : la structure et les autres pilotes la liront.",
            "max_length": "3 000 caractères au plus.",
        },
    )
