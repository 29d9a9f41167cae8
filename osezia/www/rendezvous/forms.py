from django import forms

from osezia.rendezvous import selectors
from osezia.rendezvous.enums import Priorite
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
