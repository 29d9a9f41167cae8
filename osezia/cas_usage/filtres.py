"""« Combien êtes-vous ? » : la taille d'entreprise qui classe les usages d'un secteur, pour la page et l'API."""

from django import forms

from osezia.cas_usage.connaissance import LIBELLES_TAILLE_COURTS, TAILLES

CHOIX_TAILLE = [(taille, f"{LIBELLES_TAILLE_COURTS[taille].capitalize()} ({taille})") for taille in TAILLES]


class FiltreTaille(forms.Form):
    taille = forms.ChoiceField(
        label="Combien êtes-vous ?",
        choices=CHOIX_TAILLE,
        required=False,
        widget=forms.RadioSelect,
        help_text="Nombre de personnes dans l'entreprise, dirigeant compris. La liste s'adapte à votre taille.",
        error_messages={"invalid_choice": "Taille inconnue « %(value)s » : choisissez TPE, PME, ETI ou GE."},
    )
