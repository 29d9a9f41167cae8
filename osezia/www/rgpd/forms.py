from django import forms
from django.core.exceptions import ValidationError

from osezia.utils.formulaires import FormulaireDsfr


class _AvecMotDePasse(FormulaireDsfr):
    """Une action qu'on ne rattrape pas se confirme avec son mot de passe : une session laissée ouverte ne suffit pas."""

    mot_de_passe = forms.CharField(
        label="Votre mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, utilisateur, **kwargs):
        self.utilisateur = utilisateur
        super().__init__(*args, **kwargs)

    def clean_mot_de_passe(self):
        mot_de_passe = self.cleaned_data["mot_de_passe"]
        if not self.utilisateur.check_password(mot_de_passe):
            raise ValidationError("Ce mot de passe n'est pas le bon.")
        return mot_de_passe


class FormulaireEffacement(_AvecMotDePasse):
    nom = forms.CharField(label="Nom de l'organisation", max_length=200, help_text="Recopiez-le pour confirmer.")
    field_order = ["nom", "mot_de_passe"]

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        self.fields["nom"].help_text = f"Recopiez « {organisation.nom} » pour confirmer."

    def clean_nom(self):
        nom = self.cleaned_data["nom"]
        if " ".join(nom.split()).casefold() != " ".join(self.organisation.nom.split()).casefold():
            raise ValidationError(f"Recopiez exactement le nom de l'organisation : « {self.organisation.nom} ».")
        return nom


class FormulaireSuppressionCompte(_AvecMotDePasse):
    pass
