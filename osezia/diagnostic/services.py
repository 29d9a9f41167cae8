"""Écritures du diagnostic : démarrer, enregistrer le profil et les réponses, terminer (scores et recommandations),
et le travail du conseiller (prise en charge, inventaire, ajustements motivés, validation)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from osezia.cas_usage.models import CasUsage
from osezia.comptes.enums import Role
from osezia.diagnostic import questionnaire as q
from osezia.diagnostic.enums import Horizon, StatutDiagnostic
from osezia.diagnostic.models import Diagnostic, ElementInventaire, Recommandation
from osezia.journal import services as journal
from osezia.journal.enums import Action
from osezia.notifications import selectors as destinataires
from osezia.notifications import services as notifications
from osezia.notifications.enums import Categorie
from osezia.organisations.enums import TypeOrganisation
from osezia.organisations.models import Consentement, Membre, Organisation
from osezia.recommandation.moteur import Profil
from osezia.recommandation.services import recommander

NOMBRE_RECOMMANDATIONS = 8


class BrouillonEnCours(ValidationError):
    """Une entreprise n'a qu'un diagnostic en cours de saisie à la fois : le site y renvoie, l'API répond 409."""

    def __init__(self, brouillon):
        self.brouillon = brouillon
        super().__init__(
            "Un diagnostic est déjà en cours de saisie pour cette entreprise (n° %(numero)s) : complétez-le avant "
            "d'en commencer un autre.",
            code="brouillon_en_cours",
            params={"numero": brouillon.numero},
        )


def copier_profil(diagnostic, organisation):
    """Fige dans le diagnostic le profil actuel de l'entreprise (le rapport reste vrai pour sa date)."""
    diagnostic.naf_id = organisation.naf_id
    diagnostic.region_id = organisation.region_id
    diagnostic.effectif = organisation.effectif
    diagnostic.chiffre_affaires = organisation.chiffre_affaires
    diagnostic.categorie_taille = organisation.categorie_taille


def peut_modifier(utilisateur, diagnostic):
    """Les membres de l'entreprise tant que le diagnostic n'est pas validé ; le conseiller qui l'a pris en charge ;
    un pilote."""
    if not utilisateur.is_authenticated:
        return False
    if utilisateur.est_pilote:
        return True
    if diagnostic.statut == StatutDiagnostic.VALIDE:
        return False
    if utilisateur.est_conseiller:
        return diagnostic.conseiller_id == utilisateur.pk and est_dans_le_portefeuille(
            utilisateur, diagnostic.entreprise
        )
    return diagnostic.entreprise.membres.filter(utilisateur=utilisateur).exists()


def est_dans_le_portefeuille(conseiller, entreprise):
    structures = conseiller.adhesions.filter(organisation__type=TypeOrganisation.STRUCTURE).values("organisation")
    return Consentement.objects.actifs().filter(entreprise=entreprise, structure__in=structures).exists()


def _exiger(condition, message="Vous ne pouvez pas modifier ce diagnostic."):
    if not condition:
        raise PermissionDenied(message)


def profil_moteur(diagnostic):
    return Profil(
        identifiant=str(diagnostic.pk),
        naf=diagnostic.naf_id or "",
        effectif=diagnostic.effectif,
        chiffre_affaires=diagnostic.chiffre_affaires,
        region=diagnostic.region_id or "",
        description=diagnostic.description,
        besoins=diagnostic.besoins,
        maturite={k: v for k, v in diagnostic.scores.items() if v is not None},
        categorie="" if diagnostic.categorie_taille == "inconnue" else diagnostic.categorie_taille,
    )


@transaction.atomic
def demarrer(*, utilisateur, entreprise):
    """Un nouveau diagnostic (T0, puis T1…) pour l'entreprise, avec son profil actuel ; BrouillonEnCours si elle en a
    déjà un en cours de saisie (vérifié sous le verrou de l'entreprise : deux demandes simultanées n'en créent qu'un)."""
    if utilisateur.est_conseiller:
        _exiger(
            est_dans_le_portefeuille(utilisateur, entreprise), "Cette entreprise n'est pas dans votre portefeuille."
        )
    elif not utilisateur.est_pilote:
        _exiger(entreprise.membres.filter(utilisateur=utilisateur).exists())
    if entreprise.type != TypeOrganisation.ENTREPRISE:
        raise ValidationError("Un diagnostic se fait pour une entreprise.")
    entreprise = Organisation.objects.select_for_update().get(pk=entreprise.pk)
    brouillon = Diagnostic.objects.brouillon_de(entreprise)
    if brouillon is not None:
        raise BrouillonEnCours(brouillon)
    dernier = entreprise.diagnostics.aggregate(n=Max("numero"))["n"]
    precedent = entreprise.diagnostics.order_by("-numero").first()
    diagnostic = Diagnostic(
        entreprise=entreprise,
        numero=0 if dernier is None else dernier + 1,
        cree_par=utilisateur,
        conseiller=utilisateur if utilisateur.est_conseiller else None,
        questionnaire_version=q.questionnaire().version,
        description=precedent.description if precedent else "",
        besoins="",
    )
    copier_profil(diagnostic, entreprise)
    diagnostic.full_clean()
    diagnostic.save()
    return diagnostic


@transaction.atomic
def enregistrer_profil(*, diagnostic, utilisateur, organisation, description, besoins):
    """Enregistre l'étape « profil » : l'organisation (déjà validée par son formulaire) et les deux textes libres."""
    _exiger(peut_modifier(utilisateur, diagnostic))
    organisation.full_clean(exclude=["slug"])
    organisation.save()
    copier_profil(diagnostic, organisation)
    diagnostic.description = description
    diagnostic.besoins = besoins
    diagnostic.etape = max(diagnostic.etape, 1)
    diagnostic.full_clean()
    diagnostic.save()
    if diagnostic.est_termine:
        calculer_recommandations(diagnostic)
    return diagnostic


@transaction.atomic
def enregistrer_reponses(*, diagnostic, utilisateur, reponses, etape_suivante=None):
    """Ajoute les réponses valides d'une étape (rien de ce qui était déjà répondu n'est perdu)."""
    _exiger(peut_modifier(utilisateur, diagnostic))
    diagnostic = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
    diagnostic.reponses = {**diagnostic.reponses, **reponses}
    diagnostic.scores = q.scores(diagnostic.reponses)
    diagnostic.score_global = q.score_global(diagnostic.scores)
    if etape_suivante is not None:
        diagnostic.etape = max(diagnostic.etape, etape_suivante)
    diagnostic.save(update_fields=["reponses", "scores", "score_global", "etape", "modifie_le"])
    return diagnostic


def questions_sans_reponse(diagnostic):
    return [cle for cle in q.questionnaire().questions if cle not in diagnostic.reponses]


@transaction.atomic
def terminer(*, diagnostic, utilisateur):
    """Calcule scores et recommandations quand tout est répondu ; le rapport devient disponible."""
    _exiger(peut_modifier(utilisateur, diagnostic))
    manquantes = questions_sans_reponse(diagnostic)
    if manquantes:
        raise ValidationError(
            "%(n)s question(s) sans réponse. Répondez « Je ne sais pas » si besoin.", params={"n": len(manquantes)}
        )
    if not (diagnostic.description.strip() or diagnostic.besoins.strip()) and not diagnostic.naf_id:
        raise ValidationError("Décrivez votre activité ou indiquez votre code NAF pour obtenir des recommandations.")
    diagnostic.scores = q.scores(diagnostic.reponses)
    diagnostic.score_global = q.score_global(diagnostic.scores)
    if diagnostic.statut == StatutDiagnostic.BROUILLON:
        diagnostic.statut = StatutDiagnostic.EN_COURS
        diagnostic.termine_le = timezone.now()
    diagnostic.save()
    calculer_recommandations(diagnostic)
    return diagnostic


def calculer_recommandations(diagnostic):
    """Remplace les recommandations calculées ; un ajustement de conseiller sur un cas d'usage encore recommandé
    est conservé (avec son motif)."""
    resultats = recommander(profil_moteur(diagnostic), top=NOMBRE_RECOMMANDATIONS)
    anciennes = {r.cas_usage.slug: r for r in diagnostic.recommandations.select_related("cas_usage")}
    cas = CasUsage.objects.in_bulk([r.cas_usage for r in resultats], field_name="slug")
    gardees = []
    for rang, resultat in enumerate(resultats, 1):
        recommandation = anciennes.pop(resultat.cas_usage, None) or Recommandation(diagnostic=diagnostic)
        recommandation.cas_usage = cas[resultat.cas_usage]
        recommandation.rang_auto = rang
        recommandation.score = resultat.score
        recommandation.valeur = resultat.valeur
        recommandation.faisabilite = resultat.faisabilite
        recommandation.raisons = [raison.en_dict() for raison in resultat.raisons]
        recommandation.horizon_auto = resultat.horizon
        recommandation.save()
        gardees.append(recommandation)
    for ancienne in anciennes.values():
        if not ancienne.est_ajustee:
            ancienne.delete()
    return gardees


# --- Conseiller ----------------------------------------------------------------------------------------------


@transaction.atomic
def prendre_en_charge(*, diagnostic, conseiller):
    _exiger(conseiller.est_conseiller, "Seul un conseiller prend en charge un diagnostic.")
    _exiger(
        est_dans_le_portefeuille(conseiller, diagnostic.entreprise),
        "Cette entreprise n'est pas dans votre portefeuille.",
    )
    if diagnostic.statut == StatutDiagnostic.VALIDE:
        raise ValidationError("Ce diagnostic est déjà validé : démarrez-en un nouveau pour mesurer l'évolution.")
    deja = diagnostic.conseiller_id == conseiller.pk
    precedent = diagnostic.conseiller
    diagnostic.conseiller = conseiller
    diagnostic.save(update_fields=["conseiller", "modifie_le"])
    if not deja:
        journal.consigner(
            acteur=conseiller,
            action=Action.DIAGNOSTIC_PRIS_EN_CHARGE,
            organisation=diagnostic.entreprise,
            objet=diagnostic,
            details={"conseiller_precedent": journal.libelle_acteur(precedent)} if precedent else None,
        )
        notifications.notifier(
            utilisateurs=destinataires.membres(diagnostic.entreprise),
            categorie=Categorie.DIAGNOSTIC_PRIS_EN_CHARGE,
            titre=f"{conseiller.nom_affiche} prend en charge votre diagnostic",
            message="Votre conseiller relit vos réponses et peut ajuster vos priorités ; vous serez prévenu·e de la validation.",
            lien=reverse("diagnostic:rapport", args=[diagnostic.pk]),
        )
    return diagnostic


def _exiger_conseiller(diagnostic, conseiller):
    _exiger(
        conseiller.est_pilote
        or (diagnostic.conseiller_id == conseiller.pk and est_dans_le_portefeuille(conseiller, diagnostic.entreprise)),
        "Prenez d'abord ce diagnostic en charge.",
    )
    if diagnostic.statut == StatutDiagnostic.VALIDE:
        raise ValidationError("Ce diagnostic est validé : il ne se modifie plus.")


@transaction.atomic
def ajouter_inventaire(*, diagnostic, conseiller, categorie, libelle, detail=""):
    _exiger_conseiller(diagnostic, conseiller)
    element = ElementInventaire(
        diagnostic=diagnostic, categorie=categorie, libelle=libelle.strip(), detail=detail.strip()
    )
    element.full_clean()
    element.save()
    return element


@transaction.atomic
def retirer_inventaire(*, element, conseiller):
    _exiger_conseiller(element.diagnostic, conseiller)
    element.delete()


@transaction.atomic
def ajuster(*, recommandation, conseiller, rang=None, horizon="", retenue=True, motif):
    """Un conseiller change le rang, l'horizon ou retire une recommandation : la raison est obligatoire et gardée."""
    _exiger_conseiller(recommandation.diagnostic, conseiller)
    if not (motif or "").strip():
        raise ValidationError({"motif": "Indiquez pourquoi vous modifiez cette priorité : l'entreprise la lira."})
    if horizon and horizon not in Horizon.values:
        raise ValidationError({"horizon": "Horizon inconnu."})
    if rang is not None and not 1 <= rang <= 99:
        raise ValidationError({"rang": "Le rang va de 1 à 99."})
    recommandation.rang_conseiller = rang
    recommandation.horizon_conseiller = horizon
    recommandation.retenue = retenue
    recommandation.motif_ajustement = motif.strip()
    recommandation.ajuste_par = conseiller
    recommandation.ajuste_le = timezone.now()
    recommandation.save()
    return recommandation


@transaction.atomic
def enregistrer_synthese(*, diagnostic, conseiller, synthese):
    _exiger_conseiller(diagnostic, conseiller)
    diagnostic.synthese_conseiller = synthese.strip()
    diagnostic.full_clean()
    diagnostic.save(update_fields=["synthese_conseiller", "modifie_le"])


@transaction.atomic
def valider(*, diagnostic, conseiller):
    _exiger_conseiller(diagnostic, conseiller)
    if diagnostic.statut == StatutDiagnostic.BROUILLON:
        raise ValidationError("Le questionnaire n'est pas terminé : le livrable ne peut pas encore être validé.")
    diagnostic.statut = StatutDiagnostic.VALIDE
    diagnostic.valide_le = timezone.now()
    diagnostic.valide_par = conseiller
    diagnostic.save(update_fields=["statut", "valide_le", "valide_par", "modifie_le"])
    journal.consigner(
        acteur=conseiller, action=Action.DIAGNOSTIC_VALIDE, organisation=diagnostic.entreprise, objet=diagnostic
    )
    notifications.notifier(
        utilisateurs=destinataires.membres(diagnostic.entreprise),
        categorie=Categorie.DIAGNOSTIC_VALIDE,
        titre=f"{conseiller.nom_affiche} a validé votre diagnostic",
        message="Votre feuille de route est définitive : elle est prête à être téléchargée et partagée.",
        lien=reverse("diagnostic:rapport", args=[diagnostic.pk]),
    )
    return diagnostic


# --- Consentement -------------------------------------------------------------------------------------------


@transaction.atomic
def partager(*, entreprise, structure, utilisateur):
    _exiger(
        entreprise.membres.filter(utilisateur=utilisateur).exists(),
        "Seuls les membres de l'entreprise décident du partage.",
    )
    if structure.type != TypeOrganisation.STRUCTURE:
        raise ValidationError("Choisissez une structure d'accompagnement.")
    if entreprise.effacement_demande_le is not None:
        raise ValidationError("L'effacement de l'entreprise est programmé : annulez-le pour partager.")
    consentement, cree = Consentement.objects.get_or_create(
        entreprise=entreprise, structure=structure, retire_le=None, defaults={"accorde_par": utilisateur}
    )
    if cree:
        journal.consigner(
            acteur=utilisateur,
            action=Action.CONSENTEMENT_DONNE,
            organisation=entreprise,
            objet=consentement,
            details={"structure": structure.nom},
        )
        notifications.notifier(
            utilisateurs=destinataires.membres(structure, role=Role.CONSEILLER),
            categorie=Categorie.DIAGNOSTIC_PARTAGE,
            titre=f"{entreprise.nom} partage ses diagnostics avec {structure.nom}",
            message="L'entreprise entre dans le portefeuille de votre structure : vous pouvez prendre en charge son diagnostic.",
            lien=reverse("conseiller:portefeuille"),
        )
    return consentement


@transaction.atomic
def retirer_partage(*, consentement, utilisateur):
    _exiger(consentement.entreprise.membres.filter(utilisateur=utilisateur).exists())
    if consentement.retire_le is not None:
        return  # déjà retiré : la date du retrait reste la première
    consentement.retire_le = timezone.now()
    consentement.save(update_fields=["retire_le"])
    journal.consigner(
        acteur=utilisateur,
        action=Action.CONSENTEMENT_RETIRE,
        organisation=consentement.entreprise,
        objet=consentement,
        details={"structure": consentement.structure.nom},
    )


def rattacher_conseiller(*, utilisateur, structure):
    """Utilisé par un pilote (administration) : un conseiller devient membre d'une structure."""
    return Membre.objects.get_or_create(utilisateur=utilisateur, organisation=structure)[0]
