"""Qui voit quoi dans une journée de rendez-vous d'affaires (pages, fichiers, services)."""

from osezia.organisations.models import Membre
from osezia.rendezvous.services import peut_planifier


def est_membre(utilisateur, organisation_id):
    return bool(
        utilisateur.is_authenticated
        and Membre.objects.filter(utilisateur=utilisateur, organisation_id=organisation_id).exists()
    )


def peut_voir_agenda(utilisateur, participant):
    """Les membres de l'organisation inscrite, l'organisateur et les pilotes ; personne d'autre (un agenda dit qui
    rencontre qui)."""
    return est_membre(utilisateur, participant.organisation_id) or peut_planifier(utilisateur, participant.evenement)


def participant_de(utilisateur, evenement):
    """L'inscription (désistée comprise) d'une organisation dont l'utilisateur est membre, ou None."""
    if not utilisateur.is_authenticated:
        return None
    return (
        evenement.participants.filter(organisation__membres__utilisateur=utilisateur)
        .select_related("organisation")
        .first()
    )
