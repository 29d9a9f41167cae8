"""Qui peut quoi sur un projet : le seul endroit des règles, lu par les services, les pages et l'API.

Lecture : `Projet.objects.visibles_par` (entreprise, conseiller avec consentement, pilote). Écriture : les membres de
l'entreprise ; le conseiller d'une structure avec laquelle l'entreprise partage ses données commente et fait avancer
les étapes que la table `transitions.TRANSITIONS` lui ouvre ; un pilote observe sans agir."""

from osezia.diagnostic.services import est_dans_le_portefeuille
from osezia.projets import transitions
from osezia.projets.enums import Acteur


def est_membre(utilisateur, entreprise):
    return utilisateur.is_authenticated and entreprise.membres.filter(utilisateur=utilisateur).exists()


def acteur(utilisateur, projet):
    """Le rôle de l'utilisateur sur ce projet (Acteur), ou None s'il ne peut qu'observer (pilote) ou rien."""
    if not utilisateur.is_authenticated or not utilisateur.is_active:
        return None
    if utilisateur.est_conseiller:
        return Acteur.CONSEILLER if est_dans_le_portefeuille(utilisateur, projet.entreprise) else None
    if est_membre(utilisateur, projet.entreprise):
        return Acteur.ENTREPRISE
    return None


def peut_modifier(utilisateur, projet):
    """Fiche, indicateurs, mesures, documents : l'entreprise seule."""
    return acteur(utilisateur, projet) == Acteur.ENTREPRISE


def peut_commenter(utilisateur, projet):
    return acteur(utilisateur, projet) is not None


def etapes_possibles(utilisateur, projet):
    return transitions.suivantes(projet.etape, acteur(utilisateur, projet))
