"""La date du jour vient d'ici seulement : les règles datées (fenêtres d'appels à projets) la reçoivent en
argument, et les tests la figent."""

from django.utils import timezone

MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def aujourdhui():
    """La date du jour au fuseau du site (Europe/Paris), pas celle du serveur."""
    return timezone.localdate()


def date_lisible(date):
    """« 1er juillet 2025 », « 9 juin 2026 »."""
    jour = "1er" if date.day == 1 else str(date.day)
    return f"{jour} {MOIS[date.month - 1]} {date.year}"
