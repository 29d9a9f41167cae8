"""Écritures des labels : candidature, preuves, dépôt, décision motivée critère par critère, changements de statut
d'un label et échéances (tâche périodique). Les droits viennent de `droits.py`, les transitions de `transitions.py` ;
chaque écriture est tout ou rien (`transaction.atomic`) et une écriture concurrente ne s'applique jamais deux fois."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from osezia.comptes.enums import Role
from osezia.journal.enums import Action
from osezia.journal.services import consigner
from osezia.labels import droits, transitions
from osezia.labels.enums import AVERTISSEMENT_JOURS, Acteur, StatutCandidature, StatutLabel
from osezia.labels.models import (
    Candidature,
    ChangementStatutLabel,
    DecisionCritere,
    Delegation,
    Label,
    Preuve,
    RegimeLabel,
)
from osezia.notifications import services as notifications
from osezia.notifications.enums import Categorie
from osezia.organisations.enums import TypeOrganisation
from osezia.projets import documents
from osezia.utils import dates


class TransitionRefusee(ValidationError):
    """Un changement qui ne se fait pas : interdit par la table, déjà fait par quelqu'un d'autre, motif manquant."""


def _exiger(condition, message):
    if not condition:
        raise PermissionDenied(message)


def _membres_du_fournisseur(fournisseur_id):
    from osezia.comptes.models import Utilisateur

    return list(Utilisateur.objects.filter(adhesions__organisation_id=fournisseur_id, is_active=True).distinct())


def _evaluateurs(regime):
    """Les pilotes et les conseillers des structures à qui l'évaluation du régime est déléguée."""
    from osezia.comptes.models import Utilisateur

    structures = Delegation.objects.en_cours().filter(regime=regime).values("structure")
    return list(
        Utilisateur.objects.filter(is_active=True)
        .filter(Q(role=Role.PILOTE) | Q(role=Role.CONSEILLER, adhesions__organisation__in=structures))
        .distinct()
    )


def _solutions_du_fournisseur(fournisseur, solutions):
    solutions = list(solutions)
    if not solutions:
        raise ValidationError({"solutions": "Choisissez au moins une de vos solutions : le label dit ce qu'il couvre."})
    if any(s.fournisseur_id != fournisseur.pk for s in solutions):
        raise ValidationError({"solutions": "Un label ne couvre que des solutions de votre organisation."})
    return solutions


@transaction.atomic
def creer_candidature(*, utilisateur, fournisseur, regime, solutions, est_demo=False):
    _exiger(
        fournisseur.type == TypeOrganisation.FOURNISSEUR and droits.est_membre(utilisateur, fournisseur.pk),
        "Seuls les membres d'un fournisseur demandent un label pour lui.",
    )
    solutions = _solutions_du_fournisseur(fournisseur, solutions)
    en_cours = Candidature.objects.filter(
        fournisseur=fournisseur,
        regime=regime,
        statut__in=[StatutCandidature.BROUILLON, StatutCandidature.DEPOSEE],
    )
    if en_cours.exists():
        raise ValidationError({"regime": f"Une candidature à « {regime.nom} » est déjà en cours : complétez-la."})
    candidature = Candidature(fournisseur=fournisseur, regime=regime, cree_par=utilisateur, est_demo=est_demo)
    candidature.full_clean()
    candidature.save()
    candidature.solutions.set(solutions)
    return candidature


@transaction.atomic
def modifier_portee(*, candidature, utilisateur, solutions):
    _exiger(droits.peut_modifier(utilisateur, candidature), "Cette candidature ne se modifie plus : elle est déposée.")
    candidature.solutions.set(_solutions_du_fournisseur(candidature.fournisseur, solutions))
    return candidature


def _formats(critere):
    return [f for t in critere["types"] for f in documents.FORMATS if f".{t}" in f.extensions]


def libelles_formats(critere):
    """« PDF, image PNG, image JPEG » : les formats qu'accepte un critère, comme les messages les nomment."""
    return ", ".join(dict.fromkeys(f.libelle for f in _formats(critere)))


def verifier_preuve(critere, fichier):
    """Le Format du fichier : reconnu à ses premiers octets (projets.documents), puis accepté par ce critère."""
    try:
        format_ = documents.verifier(fichier)
    except ValidationError as erreur:
        raise ValidationError({"fichier": erreur.messages})
    acceptes = _formats(critere)
    if format_ not in acceptes:
        libelles = libelles_formats(critere)
        raise ValidationError(
            {
                "fichier": f"« {critere['nom']} » se prouve par un fichier {libelles} ; celui-ci est au format {format_.libelle}."
            }
        )
    if fichier.size > critere["taille_max_mo"] * 1024 * 1024:
        poids = f"{fichier.size / 1024 / 1024:.1f}".replace(".", ",")
        raise ValidationError(
            {
                "fichier": f"Ce fichier pèse {poids} Mo : « {critere['nom']} » en accepte {critere['taille_max_mo']} au plus."
            }
        )
    return format_


@transaction.atomic
def deposer_preuve(*, candidature, utilisateur, critere, fichier):
    """Joint la preuve d'un critère ; une preuve déjà jointe pour ce critère est remplacée."""
    _exiger(
        droits.peut_modifier(utilisateur, candidature),
        "Seuls les membres du fournisseur joignent des preuves, tant que la candidature n'est pas déposée.",
    )
    definition = candidature.regime.critere(critere or "")
    if definition is None:
        raise ValidationError({"critere": f"Critère inconnu pour ce label : « {critere} »."})
    format_ = verifier_preuve(definition, fichier)
    preuve = Preuve(
        candidature=candidature,
        critere=definition["code"],
        nom=(fichier.name or "preuve")[-200:],
        type_contenu=format_.type_contenu,
        taille=fichier.size,
        depose_par=utilisateur,
    )
    preuve.full_clean(exclude=["fichier"], validate_constraints=False)
    ancienne = candidature.preuves.filter(critere=definition["code"]).first()
    preuve.fichier.save(fichier.name, fichier, save=False)
    try:
        if ancienne is not None:
            nom = ancienne.fichier.name
            ancienne.delete()
            transaction.on_commit(lambda: preuve.fichier.storage.delete(nom))
        preuve.save()
    except Exception:
        # Le fichier est écrit avant la ligne : si l'enregistrement échoue, rien ne reste sur le disque.
        preuve.fichier.delete(save=False)
        raise
    return preuve


def preuves_manquantes(candidature):
    jointes = set(candidature.preuves.values_list("critere", flat=True))
    return [c for c in candidature.regime.criteres if c["obligatoire"] and c["code"] not in jointes]


@transaction.atomic
def deposer(*, candidature, utilisateur):
    """Dépose la candidature complète : les évaluateurs du régime en sont prévenus."""
    _exiger(
        droits.peut_modifier(utilisateur, candidature), "Seul un brouillon se dépose, par un membre du fournisseur."
    )
    if manquantes := preuves_manquantes(candidature):
        raise TransitionRefusee({"preuves": [f"Preuve obligatoire manquante : {c['nom']}." for c in manquantes]})
    maintenant = timezone.now()
    if not Candidature.objects.filter(pk=candidature.pk, statut=StatutCandidature.BROUILLON).update(
        statut=StatutCandidature.DEPOSEE, deposee_le=maintenant
    ):
        raise TransitionRefusee("Cette candidature vient d'être déposée : rechargez la page.")
    candidature.refresh_from_db()
    notifications.notifier(
        utilisateurs=[
            u for u in _evaluateurs(candidature.regime) if not droits.est_membre(u, candidature.fournisseur_id)
        ],
        categorie=Categorie.LABEL_CANDIDATURE,
        titre=f"Candidature à évaluer : « {candidature.regime.nom} »"[:200],
        message=f"{candidature.fournisseur.nom} a déposé sa candidature et ses preuves.",
        lien=reverse("labels:decision", args=[candidature.pk]),
    )
    return candidature


@transaction.atomic
def decider(*, candidature, par, avis):
    """La décision : `avis` = {code du critère: {"satisfait": bool, "motivation": texte}}, un avis motivé par critère.
    Le label est accordé quand tous les critères obligatoires sont satisfaits ; il couvre les solutions demandées."""
    _exiger(
        droits.evalue(par, candidature.regime_id, candidature.fournisseur_id), "Vous n'évaluez pas cette candidature."
    )
    if candidature.statut != StatutCandidature.DEPOSEE:
        raise TransitionRefusee(
            f"Cette candidature est « {candidature.get_statut_display()} » : elle ne se décide plus."
        )
    erreurs, lignes = {}, []
    for critere in candidature.regime.criteres:
        code = critere["code"]
        donne = avis.get(code) if isinstance(avis, dict) else None
        donne = donne if isinstance(donne, dict) else {}
        motivation = donne.get("motivation")
        motivation = motivation.strip() if isinstance(motivation, str) else ""
        if not isinstance(donne.get("satisfait"), bool):
            erreurs[f"satisfait_{code}"] = f"« {critere['nom']} » : dites si le critère est satisfait."
        if not motivation:
            erreurs[f"motivation_{code}"] = f"« {critere['nom']} » : motivez votre avis (le fournisseur le lira)."
        elif len(motivation) > 3000:
            erreurs[f"motivation_{code}"] = f"« {critere['nom']} » : 3 000 caractères au plus."
        lignes.append((critere, donne.get("satisfait"), motivation))
    if inconnus := sorted(map(str, set(avis or {}) - {c["code"] for c in candidature.regime.criteres})):
        erreurs["avis"] = f"Critère(s) inconnu(s) pour ce label : {', '.join(map(str, inconnus))}."
    if erreurs:
        raise ValidationError(erreurs)
    accorde = all(satisfait for critere, satisfait, _ in lignes if critere["obligatoire"])
    maintenant = timezone.now()
    statut = StatutCandidature.ACCORDEE if accorde else StatutCandidature.REFUSEE
    if not Candidature.objects.filter(pk=candidature.pk, statut=StatutCandidature.DEPOSEE).update(
        statut=statut, decidee_le=maintenant, decidee_par=par
    ):
        raise TransitionRefusee("Cette candidature vient d'être décidée par quelqu'un d'autre : rechargez la page.")
    DecisionCritere.objects.bulk_create(
        [
            DecisionCritere(
                candidature=candidature, critere=c["code"], satisfait=s, motivation=m, par=par, le=maintenant
            )
            for c, s, m in lignes
        ]
    )
    candidature.refresh_from_db()
    label = None
    if accorde:
        aujourdhui = dates.aujourdhui()
        label = Label(
            candidature=candidature,
            regime=candidature.regime,
            fournisseur=candidature.fournisseur,
            delivre_le=aujourdhui,
            expire_le=dates.ajouter_mois(aujourdhui, candidature.regime.validite_mois),
            est_demo=candidature.est_demo or candidature.regime.est_demo,
        )
        label.full_clean()
        label.save()
        label.solutions.set(candidature.solutions.all())
        ChangementStatutLabel.objects.create(
            label=label, de="", vers=StatutLabel.VALIDE, par=par, motif="Label accordé.", le=maintenant
        )
    consigner(
        acteur=par,
        action=Action.LABEL_DECIDE,
        organisation=candidature.fournisseur,
        objet=candidature,
        details={
            "label": candidature.regime.nom,
            "decision": statut.label,
            "avis": " ; ".join(f"{c['nom']} : {'satisfait' if s else 'non satisfait'} ({m})" for c, s, m in lignes),
        },
    )
    notifications.notifier(
        utilisateurs=_membres_du_fournisseur(candidature.fournisseur_id),
        categorie=Categorie.LABEL_DECISION,
        titre=f"« {candidature.regime.nom} » : {statut.label.lower()}"[:200],
        message="Lisez l'avis motivé sur chaque critère dans votre espace, rubrique Labels.",
        lien=reverse("labels:candidature", args=[candidature.pk]),
    )
    return label


@transaction.atomic
def changer_statut(*, label, vers, par, motif):
    """Fait passer le label au statut `vers` si la table le permet ; `par=None` : la plateforme (expiration)."""
    if vers not in StatutLabel.values:
        raise TransitionRefusee({"vers": f"Statut inconnu : « {vers} »."})
    vers = StatutLabel(vers)
    label = Label.objects.select_for_update().select_related("regime", "fournisseur").get(pk=label.pk)
    de = StatutLabel(label.statut)
    qui = Acteur.PLATEFORME if par is None else droits.acteur_label(par, label)
    autorises = transitions.acteurs(de, vers)
    if not autorises:
        raise TransitionRefusee({"vers": f"Un label « {de.label} » ne passe pas au statut « {vers.label} »."})
    if qui not in autorises:
        if qui is None:
            raise PermissionDenied("Vous n'évaluez pas ce label.")
        raise PermissionDenied(
            "L'expiration se fait seule, à l'échéance."
            if qui == Acteur.EVALUATEUR
            else "Ce changement revient à un évaluateur."
        )
    motif = (motif or "").strip() if isinstance(motif, str) else ""
    if not motif:
        raise TransitionRefusee({"motif": "Motivez ce changement : le fournisseur et le registre public le liront."})
    label.statut = vers
    label.save(update_fields=["statut"])  # le signal post_save réindexe les solutions couvertes
    changement = ChangementStatutLabel(label=label, de=de, vers=vers, par=par, motif=motif)
    changement.full_clean()
    changement.save()
    consigner(
        acteur=par,
        action=Action.LABEL_STATUT,
        organisation=label.fournisseur,
        objet=label,
        details={"label": label.regime.nom, "de": de.label, "vers": vers.label, "motif": motif},
    )
    notifications.notifier(
        utilisateurs=_membres_du_fournisseur(label.fournisseur_id),
        categorie=Categorie.LABEL_STATUT,
        titre=f"Votre label « {label.regime.nom} » est {vers.label.lower()}"[:200],
        message=motif[:300],
        lien=reverse("labels:mes_labels"),
    )
    return changement


def traiter_echeances():
    """Tâche périodique (idempotente) : marque expirés les labels dont l'échéance est passée et avertit, une seule
    fois, le fournisseur d'un label valide qui expire dans 60 jours ou moins."""
    aujourdhui = dates.aujourdhui()
    expires = 0
    a_expirer = Label.objects.filter(
        statut__in=[StatutLabel.VALIDE, StatutLabel.SUSPENDU], expire_le__lte=aujourdhui
    ).values_list("pk", flat=True)
    for pk in list(a_expirer[:500]):
        try:
            changer_statut(
                label=Label(pk=pk),
                vers=StatutLabel.EXPIRE,
                par=None,
                motif="Échéance atteinte : le label est expiré ; une nouvelle candidature le renouvelle.",
            )
        except TransitionRefusee:  # retiré ou expiré entre-temps par un autre passage : rien à faire
            continue
        expires += 1
    avertis = 0
    limite = aujourdhui + datetime.timedelta(days=AVERTISSEMENT_JOURS)
    a_avertir = Label.objects.filter(
        statut=StatutLabel.VALIDE, averti_le__isnull=True, expire_le__gt=aujourdhui, expire_le__lte=limite
    ).select_related("regime")
    for label in list(a_avertir[:500]):
        with transaction.atomic():
            # La mise à jour conditionnelle garde l'avertissement unique, même si deux passages se croisent.
            if not Label.objects.filter(pk=label.pk, averti_le__isnull=True).update(averti_le=timezone.now()):
                continue
            notifications.notifier(
                utilisateurs=_membres_du_fournisseur(label.fournisseur_id),
                categorie=Categorie.LABEL_ECHEANCE,
                titre=f"Votre label « {label.regime.nom} » expire le {dates.date_lisible(label.expire_le)}"[:200],
                message=(
                    "Pour qu'il reste au registre sans interruption, déposez dès maintenant une nouvelle candidature "
                    "avec vos preuves à jour."
                ),
                lien=reverse("labels:mes_labels"),
            )
            avertis += 1
    return {"expires": expires, "avertis": avertis}


@transaction.atomic
def deleguer(*, pilote, regime, structure, debut=None, fin=None):
    """Un pilote confie l'évaluation d'un régime à une structure d'accompagnement, du `debut` (aujourd'hui par défaut)
    à la `fin` comprise (sans fin : jusqu'à révocation). Deux délégations du même régime à la même structure ne se
    chevauchent pas."""
    _exiger(droits.gere_delegations(pilote), "Seul un pilote délègue l'évaluation d'un label.")
    if structure is None or structure.type != TypeOrganisation.STRUCTURE:
        raise ValidationError({"structure": "L'évaluation se délègue à une structure d'accompagnement."})
    aujourdhui = dates.aujourdhui()
    debut = debut or aujourdhui
    if debut < aujourdhui:
        raise ValidationError(
            {"debut": "Une délégation commence aujourd'hui au plus tôt : elle ne vaut pas pour le passé."}
        )
    if fin is not None and fin < debut:
        raise ValidationError({"fin": "La fin de la délégation suit son début."})
    # Le régime verrouillé : deux pilotes qui délèguent en même temps ne créent pas deux délégations qui se chevauchent.
    RegimeLabel.objects.select_for_update().filter(pk=regime.pk).first()
    chevauchement = Delegation.objects.filter(regime=regime, structure=structure, revoquee_le__isnull=True).filter(
        Q(fin__isnull=True) | Q(fin__gte=debut)
    )
    if fin is not None:
        chevauchement = chevauchement.filter(debut__lte=fin)
    if existante := chevauchement.order_by("debut").first():
        periode = f"depuis le {dates.date_lisible(existante.debut)}"
        if existante.fin:
            periode = f"du {dates.date_lisible(existante.debut)} au {dates.date_lisible(existante.fin)}"
        raise ValidationError(
            {
                "structure": f"{structure.nom} évalue déjà « {regime.nom} » {periode} : révoquez d'abord cette délégation."
            }
        )
    delegation = Delegation(regime=regime, structure=structure, accordee_par=pilote, debut=debut, fin=fin)
    delegation.full_clean()
    delegation.save()
    return delegation


@transaction.atomic
def revoquer_delegation(*, pilote, delegation, motif):
    """Un pilote retire la délégation, datée et motivée ; ses conseillers n'évaluent plus ce régime dès maintenant."""
    _exiger(droits.gere_delegations(pilote), "Seul un pilote révoque une délégation.")
    motif = motif.strip() if isinstance(motif, str) else ""
    if not motif:
        raise ValidationError({"motif": "Motivez la révocation : la structure et les autres pilotes la liront."})
    if len(motif) > 3000:
        raise ValidationError({"motif": "3 000 caractères au plus."})
    if delegation.fin is not None and delegation.fin < dates.aujourdhui():
        raise TransitionRefusee(
            f"Cette délégation a pris fin le {dates.date_lisible(delegation.fin)} : rien à révoquer."
        )
    maintenant = timezone.now()
    if not Delegation.objects.filter(pk=delegation.pk, revoquee_le__isnull=True).update(
        revoquee_le=maintenant, revoquee_par=pilote, motif_revocation=motif
    ):
        raise TransitionRefusee("Cette délégation est déjà révoquée : rechargez la page.")
    delegation.refresh_from_db()
    return delegation
