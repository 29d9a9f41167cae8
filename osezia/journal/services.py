"""Écriture du journal des actions sensibles : `consigner`, appelée par les services des domaines dans la
transaction de l'action (l'action annulée n'y laisse rien), et la purge des entrées de plus d'un an."""

from django.db import transaction
from django.utils import timezone

from osezia.comptes.enums import Role
from osezia.journal.enums import Action
from osezia.journal.models import EvenementJournal

LIBELLE_PLATEFORME = "La plateforme (traitement automatique)"


class HorsTransaction(RuntimeError):
    """consigner() hors d'une transaction : l'entrée pourrait rester alors que l'action a échoué, ou l'inverse."""


def libelle_acteur(acteur):
    if acteur is None:
        return LIBELLE_PLATEFORME
    role = Role(acteur.role).label if acteur.role in Role.values else "Compte"
    if acteur.is_superuser and acteur.role != Role.PILOTE:
        role = "Administrateur"
    return f"{role}, compte n° {acteur.pk}"


def consigner(*, acteur, action, organisation=None, objet=None, details=None):
    """Ajoute une entrée au journal. `acteur` : l'utilisateur qui agit, ou None pour un traitement automatique ;
    `objet` : l'instance concernée (solution, diagnostic, consentement, jeton…) ; `details` : un dict sérialisable
    en JSON (motif, statuts avant et après…)."""
    if not transaction.get_connection().in_atomic_block:
        raise HorsTransaction("consigner() s'appelle dans la transaction de l'action (transaction.atomic).")
    action = Action(action)
    return EvenementJournal.objects.create(
        action=action,
        acteur=acteur,
        acteur_libelle=libelle_acteur(acteur),
        organisation=organisation,
        organisation_libelle=organisation.nom[:200] if organisation is not None else "",
        objet_type=objet._meta.label_lower if objet is not None else "",
        objet_id=objet.pk if objet is not None else None,
        objet_libelle=_libelle(objet),
        details=details or {},
    )


def _libelle(objet):
    # Le nom de l'objet s'il en a un (solution, jeton : son préfixe est dans les détails), sinon sa représentation.
    if objet is None:
        return ""
    return str(getattr(objet, "nom", "") or objet)[:200]


def il_y_a_un_an(maintenant):
    try:
        return maintenant.replace(year=maintenant.year - 1)
    except ValueError:  # 29 février
        return maintenant.replace(year=maintenant.year - 1, day=28)


def purger_anciens():
    """Travail périodique : efface les entrées de plus d'un an (durée de conservation annoncée). Rend le nombre."""
    nombre, _ = EvenementJournal.objects.anterieurs_a(il_y_a_un_an(timezone.now())).delete()
    return nombre
