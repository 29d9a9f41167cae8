"""Qui voit et fait quoi sur les labels : le seul endroit des règles, lu par les services, les pages et l'API.

Le fournisseur (ses membres) crée, complète et dépose ses candidatures et suit ses labels. L'évaluation d'un régime
revient aux pilotes, et aux conseillers des structures à qui un pilote l'a déléguée (`Delegation` en cours : commencée,
ni terminée ni révoquée) ; seul un pilote accorde et révoque une délégation ; un évaluateur
ne juge jamais la candidature d'une organisation dont il est membre. Tout autre : 404 (on ne dit pas qu'elle existe).
Le registre des labels accordés est public."""

from osezia.labels.enums import Acteur, StatutCandidature
from osezia.organisations.enums import TypeOrganisation


def _actif(utilisateur):
    return utilisateur is not None and utilisateur.is_authenticated and utilisateur.is_active


def est_membre(utilisateur, organisation_id):
    return _actif(utilisateur) and utilisateur.adhesions.filter(organisation_id=organisation_id).exists()


def fournisseurs_de(utilisateur):
    """Les organisations de type fournisseur dont l'utilisateur est membre."""
    from osezia.organisations.models import Membre

    if not _actif(utilisateur):
        return Membre.objects.none().values("organisation")
    return utilisateur.adhesions.filter(organisation__type=TypeOrganisation.FOURNISSEUR).values("organisation")


def regimes_evalues(utilisateur):
    """Les régimes que l'utilisateur évalue : tous pour un pilote ; pour un conseiller, ceux délégués à ses structures."""
    from osezia.labels.models import RegimeLabel

    if not _actif(utilisateur):
        return RegimeLabel.objects.none()
    if utilisateur.est_pilote:
        return RegimeLabel.objects.all()
    if utilisateur.est_conseiller:
        from osezia.labels.models import Delegation

        structures = utilisateur.adhesions.filter(organisation__type=TypeOrganisation.STRUCTURE).values("organisation")
        # Seules les délégations en cours comptent : une délégation révoquée ou terminée n'ouvre plus rien.
        delegations = Delegation.objects.en_cours().filter(structure__in=structures).values("regime")
        return RegimeLabel.objects.filter(pk__in=delegations)
    return RegimeLabel.objects.none()


def est_evaluateur(utilisateur):
    return regimes_evalues(utilisateur).exists()


def evalue(utilisateur, regime_id, fournisseur_id):
    """Vrai si l'utilisateur évalue ce régime pour ce fournisseur (jamais sa propre organisation)."""
    return regimes_evalues(utilisateur).filter(pk=regime_id).exists() and not est_membre(utilisateur, fournisseur_id)


def candidatures_visibles(candidatures, utilisateur):
    from django.db.models import Q

    if not _actif(utilisateur):
        return candidatures.none()
    a_evaluer = Q(regime__in=regimes_evalues(utilisateur)) & ~Q(statut=StatutCandidature.BROUILLON)
    return candidatures.filter(a_evaluer | Q(fournisseur__in=fournisseurs_de(utilisateur))).distinct()


def peut_modifier(utilisateur, candidature):
    """Preuves, portée : les membres du fournisseur, tant que la candidature est un brouillon."""
    return candidature.statut == StatutCandidature.BROUILLON and est_membre(utilisateur, candidature.fournisseur_id)


def peut_decider(utilisateur, candidature):
    return candidature.statut == StatutCandidature.DEPOSEE and evalue(
        utilisateur, candidature.regime_id, candidature.fournisseur_id
    )


def voit_preuves(utilisateur, candidature):
    return est_membre(utilisateur, candidature.fournisseur_id) or (
        candidature.statut != StatutCandidature.BROUILLON
        and evalue(utilisateur, candidature.regime_id, candidature.fournisseur_id)
    )


def acteur_label(utilisateur, label):
    """Le rôle de l'utilisateur sur un label accordé (Acteur.EVALUATEUR), ou None."""
    return Acteur.EVALUATEUR if evalue(utilisateur, label.regime_id, label.fournisseur_id) else None


def gere_delegations(utilisateur):
    return _actif(utilisateur) and utilisateur.est_pilote
