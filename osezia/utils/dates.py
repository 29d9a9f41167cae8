"""La date du jour vient d'ici seulement : les règles datées (fenêtres d'appels à projets) la reçoivent en
argument, et les tests la figent."""

import calendar
import datetime
import functools

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


def debut_du_jour(jour):
    """Minuit au fuseau du site : une borne d'horodatage qu'un index sert, contrairement à `champ__date`."""
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time.min))


def date_lisible(date):
    """« 1er juillet 2025 », « 9 juin 2026 »."""
    jour = "1er" if date.day == 1 else str(date.day)
    return f"{jour} {MOIS[date.month - 1]} {date.year}"


@functools.lru_cache(maxsize=8192)
def ajouter_mois(jour, mois):
    """La même date `mois` mois plus tard (le dernier jour du mois quand il est plus court : 31 août + 6 mois =
    28 février)."""
    total = jour.month - 1 + mois
    annee, mois_cible = jour.year + total // 12, total % 12 + 1
    return datetime.date(annee, mois_cible, min(jour.day, calendar.monthrange(annee, mois_cible)[1]))


def mois_ecoules(debut, fin):
    """Le plus petit nombre de mois N tel que `fin` ≤ ajouter_mois(debut, N) : « dans les N mois » qui suivent."""
    mois = max(0, (fin.year - debut.year) * 12 + fin.month - debut.month - 1)
    while fin > ajouter_mois(debut, mois):
        mois += 1
    return mois
