"""Écritures sur le catalogue : fonctions à arguments nommés, validées (full_clean) et atomiques."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from osezia.catalogue.enums import StatutSolution
from osezia.catalogue.models import EvenementModeration, Solution
from osezia.journal import services as journal
from osezia.journal.enums import Action
from osezia.notifications import selectors as destinataires
from osezia.notifications import services as notifications
from osezia.notifications.enums import Categorie

# Transitions permises du circuit de modération, et qui peut les faire.
TRANSITIONS = {
    (StatutSolution.BROUILLON, StatutSolution.SOUMISE): "fournisseur",
    (StatutSolution.SOUMISE, StatutSolution.BROUILLON): "fournisseur_ou_pilote",  # retrait ou refus motivé
    (StatutSolution.SOUMISE, StatutSolution.PUBLIEE): "pilote",
    (StatutSolution.PUBLIEE, StatutSolution.ARCHIVEE): "fournisseur_ou_pilote",
    (StatutSolution.ARCHIVEE, StatutSolution.BROUILLON): "fournisseur",
    (
        StatutSolution.PUBLIEE,
        StatutSolution.BROUILLON,
    ): "fournisseur",  # modifier une fiche publiée la repasse en brouillon
}

CHAMPS_MODIFIABLES = [
    "nom",
    "description_courte",
    "description",
    "tailles_cibles",
    "modele_tarifaire",
    "tranche_prix",
    "deploiement",
    "hebergement",
    "certifications",
    "dpa_rgpd",
    "role_ai_act",
    "langues",
    "references",
    "site_web",
]


def peut_gerer(utilisateur, solution):
    """Un membre de l'organisation qui la propose, ou un pilote."""
    if not utilisateur.is_authenticated:
        return False
    if utilisateur.est_pilote:
        return True
    return (
        utilisateur.est_fournisseur
        and solution.fournisseur_id is not None
        and solution.fournisseur.membres.filter(utilisateur=utilisateur).exists()
    )


def _autorise(utilisateur, solution, qui):
    if qui == "pilote":
        return utilisateur.est_pilote
    if qui == "fournisseur":
        return peut_gerer(utilisateur, solution) and not (utilisateur.est_pilote and not utilisateur.est_fournisseur)
    return peut_gerer(utilisateur, solution)


@transaction.atomic
def changer_statut(*, solution, utilisateur, statut, motif=""):
    solution = Solution.objects.select_for_update().get(pk=solution.pk)
    avant = solution.statut
    qui = TRANSITIONS.get((avant, statut))
    if qui is None:
        raise ValidationError(
            "Passage impossible de « %(avant)s » à « %(apres)s ».",
            code="transition",
            params={"avant": StatutSolution(avant).label, "apres": StatutSolution(statut).label},
        )
    if not _autorise(utilisateur, solution, qui):
        raise PermissionDenied("Vous ne pouvez pas faire ce changement de statut.")
    # Les fiches sont retirées pendant le délai de grâce d'un effacement ; l'annulation les remet.
    if (
        statut in (StatutSolution.SOUMISE, StatutSolution.PUBLIEE)
        and solution.fournisseur_id
        and solution.fournisseur.effacement_demande_le is not None
    ):
        raise ValidationError(
            "L'effacement de ce fournisseur est programmé : annulez-le pour soumettre ou publier une fiche.",
            code="effacement_programme",
        )
    refus = avant == StatutSolution.SOUMISE and statut == StatutSolution.BROUILLON and utilisateur.est_pilote
    if refus and not motif.strip():
        raise ValidationError({"motif": "Expliquez au fournisseur ce qu'il doit corriger."}, code="motif_requis")
    if statut == StatutSolution.SOUMISE:
        verifier_avant_soumission(solution, utilisateur)
    solution.statut = statut
    solution.motif_moderation = motif.strip()
    if statut == StatutSolution.PUBLIEE:
        solution.publiee_le = timezone.now()
    solution.save(update_fields=["statut", "motif_moderation", "publiee_le", "modifie_le"])
    EvenementModeration.objects.create(
        solution=solution, auteur=utilisateur, statut_avant=avant, statut_apres=statut, motif=motif.strip()
    )
    _consigner_decision(solution=solution, utilisateur=utilisateur, avant=avant, refus=refus)
    _prevenir(solution=solution, avant=avant, refus=refus)
    return solution


def _consigner_decision(*, solution, utilisateur, avant, refus):
    """Au journal, les décisions de modération seulement : publier, renvoyer, archiver. Soumettre ou retirer sa
    propre fiche n'en est pas une (l'historique de la fiche, EvenementModeration, garde tout)."""
    if solution.statut == StatutSolution.PUBLIEE:
        action = Action.SOLUTION_PUBLIEE
    elif refus:
        action = Action.SOLUTION_RENVOYEE
    elif solution.statut == StatutSolution.ARCHIVEE:
        action = Action.SOLUTION_ARCHIVEE
    else:
        return
    details = {"statut_avant": StatutSolution(avant).label, "statut_apres": StatutSolution(solution.statut).label}
    if solution.motif_moderation:
        details["motif"] = solution.motif_moderation
    journal.consigner(
        acteur=utilisateur, action=action, organisation=solution.fournisseur, objet=solution, details=details
    )


def _prevenir(*, solution, avant, refus):
    """Qui doit agir après ce changement : les pilotes pour une fiche soumise, le fournisseur pour la décision."""
    fournisseur = solution.fournisseur.nom if solution.fournisseur_id else "un fournisseur"
    if solution.statut == StatutSolution.SOUMISE:
        notifications.notifier(
            utilisateurs=destinataires.pilotes(),
            categorie=Categorie.SOLUTION_SOUMISE,
            titre=f"« {solution.nom} » attend la modération",
            message=f"Fiche soumise par {fournisseur}.",
            lien=reverse("pilotage:decision", args=[solution.slug]),
        )
    elif solution.fournisseur_id and solution.statut == StatutSolution.PUBLIEE and avant == StatutSolution.SOUMISE:
        notifications.notifier(
            utilisateurs=destinataires.membres(solution.fournisseur),
            categorie=Categorie.SOLUTION_PUBLIEE,
            titre=f"« {solution.nom} » est publiée",
            message="Votre fiche est visible dans le catalogue et peut être proposée aux entreprises.",
            lien=solution.get_absolute_url(),
        )
    elif solution.fournisseur_id and refus:
        notifications.notifier(
            utilisateurs=destinataires.membres(solution.fournisseur),
            categorie=Categorie.SOLUTION_RENVOYEE,
            titre=f"« {solution.nom} » est renvoyée pour correction",
            message=f"Message du pilote : {solution.motif_moderation}",
            lien=reverse("espace_fournisseur:modifier", args=[solution.slug]),
        )


def verifier_avant_soumission(solution, utilisateur):
    erreurs = []
    if not solution.cas_usage.exists():
        erreurs.append("Indiquez au moins un cas d'usage.")
    if not solution.tailles_cibles:
        erreurs.append("Indiquez au moins une taille d'entreprise visée.")
    if utilisateur.est_fournisseur and utilisateur.email_verifie_le is None:
        erreurs.append("Confirmez d'abord votre adresse e-mail (lien reçu à l'inscription).")
    if erreurs:
        raise ValidationError(erreurs, code="incomplete")


@transaction.atomic
def enregistrer_solution(*, utilisateur, fournisseur, donnees, cas_usage, secteurs, solution=None):
    """Crée ou modifie une fiche de solution. Une fiche publiée modifiée repasse en brouillon pour relecture."""
    creation = solution is None
    if creation:
        solution = Solution(fournisseur=fournisseur, statut=StatutSolution.BROUILLON)
    elif not peut_gerer(utilisateur, solution):
        raise PermissionDenied("Cette fiche appartient à une autre organisation.")
    avant = solution.statut
    for champ in CHAMPS_MODIFIABLES:
        if champ in donnees:
            setattr(solution, champ, donnees[champ])
    if creation:
        solution.slug = Solution.slug_libre(solution.nom)
    solution.full_clean()
    repasse_en_brouillon = avant in (StatutSolution.PUBLIEE, StatutSolution.SOUMISE) and not utilisateur.est_pilote
    if repasse_en_brouillon:
        solution.statut = StatutSolution.BROUILLON
    solution.save()
    solution.cas_usage.set(cas_usage)
    solution.secteurs.set(secteurs)
    if repasse_en_brouillon:
        EvenementModeration.objects.create(
            solution=solution,
            auteur=utilisateur,
            statut_avant=avant,
            statut_apres=StatutSolution.BROUILLON,
            motif="Fiche modifiée par le fournisseur : à soumettre de nouveau.",
        )
    return solution
