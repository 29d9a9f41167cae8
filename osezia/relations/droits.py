"""Qui voit et fait quoi dans une mise en relation : le côté d'une personne se lit dans ses adhésions."""

from osezia.comptes.enums import Role
from osezia.organisations.models import Membre
from osezia.relations.enums import Cote


def organisations_de(utilisateur):
    if not utilisateur.is_authenticated:
        return set()
    return set(Membre.objects.filter(utilisateur=utilisateur).values_list("organisation_id", flat=True))


def cote_de(utilisateur, relation):
    """ENTREPRISE ou FOURNISSEUR selon l'organisation dont la personne est membre ; None sinon. Un fournisseur ne voit
    une demande qu'une fois envoyée : avant, il n'en a aucun côté."""
    organisations = organisations_de(utilisateur)
    if relation.entreprise_id in organisations:
        return Cote.ENTREPRISE
    if relation.fournisseur_id in organisations and relation.recue:
        return Cote.FOURNISSEUR
    return None


def est_pilote(utilisateur):
    return utilisateur.is_authenticated and utilisateur.role == Role.PILOTE


def peut_gerer_besoin(utilisateur, besoin):
    return besoin.entreprise_id in organisations_de(utilisateur)
