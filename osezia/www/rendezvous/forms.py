import datetime

from django import forms

from osezia.rendezvous import creation, selectors
from osezia.rendezvous.enums import DureeCreneau, Priorite
from osezia.rendezvous.inscriptions import AUCUN_CRENEAU, SANS_CONSENTEMENT
from osezia.utils.formulaires import FormulaireDsfr


class ChoixCreneaux(forms.ModelMultipleChoiceField):
    def __init__(self, *args, evenement, **kwargs):
        self.evenement = evenement
        super().__init__(*args, **kwargs)

    def label_from_instance(self, creneau):
        debut, fin = selectors.horaires(self.evenement, creneau)
        return f"{debut:%H:%M} – {fin:%H:%M}"


class FormulaireInscription(FormulaireDsfr):
    max_rendez_vous = forms.IntegerField(
        label="Nombre de rendez-vous au plus",
        min_value=1,
        max_value=50,
        initial=8,
        help_text="Entre 1 et 50 ; le planning ne vous en donnera pas davantage.",
        error_messages={
            "required": "Indiquez combien de rendez-vous vous pouvez tenir au plus.",
            "min_value": "Indiquez au moins 1 rendez-vous.",
            "max_value": "Indiquez 50 rendez-vous au plus.",
            "invalid": "Écrivez un nombre entier, par exemple 8.",
        },
    )
    consentement = forms.BooleanField(
        label=(
            "J'accepte que les autres participants de l'événement voient le nom de mon organisation, sa nature "
            "(entreprise ou fournisseur), sa présentation publique sur osezia et les rendez-vous qu'elle demande ; "
            "les participants rencontrés voient ces rendez-vous dans leur agenda."
        ),
        error_messages={"required": SANS_CONSENTEMENT},
    )

    def __init__(self, *args, evenement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "disponibilites": ChoixCreneaux(
                queryset=evenement.creneaux.order_by("ordre"),
                evenement=evenement,
                widget=forms.CheckboxSelectMultiple,
                label="Créneaux où vous êtes disponible",
                help_text="Plus vous cochez de créneaux, plus le planning peut satisfaire vos demandes.",
                error_messages={
                    "required": AUCUN_CRENEAU,
                    "invalid_choice": "Cochez des créneaux de cet événement.",
                    "invalid_pk_value": "Cochez des créneaux de cet événement.",
                },
            ),
            **self.fields,
        }


class FormulaireSouhait(FormulaireDsfr):
    priorite = forms.TypedChoiceField(
        label="Priorité",
        choices=Priorite.choices,
        coerce=int,
        initial=Priorite.MOYENNE,
        error_messages={
            "required": "Choisissez une priorité.",
            "invalid_choice": "Choisissez une priorité de la liste.",
        },
    )


class FormulaireEvenement(FormulaireDsfr):
    nom = forms.CharField(label="Nom de la journée", max_length=200,
                          error_messages={"required": "Donnez un nom à la journée."})  # fmt: skip
    organisateur = forms.ModelChoiceField(
        label="Structure qui organise", queryset=None, empty_label="Choisissez une structure",
        error_messages={"required": "Choisissez la structure qui organise la journée.",
                        "invalid_choice": "Choisissez une structure de la liste."},
    )  # fmt: skip
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"required": "Indiquez la date.",
                                           "invalid": "Écrivez une date, par exemple 12/03/2027."})  # fmt: skip
    lieu = forms.CharField(label="Lieu", max_length=300, required=False,
                           help_text="Adresse ; laissez vide pour une journée en ligne.")  # fmt: skip
    en_ligne = forms.BooleanField(label="Journée en ligne (visioconférence)", required=False)
    themes = forms.CharField(label="Secteurs ou thèmes", max_length=300, required=False,
                             help_text="Par exemple « commerce de proximité, artisanat alimentaire ».")  # fmt: skip
    duree_creneau = forms.TypedChoiceField(label="Durée d'un rendez-vous", coerce=int,
                                           choices=DureeCreneau.choices, initial=DureeCreneau.VINGT)  # fmt: skip
    debut = forms.TimeField(label="Heure du premier rendez-vous", initial=datetime.time(9, 0),
                            widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                            error_messages={"required": "Indiquez l'heure du premier rendez-vous.",
                                            "invalid": "Écrivez une heure, par exemple 09:00."})  # fmt: skip
    nombre_creneaux = forms.IntegerField(label="Nombre de créneaux", min_value=1, max_value=creation.CRENEAUX_MAX,
                                         initial=12, error_messages={"required": "Indiquez le nombre de créneaux."})  # fmt: skip
    pauses_apres = forms.CharField(
        label="Pauses (15 minutes) après les créneaux n°", required=False,
        help_text="Numéros séparés par des virgules, par exemple « 4, 8 ».",
    )  # fmt: skip
    tables = forms.IntegerField(label="Tables (rendez-vous simultanés)", min_value=1, max_value=500, initial=10,
                                error_messages={"required": "Indiquez le nombre de tables."})  # fmt: skip
    max_consecutifs = forms.IntegerField(label="Rendez-vous d'affilée au plus pour un participant", min_value=1,
                                         max_value=20, initial=4)  # fmt: skip

    def __init__(self, *args, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisateur"].queryset = structures
        if structures.count() == 1:
            self.fields["organisateur"].initial = structures.first()

    def clean_pauses_apres(self):
        texte = self.cleaned_data["pauses_apres"].replace(";", ",")
        morceaux = [m.strip() for m in texte.split(",") if m.strip()]
        if not all(m.isdigit() for m in morceaux):
            raise forms.ValidationError(
                "Écrivez des numéros de créneaux séparés par des virgules, par exemple « 4, 8 »."
            )
        return [int(m) for m in morceaux]

    def clean(self):
        donnees = super().clean()
        if not donnees.get("en_ligne") and not (donnees.get("lieu") or "").strip():
            self.add_error("lieu", "Indiquez le lieu de la journée, ou cochez « en ligne ».")
        return donnees
