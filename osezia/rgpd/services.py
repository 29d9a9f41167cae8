"""Écritures du RGPD : effacement d'une organisation (programmé, annulable pendant le délai de grâce, puis fait par le
travail périodique), suppression d'un compte, conservation limitée (comptes inactifs, e-mails, tentatives de
connexion)."""

import logging

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from osezia.catalogue.enums import StatutSolution
from osezia.catalogue.models import EvenementModeration, Solution
from osezia.comptes.models import Utilisateur
from osezia.diagnostic.models import FichierPDF
from osezia.dossiers.models import Dossier, PieceDossier
from osezia.journal.enums import Action
from osezia.journal.models import EvenementJournal
from osezia.journal.services import consigner
from osezia.labels.models import Preuve
from osezia.notifications import selectors as destinataires
from osezia.notifications import services as notifications
from osezia.notifications.enums import Categorie, StatutCourriel
from osezia.notifications.models import Courriel
from osezia.organisations.enums import TypeOrganisation
from osezia.organisations.models import Membre, Organisation
from osezia.projets.models import DocumentProjet
from osezia.rgpd.enums import (
    CONSERVATION_CONNEXIONS,
    CONSERVATION_COURRIELS,
    CONSERVATION_TENTATIVES,
    DELAI_EFFACEMENT,
    INACTIVITE,
    PREAVIS_INACTIVITE,
    CauseSuppression,
    MotifEffacement,
)
from osezia.utils.dates import date_lisible

logger = logging.getLogger(__name__)

# Ce que devient une fiche quand l'effacement est programmé, et ce que l'annulation remet.
RETRAIT = {StatutSolution.PUBLIEE: StatutSolution.ARCHIVEE, StatutSolution.SOUMISE: StatutSolution.BROUILLON}
TYPES_EN_LIBRE_SERVICE = (TypeOrganisation.ENTREPRISE, TypeOrganisation.FOURNISSEUR)


def est_administrateur(utilisateur, organisation):
    return (
        utilisateur.is_authenticated
        and Membre.objects.filter(utilisateur=utilisateur, organisation=organisation, est_administrateur=True).exists()
    )


def peut_gerer_les_donnees(utilisateur, organisation):
    """Export et effacement : un administrateur d'une entreprise ou d'un fournisseur (les structures
    d'accompagnement sont gérées par les pilotes)."""
    return organisation.type in TYPES_EN_LIBRE_SERVICE and est_administrateur(utilisateur, organisation)


def _date(moment):
    return date_lisible(timezone.localtime(moment).date())


# --- Export -------------------------------------------------------------------------------------------------


def exporter(*, organisation, utilisateur):
    """Le zip de toutes les données de l'organisation (rgpd.export), et sa trace au journal."""
    if not peut_gerer_les_donnees(utilisateur, organisation):
        raise PermissionDenied("Seul un administrateur de l'organisation télécharge ses données.")
    from osezia.rgpd import export

    contenu = export.archive(organisation)
    with transaction.atomic():
        consigner(
            acteur=utilisateur,
            action=Action.DONNEES_EXPORTEES,
            organisation=organisation,
            details={"octets": len(contenu)},
        )
    return contenu


# --- Effacement d'une organisation ------------------------------------------------------------------------------


@transaction.atomic
def demander_effacement(*, organisation, utilisateur, motif=MotifEffacement.DEMANDE):
    """Programme l'effacement (rien ne change si c'est déjà fait). Dès maintenant : les conseillers n'ont plus
    accès aux diagnostics (`Consentement.objects.actifs`), les fiches publiées sont archivées et les fiches soumises
    retirées de la modération ; les membres sont prévenus par e-mail (catégorie de sécurité, jamais coupée)."""
    if motif == MotifEffacement.DEMANDE and not peut_gerer_les_donnees(utilisateur, organisation):
        raise PermissionDenied("Seul un administrateur de l'organisation peut demander son effacement.")
    if motif == MotifEffacement.ADMINISTRATION and not (utilisateur and utilisateur.est_pilote):
        raise PermissionDenied("Seul un pilote programme l'effacement d'une organisation.")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.effacement_demande_le is not None:
        return organisation
    statuts = {}
    for solution in organisation.solutions.filter(statut__in=list(RETRAIT)).order_by("pk"):
        statuts[str(solution.pk)] = solution.statut
        _changer_statut_fiche(solution, RETRAIT[solution.statut], auteur=utilisateur, motif="Effacement programmé")
    organisation.effacement_demande_le = timezone.now()
    organisation.effacement_demande_par = utilisateur
    organisation.effacement_motif = motif
    organisation.statuts_avant_effacement = statuts
    organisation.save(
        update_fields=[
            "effacement_demande_le",
            "effacement_demande_par",
            "effacement_motif",
            "statuts_avant_effacement",
            "modifie_le",
        ]
    )
    consigner(
        acteur=utilisateur,
        action=Action.EFFACEMENT_DEMANDE,
        organisation=organisation,
        details={
            "motif": MotifEffacement(motif).label,
            "effacement_le": _date(organisation.efface_le),
            "fiches_retirees": len(statuts),
        },
    )
    notifications.notifier(
        utilisateurs=destinataires.membres(organisation),
        categorie=Categorie.EFFACEMENT_ORGANISATION,
        titre=f"« {organisation.nom} » sera effacée le {_date(organisation.efface_le)}",
        message=(
            "Ses diagnostics, ses projets, ses consentements au partage et ses membres seront effacés, ainsi que "
            "les comptes qui n'appartiennent à aucune autre organisation. Les conseillers n'y ont plus accès et les "
            "fiches publiées sont archivées. Un administrateur de l'organisation peut annuler l'effacement d'ici là."
        ),
        lien=reverse("rgpd:donnees", args=[organisation.pk]),
    )
    return organisation


def _changer_statut_fiche(solution, statut, *, auteur, motif):
    """Hors du circuit de modération (`catalogue.services.changer_statut`), mais tracé comme lui ; `save` réindexe
    la fiche (une fiche archivée quitte la recherche, l'API et les données ouvertes)."""
    avant = solution.statut
    solution.statut = statut
    solution.save(update_fields=["statut", "modifie_le"])
    EvenementModeration.objects.create(
        solution=solution, auteur=auteur, statut_avant=avant, statut_apres=statut, motif=motif
    )


@transaction.atomic
def annuler_effacement(*, organisation, utilisateur):
    """Un administrateur de l'organisation, ou un pilote, annule : les consentements reprennent d'eux-mêmes, les
    fiches retirées par l'effacement retrouvent leur statut (si personne ne les a changées depuis)."""
    if not (utilisateur.est_pilote or peut_gerer_les_donnees(utilisateur, organisation)):
        raise PermissionDenied("Seul un administrateur de l'organisation peut annuler son effacement.")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.effacement_demande_le is None:
        return organisation
    for identifiant, statut in organisation.statuts_avant_effacement.items():
        solution = Solution.objects.filter(pk=identifiant, fournisseur=organisation).first()
        if solution and solution.statut == RETRAIT.get(statut):
            _changer_statut_fiche(solution, statut, auteur=utilisateur, motif="Effacement annulé")
    organisation.effacement_demande_le = None
    organisation.effacement_demande_par = None
    organisation.effacement_motif = ""
    organisation.statuts_avant_effacement = {}
    organisation.save(
        update_fields=[
            "effacement_demande_le",
            "effacement_demande_par",
            "effacement_motif",
            "statuts_avant_effacement",
            "modifie_le",
        ]
    )
    consigner(acteur=utilisateur, action=Action.EFFACEMENT_ANNULE, organisation=organisation)
    notifications.notifier(
        utilisateurs=destinataires.membres(organisation),
        categorie=Categorie.EFFACEMENT_ORGANISATION,
        titre=f"L'effacement de « {organisation.nom} » est annulé",
        message="Rien n'a été effacé : les diagnostics, les partages et les fiches sont comme avant la demande.",
        lien=reverse("comptes:tableau_de_bord"),
    )
    return organisation


def effacer(organisation_id, *, maintenant=None):
    """L'effacement réel d'une organisation dont le délai de grâce est écoulé, en une transaction : diagnostics
    (recommandations, inventaire, rapports PDF), projets (étapes, indicateurs, commentaires, documents), dossiers de financement (pièces, messages, attestations), consentements donnés et reçus, membres, comptes qui n'appartiennent
    à aucune autre organisation (avec leurs notifications et e-mails), la ligne de l'organisation. Les fiches d'un
    fournisseur restent archivées, détachées, avec son nom public dans leur source. Les fichiers PDF sont supprimés
    du stockage une fois la transaction validée. Renvoie False si rien n'était à effacer (idempotent)."""
    maintenant = maintenant or timezone.now()
    with transaction.atomic():
        organisation = Organisation.objects.a_effacer(maintenant).select_for_update().filter(pk=organisation_id).first()
        if organisation is None:
            return False
        fichiers = (
            [
                (FichierPDF, nom)
                for nom in FichierPDF.objects.filter(diagnostic__entreprise=organisation).values_list(
                    "fichier", flat=True
                )
                if nom
            ]
            + [
                (DocumentProjet, nom)
                for nom in DocumentProjet.objects.filter(projet__entreprise=organisation).values_list(
                    "fichier", flat=True
                )
                if nom
            ]
            + [
                (PieceDossier, nom)
                for nom in PieceDossier.objects.filter(dossier__entreprise=organisation).values_list(
                    "fichier", flat=True
                )
                if nom
            ]
            + [
                (Preuve, nom)
                for nom in Preuve.objects.filter(candidature__fournisseur=organisation).values_list(
                    "fichier", flat=True
                )
                if nom
            ]
            + [
                (Dossier, nom)
                for nom in Dossier.objects.filter(entreprise=organisation).values_list("attestation", flat=True)
                if nom
            ]
        )
        source = f"Fiche de « {organisation.nom} », organisation effacée le {_date(maintenant)}"[:255]
        for solution in organisation.solutions.all():
            if solution.statut != StatutSolution.ARCHIVEE:
                _changer_statut_fiche(solution, StatutSolution.ARCHIVEE, auteur=None, motif="Organisation effacée")
            solution.fournisseur = None
            solution.source = source
            solution.save(update_fields=["fournisseur", "source", "modifie_le"])
        comptes = [
            u
            for u in Utilisateur.objects.filter(adhesions__organisation=organisation)
            if not (u.is_staff or u.is_superuser) and not u.adhesions.exclude(organisation=organisation).exists()
        ]
        consigner(
            acteur=None,
            action=Action.EFFACEMENT_EXECUTE,
            organisation=organisation,
            details={
                "diagnostics": organisation.diagnostics.count(),
                "projets": organisation.projets.count(),
                "dossiers": organisation.dossiers.count(),
                "comptes_supprimes": len(comptes),
                "fiches_archivees": organisation.solutions.count(),
            },
        )
        # Le journal garde qui a fait quoi, pas le nom de l'organisation effacée (celui d'un entrepreneur individuel
        # est une donnée personnelle) : son numéro seulement. Mise à jour de masse : `save` refuse toute réécriture.
        EvenementJournal.objects.filter(organisation=organisation).update(
            organisation_libelle=f"Organisation n° {organisation.pk} (effacée)"
        )
        _supprimer_utilisateurs(comptes)
        organisation.delete()  # en cascade : diagnostics, recommandations, inventaire, PDF, consentements, membres

        def supprimer_fichiers():
            for modele, nom in fichiers:
                try:
                    champ = "attestation" if modele is Dossier else "fichier"
                    modele._meta.get_field(champ).storage.delete(nom)
                except OSError:  # noté : un fichier orphelin ne rend pas l'effacement faux
                    logger.exception("Fichier %s non supprimé du stockage", nom)

        transaction.on_commit(supprimer_fichiers)
    return True


def effacer_les_organisations_dues():
    """Travail périodique : chaque organisation dont le délai est écoulé, une transaction chacune."""
    maintenant = timezone.now()
    identifiants = list(Organisation.objects.a_effacer(maintenant).values_list("pk", flat=True))
    return sum(effacer(identifiant, maintenant=maintenant) for identifiant in identifiants)


# --- Comptes ----------------------------------------------------------------------------------------------------


def _supprimer_utilisateurs(utilisateurs):
    """Supprime les comptes et ce qui ne tient qu'à eux : jetons, notifications, désabonnements (en cascade),
    e-mails (envoyés ou en file) et tentatives de connexion, qui gardent l'adresse."""
    if not utilisateurs:
        return
    adresses = [u.email for u in utilisateurs]
    Courriel.objects.filter(Q(utilisateur__in=utilisateurs) | Q(destinataire__in=adresses)).delete()
    for modele in (AccessAttempt, AccessFailureLog, AccessLog):
        modele.objects.filter(username__in=adresses).delete()
    Utilisateur.objects.filter(pk__in=[u.pk for u in utilisateurs]).delete()


@transaction.atomic
def supprimer_compte(*, utilisateur, par, cause, motif=MotifEffacement.DERNIER_MEMBRE):
    """Supprime le compte maintenant ; `par` : qui le fait (la personne, un pilote, None pour la conservation
    limitée), `cause` : pourquoi, noté au journal. Dernier membre d'une organisation : son effacement est programmé (même délai
    de grâce ; un pilote peut l'annuler). Dernier administrateur avec d'autres membres : le plus ancien membre
    devient administrateur (il n'y a pas encore de page pour en nommer un), et il en est prévenu."""
    utilisateur = Utilisateur.objects.select_for_update().get(pk=utilisateur.pk)
    for adhesion in list(utilisateur.adhesions.select_related("organisation")):
        organisation = adhesion.organisation
        autres = organisation.membres.exclude(utilisateur=utilisateur)
        adhesion.delete()
        if not autres.exists():
            demander_effacement(organisation=organisation, utilisateur=None, motif=motif)
        elif adhesion.est_administrateur and not autres.filter(est_administrateur=True).exists():
            suivant = autres.select_related("utilisateur").order_by("cree_le", "pk").first()
            suivant.est_administrateur = True
            suivant.save(update_fields=["est_administrateur"])
            notifications.notifier(
                utilisateurs=[suivant.utilisateur],
                categorie=Categorie.ADMINISTRATEUR_NOMME,
                titre=f"Vous êtes administrateur de « {organisation.nom} »",
                message=(
                    "Le dernier administrateur a supprimé son compte : vous êtes le plus ancien membre. Vous pouvez "
                    "modifier l'organisation, télécharger ses données ou demander son effacement."
                ),
                lien=reverse("rgpd:donnees", args=[organisation.pk]),
            )
    email, prenom = utilisateur.email, utilisateur.first_name
    consigner(
        acteur=par,
        action=Action.COMPTE_SUPPRIME,
        details={
            "compte": f"compte n° {utilisateur.pk}",
            "role": utilisateur.get_role_display(),
            "cause": CauseSuppression(cause).label,
        },
    )
    _supprimer_utilisateurs([utilisateur])
    # Seule trace gardée : cet e-mail, effacé avec les autres au bout de CONSERVATION_COURRIELS.
    notifications.envoyer_courriel(
        destinataire=email,
        categorie=Categorie.SUPPRESSION_COMPTE,
        sujet="Votre compte osezia est supprimé",
        corps=render_to_string(
            "rgpd/emails/compte_supprime.txt",
            {
                "prenom": prenom,
                "email": email,
                "jours": DELAI_EFFACEMENT.days,
                "lien": notifications.url_absolue(reverse("pages:donnees_personnelles")),
            },
        ),
    )


# --- Conservation limitée -------------------------------------------------------------------------------------


def avec_derniere_activite(utilisateurs):
    """`activite` : la dernière connexion ou le dernier usage d'un jeton d'API (à défaut, la création du compte)."""
    return utilisateurs.annotate(
        activite=Greatest(
            Coalesce("last_login", "date_joined"), Coalesce(Max("jetons_api__derniere_utilisation"), "date_joined")
        )
    )


def appliquer_conservation():
    """Travail périodique : un compte inactif depuis INACTIVITE moins PREAVIS_INACTIVITE est averti une fois
    (« votre compte sera supprimé le … sauf si vous vous connectez ») ; PREAVIS_INACTIVITE après l'avertissement,
    toujours inactif, il est supprimé comme par « Supprimer mon compte ». Les comptes de super-utilisateur, ceux de
    l'exploitation technique, ne sont pas concernés. Pilotes et conseillers suivent la même règle."""
    maintenant = timezone.now()
    comptes = avec_derniere_activite(Utilisateur.objects.filter(is_superuser=False))
    # Revenu entre-temps (par un jeton d'API : la connexion efface déjà l'avertissement) : nouvelle période.
    revenus = comptes.filter(inactivite_avertie_le__isnull=False, activite__gt=F("inactivite_avertie_le"))
    remis = Utilisateur.objects.filter(pk__in=list(revenus.values_list("pk", flat=True))).update(
        inactivite_avertie_le=None
    )
    avertis = 0
    a_avertir = comptes.filter(
        inactivite_avertie_le__isnull=True, activite__lt=maintenant - INACTIVITE + PREAVIS_INACTIVITE
    )
    for utilisateur in a_avertir.iterator():
        with transaction.atomic():
            if Utilisateur.objects.filter(pk=utilisateur.pk, inactivite_avertie_le__isnull=True).update(
                inactivite_avertie_le=maintenant
            ):
                _avertir_inactivite(utilisateur, suppression_le=maintenant + PREAVIS_INACTIVITE)
                avertis += 1
    supprimes = 0
    a_supprimer = comptes.filter(
        inactivite_avertie_le__lte=maintenant - PREAVIS_INACTIVITE, activite__lte=F("inactivite_avertie_le")
    )
    for utilisateur in list(a_supprimer):
        supprimer_compte(utilisateur=utilisateur, par=None, cause=CauseSuppression.INACTIVITE)
        supprimes += 1
    return {"avertis": avertis, "supprimés": supprimes, "revenus": remis}


def _avertir_inactivite(utilisateur, *, suppression_le):
    contexte = {
        "utilisateur": utilisateur,
        "date": _date(suppression_le),
        "lien": notifications.url_absolue(reverse("comptes:connexion")),
        "annees": INACTIVITE.days // 365,
    }
    notifications.envoyer_courriel(
        destinataire=utilisateur.email,
        categorie=Categorie.SUPPRESSION_COMPTE,
        sujet=f"Votre compte osezia sera supprimé le {contexte['date']}",
        corps=render_to_string("rgpd/emails/avertissement_inactivite.txt", contexte),
        utilisateur=utilisateur,
    )


def purger_courriels():
    """Travail périodique : les e-mails envoyés ou abandonnés depuis plus de CONSERVATION_COURRIELS."""
    limite = timezone.now() - CONSERVATION_COURRIELS
    anciens = Courriel.objects.filter(
        Q(statut=StatutCourriel.ENVOYE, envoye_le__lt=limite) | Q(statut=StatutCourriel.ABANDONNE, cree_le__lt=limite)
    )
    return anciens.delete()[0]


def purger_connexions():
    """Travail périodique : tentatives et échecs de connexion après 30 jours, journal des connexions après un an."""
    maintenant = timezone.now()
    nombre = AccessAttempt.objects.filter(attempt_time__lt=maintenant - CONSERVATION_TENTATIVES).delete()[0]
    nombre += AccessFailureLog.objects.filter(attempt_time__lt=maintenant - CONSERVATION_TENTATIVES).delete()[0]
    nombre += AccessLog.objects.filter(attempt_time__lt=maintenant - CONSERVATION_CONNEXIONS).delete()[0]
    return nombre
