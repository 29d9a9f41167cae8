"""Lecture du journal : la liste filtrée que montrent la page du pilote et son export CSV."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from osezia.journal.models import EvenementJournal


def _debut_du_jour(jour):
    return timezone.make_aware(datetime.combine(jour, time.min))


def evenements(*, action="", organisation="", du=None, au=None, acteur_email=""):
    """Les entrées, les plus récentes d'abord. `du` et `au` sont des dates comprises (jours au fuseau du site) ;
    `organisation` cherche dans le nom gardé, `acteur_email` dans l'adresse du compte s'il existe encore."""
    qs = EvenementJournal.objects.select_related("acteur")
    if action:
        qs = qs.filter(action=action)
    if organisation:
        qs = qs.filter(organisation_libelle__icontains=organisation)
    if du:
        qs = qs.filter(cree_le__gte=_debut_du_jour(du))
    if au:
        qs = qs.filter(cree_le__lt=_debut_du_jour(au + timedelta(days=1)))
    if acteur_email:
        qs = qs.filter(acteur__email__icontains=acteur_email)
    return qs
