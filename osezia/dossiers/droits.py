"""Qui voit et fait quoi sur un dossier de financement : le seul endroit des règles, lu par les services, les pages
et l'API.

Lecture : les membres de l'entreprise (ses dossiers) ; les instructeurs de la structure qui instruit (ses dossiers
déposés, pas les brouillons) ; les conseillers d'une structure avec laquelle l'entreprise partage ses données
(consentement actif), qui lisent sans agir ; un pilote lit tout. Tout autre : 404 (on ne dit pas qu'il existe).
Les annotations privées : les instructeurs de la structure et les pilotes, jamais l'entreprise."""

from django.db.models import Q

from osezia.dossiers import transitions
from osezia.dossiers.enums import Acteur, Etat
from osezia.organisations.enums import TypeOrganisation


def structures_instruites(utilisateur):
    """Les structures dont l'utilisateur est instructeur (conseiller avec la case « instructeur »)."""
    from osezia.organisations.models import Membre

    if not (utilisateur.is_authenticated and utilisateur.is_active and utilisateur.est_conseiller):
        return Membre.objects.none().values("organisation")
    return Membre.objects.filter(
        utilisateur=utilisateur, est_instructeur=True, organisation__type=TypeOrganisation.STRUCTURE
    ).values("organisation")


def est_instructeur(utilisateur):
    return structures_instruites(utilisateur).exists()


def dossiers_visibles(dossiers, utilisateur):
    from osezia.organisations.models import Consentement

    if not utilisateur.is_authenticated or not utilisateur.is_active:
        return dossiers.none()
    if utilisateur.est_pilote:
        return dossiers.all()
    if utilisateur.est_conseiller:
        structures = utilisateur.adhesions.filter(organisation__type=TypeOrganisation.STRUCTURE).values("organisation")
        entreprises = Consentement.objects.actifs().filter(structure__in=structures).values("entreprise")
        instruits = Q(operateur__in=structures_instruites(utilisateur)) & ~Q(etat=Etat.BROUILLON)
        return dossiers.filter(instruits | Q(entreprise__in=entreprises))
    return dossiers.filter(entreprise__membres__utilisateur=utilisateur)


def est_membre(utilisateur, entreprise):
    return utilisateur.is_authenticated and entreprise.membres.filter(utilisateur=utilisateur).exists()


def instruit(utilisateur, dossier):
    """Vrai si l'utilisateur est instructeur de la structure qui instruit ce dossier."""
    return structures_instruites(utilisateur).filter(organisation=dossier.operateur_id).exists()


def acteur(utilisateur, dossier):
    """Le rôle de l'utilisateur sur ce dossier (Acteur), ou None s'il ne peut que lire (pilote, conseiller) ou rien."""
    if not utilisateur.is_authenticated or not utilisateur.is_active:
        return None
    if utilisateur.est_conseiller:
        return Acteur.INSTRUCTEUR if instruit(utilisateur, dossier) and dossier.etat != Etat.BROUILLON else None
    if est_membre(utilisateur, dossier.entreprise):
        return Acteur.ENTREPRISE
    return None


def peut_modifier(utilisateur, dossier):
    """Pièces, montant demandé, objet : l'entreprise, tant que le dossier est un brouillon ou attend un complément."""
    return acteur(utilisateur, dossier) == Acteur.ENTREPRISE and dossier.etat in (
        Etat.BROUILLON,
        Etat.COMPLEMENT_DEMANDE,
    )


def peut_ecrire_message(utilisateur, dossier):
    return acteur(utilisateur, dossier) is not None and dossier.etat != Etat.BROUILLON


def voit_annotations(utilisateur, dossier):
    return utilisateur.is_authenticated and (utilisateur.est_pilote or instruit(utilisateur, dossier))


def peut_annoter(utilisateur, dossier):
    return acteur(utilisateur, dossier) == Acteur.INSTRUCTEUR


def etats_possibles(utilisateur, dossier):
    return transitions.suivants(dossier.etat, acteur(utilisateur, dossier))
