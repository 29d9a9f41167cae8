"""Lecture du journal : la liste filtrée que montrent la page du pilote et son export CSV."""

from datetime import timedelta

from osezia.journal.models import EvenementJournal
from osezia.utils.dates import debut_du_jour


def evenements(*, action="", organisation="", du=None, au=None, acteur_email=""):
    """Les entrées, les plus récentes d'abord. `du` et `au` sont des dates comprises (jours au fuseau du site) ;
    `organisation` cherche dans le nom gardé, `acteur_email` dans l'adresse du compte s'il existe encore."""
    qs = EvenementJournal.objects.select_related("acteur")
    if action:
        qs = qs.filter(action=action)
    if organisation:
        qs = qs.filter(organisation_libelle__icontains=organisation)
    if du:
        qs = qs.filter(cree_le__gte=debut_du_jour(du))
    if au:
        qs = qs.filter(cree_le__lt=debut_du_jour(au + timedelta(days=1)))
    if acteur_email:
        qs = qs.filter(acteur__email__icontains=acteur_email)
    return qs
