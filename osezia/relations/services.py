"""Écritures des besoins et des mises en relation : fonctions à arguments nommés, chacune tout ou rien.

Rien ne part sans le consentement de l'entreprise (daté, avec son auteur, au journal). Le besoin part par lots
(réglages OSEZIA["RELATIONS_…"]) ; chaque changement de statut passe par `changer_statut`, qui lit
`transitions.TRANSITIONS` et garde la trace datée du changement."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from osezia.journal.enums import Action
from osezia.journal.services import consigner
from osezia.notifications.enums import Categorie
from osezia.notifications.selectors import membres
from osezia.notifications.services import notifier
from osezia.relations import appariement, droits, transitions
from osezia.relations.enums import (
    ChampVisible,
    Cote,
    MotifPasInteresse,
    MotifPerdue,
    OrigineRelation,
    Statut,
    StatutAvis,
    StatutBesoin,
)
from osezia.relations.models import (
    Avis,
    Besoin,
    ChangementStatutRelation,
    EnqueteSatisfaction,
    Message,
    MiseEnRelation,
)
from osezia.utils.texte import euros

MOTIFS = {Statut.PAS_INTERESSE: MotifPasInteresse, Statut.PERDUE: MotifPerdue}


def _reglage(nom):
    return settings.OSEZIA[f"RELATIONS_{nom}"]


def _consigner_changement(relation, *, de, vers, cote, par, motif="", precision="", le):
    ChangementStatutRelation.objects.create(
        relation=relation, de=de, vers=vers, cote=cote, par=par, motif=motif, precision=precision, le=le
    )


@transaction.atomic
def creer_besoin(*, entreprise, par, **champs):
    """Enregistre le besoin (brouillon) et la liste proposée, sans rien envoyer. ValidationError : rien d'écrit."""
    if entreprise.pk not in droits.organisations_de(par):
        raise PermissionDenied("Seuls les membres de l'entreprise expriment ses besoins.")
    besoin = Besoin(entreprise=entreprise, cree_par=par, est_demo=entreprise.est_demo, **champs)
    besoin.full_clean()
    besoin.save()
    _proposer(besoin)
    return besoin


def _proposer(besoin):
    """Remplace les propositions pas encore envoyées par un nouveau calcul ; les fournisseurs écartés le restent."""
    deja = MiseEnRelation.objects.filter(besoin=besoin)
    ecartes = set(deja.exclude(statut=Statut.PROPOSEE).values_list("fournisseur_id", flat=True))
    deja.filter(statut=Statut.PROPOSEE).delete()
    propositions = appariement.proposer(besoin, ecartes=ecartes)
    rang_depart = (deja.exclude(rang=None).order_by("-rang").values_list("rang", flat=True).first() or 0) + 1
    MiseEnRelation.objects.bulk_create(
        [
            MiseEnRelation(
                entreprise=besoin.entreprise,
                fournisseur_id=p.fournisseur_id,
                besoin=besoin,
                solution_id=p.solution_id,
                rang=rang_depart + i,
                score=p.score,
                explication=p.en_donnees(),
                est_demo=besoin.est_demo,
            )
            for i, p in enumerate(propositions)
        ]
    )
    return propositions


@transaction.atomic
def modifier_besoin(*, besoin, par, **champs):
    """Un brouillon se modifie ; la liste est recalculée."""
    if not droits.peut_gerer_besoin(par, besoin):
        raise PermissionDenied("Seuls les membres de l'entreprise modifient ses besoins.")
    if besoin.statut != StatutBesoin.BROUILLON:
        raise ValidationError("Ce besoin est déjà envoyé : il ne se modifie plus.")
    for champ, valeur in champs.items():
        setattr(besoin, champ, valeur)
    besoin.full_clean()
    besoin.save()
    _proposer(besoin)
    return besoin


@transaction.atomic
def ecarter(*, relation, par, remettre=False):
    """L'entreprise retire un fournisseur de la liste avant l'envoi (ou l'y remet)."""
    vers = Statut.PROPOSEE if remettre else Statut.RETIREE
    return changer_statut(relation=relation, vers=vers, par=par)


@transaction.atomic
def envoyer(*, besoin, par, champs_visibles, consentement):
    """Consentement de l'entreprise (ce que verront les fournisseurs), puis envoi du premier lot."""
    if not droits.peut_gerer_besoin(par, besoin):
        raise PermissionDenied("Seuls les membres de l'entreprise envoient ses besoins.")
    besoin = Besoin.objects.select_for_update().get(pk=besoin.pk)
    if besoin.statut != StatutBesoin.BROUILLON:
        raise ValidationError("Ce besoin est déjà envoyé.")
    if not consentement:
        raise ValidationError(
            {"consentement": "Cochez la case pour accepter que ces informations soient envoyées aux fournisseurs."}
        )
    if not besoin.relations.filter(statut=Statut.PROPOSEE).exists():
        raise ValidationError("Aucun fournisseur à qui envoyer ce besoin : élargissez vos critères.")
    maintenant = timezone.now()
    besoin.champs_visibles = list(champs_visibles)
    besoin.consentement_le = maintenant
    besoin.consentement_par = par
    besoin.statut = StatutBesoin.ENVOYE
    besoin.full_clean()
    besoin.save()
    consigner(
        acteur=par,
        action=Action.BESOIN_ENVOYE,
        organisation=besoin.entreprise,
        objet=besoin,
        details={"champs_visibles": [ChampVisible(c).label for c in besoin.champs_visibles]},
    )
    return envoyer_lot(besoin=besoin, maintenant=maintenant)


def envoyer_lot(*, besoin, maintenant):
    """Les RELATIONS_TAILLE_LOT propositions suivantes (par rang) partent ; leurs fournisseurs sont prévenus."""
    if not besoin.consenti:
        raise ValidationError("Rien ne part sans le consentement de l'entreprise.")
    lot = list(
        MiseEnRelation.objects.select_for_update()
        .filter(besoin=besoin, statut=Statut.PROPOSEE)
        .order_by("rang", "pk")[: _reglage("TAILLE_LOT")]
    )
    if not lot:
        return []
    numero = besoin.dernier_lot + 1
    for relation in lot:
        relation.statut, relation.lot, relation.envoyee_le = Statut.ENVOYEE, numero, maintenant
        relation.save(update_fields=["statut", "lot", "envoyee_le", "modifiee_le"])
        _consigner_changement(relation, de=Statut.PROPOSEE, vers=Statut.ENVOYEE, cote=Cote.PLATEFORME, par=None,
                              le=maintenant)  # fmt: skip
        notifier(
            utilisateurs=membres(relation.fournisseur),
            categorie=Categorie.RELATION_RECUE,
            titre=f"Nouvelle demande : {besoin.cas_usage.titre}",
            message="Une entreprise cherche une solution d'IA et votre offre correspond. Répondez-lui depuis votre "
            "boîte de réception.",
            lien=reverse("espace_fournisseur:demande", args=[relation.pk]),
        )
    Besoin.objects.filter(pk=besoin.pk).update(dernier_lot=numero, dernier_lot_le=maintenant)
    besoin.dernier_lot, besoin.dernier_lot_le = numero, maintenant
    return lot


def envoyer_lots_suivants(maintenant=None):
    """Tâche périodique : un besoin envoyé dont le dernier lot a plus de RELATIONS_DELAI_LOT_JOURS jours et qui a
    moins de RELATIONS_INTERESSES_VOULUS fournisseurs intéressés part au lot suivant. Renvoie le nombre d'envois."""
    maintenant = maintenant or timezone.now()
    limite = maintenant - timedelta(days=_reglage("DELAI_LOT_JOURS"))
    interesses = Count("relations", filter=Q(relations__statut__in=transitions.REPONSES - {Statut.PAS_INTERESSE}))
    a_suivre = (
        Besoin.objects.filter(statut=StatutBesoin.ENVOYE, dernier_lot_le__lte=limite, est_demo=False)
        .annotate(interesses=interesses)
        .filter(interesses__lt=_reglage("INTERESSES_VOULUS"))
        # Exists et non un filtre sur `relations` : une seconde jointure multiplierait le compte des intéressés.
        .filter(Exists(MiseEnRelation.objects.filter(besoin=OuterRef("pk"), statut=Statut.PROPOSEE)))
        .values_list("pk", flat=True)
    )
    envoyees = 0
    for pk in a_suivre:
        with transaction.atomic():
            besoin = Besoin.objects.select_for_update().get(pk=pk)
            if besoin.dernier_lot_le and besoin.dernier_lot_le <= limite:
                envoyees += len(envoyer_lot(besoin=besoin, maintenant=maintenant))
    return envoyees


def _verifier_motif(vers, motif, precision):
    if vers not in transitions.AVEC_MOTIF:
        return "", ""
    choix = MOTIFS[vers]
    if motif not in choix.values:
        raise ValidationError({"motif": "Choisissez la raison dans la liste."})
    if motif == "autre" and not precision.strip():
        raise ValidationError({"precision": "Précisez la raison."})
    return motif, precision.strip()[:500]


@transaction.atomic
def changer_statut(*, relation, vers, par, motif="", precision="", montant=None, cote=None, maintenant=None,
                   prevenir=True):  # fmt: skip
    """Fait passer la mise en relation au statut `vers` si `transitions` le permet au côté de `par` (ou à `cote` pour
    un traitement de la plateforme, `par` vide). Lève PermissionDenied ou ValidationError ; rien n'est écrit alors.
    `prevenir=False` : l'appelant prévient lui-même l'autre côté (le premier message ouvre l'échange)."""
    maintenant = maintenant or timezone.now()
    cote = cote if par is None else droits.cote_de(par, relation)
    if cote is None:
        raise PermissionDenied("Cette mise en relation n'est pas la vôtre.")
    relation = MiseEnRelation.objects.select_for_update().get(pk=relation.pk)
    vers = Statut(vers)
    de = Statut(relation.statut)
    if cote not in transitions.cotes(de, vers):
        raise ValidationError(f"Impossible de passer de « {de.label} » à « {vers.label} ».")
    motif, precision = _verifier_motif(vers, motif, precision)
    if montant is not None and vers != Statut.CONCLUE:
        raise ValidationError({"montant": "Le montant se donne quand l'affaire est conclue."})
    relation.statut = vers
    if vers in transitions.AVEC_MOTIF:
        relation.motif, relation.motif_precision = motif, precision
    if vers == Statut.CONCLUE and montant is not None:
        relation.montant = montant
    if vers == Statut.VUE or (relation.vue_le is None and cote == Cote.FOURNISSEUR and vers in transitions.RECUES):
        relation.vue_le = relation.vue_le or maintenant
    if vers in transitions.REPONSES and relation.repondue_le is None and relation.envoyee_le:
        relation.repondue_le = maintenant
    if vers in (Statut.ECHANGE, Statut.RENDEZ_VOUS) and relation.echange_le is None:
        relation.echange_le = maintenant
    relation.full_clean()
    relation.save()
    _consigner_changement(relation, de=de, vers=vers, cote=cote, par=par, motif=motif, precision=precision,
                          le=maintenant)  # fmt: skip
    if prevenir and vers not in (Statut.VUE, Statut.RETIREE, Statut.PROPOSEE):
        # L'entreprise n'est nommée au fournisseur que si elle l'a accepté.
        auteur = {Cote.FOURNISSEUR: relation.fournisseur.nom, Cote.PLATEFORME: "Rendez-vous d'affaires"}.get(
            cote
        ) or nom_pour_le_fournisseur(relation)
        _prevenir_l_autre_cote(relation, cote, titre=f"{auteur} : « {vers.label} »")
    return relation


def nom_pour_le_fournisseur(relation):
    return relation.entreprise.nom if relation.montre_au_fournisseur(ChampVisible.NOM) else "L'entreprise"


def _prevenir_l_autre_cote(relation, cote, *, titre, categorie=Categorie.RELATION_STATUT, message=""):
    if cote in (Cote.FOURNISSEUR, Cote.PLATEFORME):
        notifier(utilisateurs=membres(relation.entreprise), categorie=categorie,
                 titre=titre, message=message, lien=reverse("relations:relation", args=[relation.pk]))  # fmt: skip
    if cote in (Cote.ENTREPRISE, Cote.PLATEFORME) and relation.recue:
        notifier(utilisateurs=membres(relation.fournisseur), categorie=categorie,
                 titre=titre, message=message, lien=reverse("espace_fournisseur:demande", args=[relation.pk]))  # fmt: skip


@transaction.atomic
def ouvrir(*, relation, par):
    """Le fournisseur ouvre une demande envoyée : elle passe « vue » (une seule fois)."""
    if droits.cote_de(par, relation) == Cote.FOURNISSEUR and relation.statut == Statut.ENVOYEE:
        return changer_statut(relation=relation, vers=Statut.VUE, par=par)
    return relation


ECRITURE_PERMISE = frozenset({Statut.INTERESSE, Statut.ECHANGE, Statut.RENDEZ_VOUS, Statut.DEVIS, Statut.CONCLUE})


@transaction.atomic
def ecrire(*, relation, par, texte):
    """Un message d'un côté à l'autre, une fois le fournisseur intéressé ; le premier ouvre l'échange."""
    relation = MiseEnRelation.objects.select_for_update().get(pk=relation.pk)
    cote = droits.cote_de(par, relation)
    if cote is None:
        raise PermissionDenied("Cette mise en relation n'est pas la vôtre.")
    if relation.statut not in ECRITURE_PERMISE:
        raise ValidationError("Les messages s'échangent une fois que le fournisseur s'est dit intéressé.")
    message = Message(relation=relation, auteur=par, cote=cote, texte=texte.strip())
    message.full_clean()
    message.save()
    if relation.statut == Statut.INTERESSE:
        # Une seule notification pour l'autre côté : celle du message.
        changer_statut(relation=relation, vers=Statut.ECHANGE, par=par, prevenir=False)
    _prevenir_l_autre_cote(relation, cote, titre="Nouveau message dans une mise en relation",
                           categorie=Categorie.RELATION_MESSAGE, message=message.texte[:300])  # fmt: skip
    return message


def relancer_sans_reponse(maintenant=None):
    """Tâche périodique : une demande envoyée ou vue sans réponse depuis RELATIONS_RELANCE_JOURS jours est rappelée
    aux membres du fournisseur, une fois. Renvoie le nombre de relances."""
    maintenant = maintenant or timezone.now()
    limite = maintenant - timedelta(days=_reglage("RELANCE_JOURS"))
    relancees = 0
    a_relancer = MiseEnRelation.objects.filter(
        statut__in=[Statut.ENVOYEE, Statut.VUE], envoyee_le__lte=limite, relancee_le__isnull=True, est_demo=False
    ).select_related("fournisseur", "besoin__cas_usage")
    for relation in a_relancer:
        with transaction.atomic():
            if MiseEnRelation.objects.filter(pk=relation.pk, relancee_le__isnull=True).update(relancee_le=maintenant):
                notifier(
                    utilisateurs=membres(relation.fournisseur),
                    categorie=Categorie.RELATION_RELANCE,
                    titre="Une entreprise attend votre réponse",
                    message=f"Demande envoyée le {timezone.localtime(relation.envoyee_le):%d/%m/%Y}"
                    + (f" : {relation.besoin.cas_usage.titre}" if relation.besoin_id else ""),
                    lien=reverse("espace_fournisseur:demande", args=[relation.pk]),
                )
                relancees += 1
    return relancees


def envoyer_enquetes(maintenant=None):
    """Tâche périodique : RELATIONS_ENQUETE_JOURS jours après le début d'un échange, l'entreprise est invitée à
    dire ce qu'il s'est passé (une fois). Renvoie le nombre d'invitations."""
    maintenant = maintenant or timezone.now()
    limite = maintenant - timedelta(days=_reglage("ENQUETE_JOURS"))
    envoyees = 0
    for relation in MiseEnRelation.objects.filter(
        echange_le__lte=limite, enquete_envoyee_le__isnull=True, enquete__isnull=True, est_demo=False
    ).select_related("entreprise", "fournisseur"):
        with transaction.atomic():
            if MiseEnRelation.objects.filter(pk=relation.pk, enquete_envoyee_le__isnull=True).update(
                enquete_envoyee_le=maintenant
            ):
                notifier(
                    utilisateurs=membres(relation.entreprise),
                    categorie=Categorie.RELATION_ENQUETE,
                    titre=f"Votre échange avec {relation.fournisseur.nom} : qu'en est-il ?",
                    message="Deux minutes pour nous dire si le contact a eu lieu, s'il a été utile et s'il a abouti.",
                    lien=reverse("relations:enquete", args=[relation.pk]),
                )
                envoyees += 1
    return envoyees


def relations_periodiques():
    """Le travail périodique des mises en relation, en un appel (utils/periodiques.py). Il laisse les données de
    démonstration telles que `demo.py` les a datées : aucun e-mail n'annonce un échange fictif."""
    return {
        "lots envoyés": envoyer_lots_suivants(),
        "relances": relancer_sans_reponse(),
        "enquêtes": envoyer_enquetes(),
    }


@transaction.atomic
def repondre_enquete(*, relation, par, contact_etabli, utile=None, contrat=None, montant=None, commentaire=""):
    relation = MiseEnRelation.objects.select_for_update().get(pk=relation.pk)
    if droits.cote_de(par, relation) != Cote.ENTREPRISE:
        raise PermissionDenied("Seule l'entreprise répond à cette enquête.")
    if hasattr(relation, "enquete"):
        raise ValidationError("Vous avez déjà répondu à cette enquête.")
    if relation.echange_le is None:
        raise ValidationError("Cette enquête porte sur un échange qui n'a pas encore commencé.")
    enquete = EnqueteSatisfaction(relation=relation, contact_etabli=contact_etabli, utile=utile, contrat=contrat,
                                  montant=montant, commentaire=commentaire.strip(), repondue_par=par)  # fmt: skip
    enquete.full_clean()
    enquete.save()
    return enquete


@transaction.atomic
def rattacher_au_projet(*, relation, par, projet=None):
    """Une affaire conclue rejoint un projet IA de l'entreprise (existant, ou créé depuis le besoin) : la solution et
    le fournisseur y sont notés."""
    relation = MiseEnRelation.objects.select_for_update().get(pk=relation.pk)
    if droits.cote_de(par, relation) != Cote.ENTREPRISE:
        raise PermissionDenied("Seule l'entreprise rattache une affaire à ses projets.")
    if relation.statut != Statut.CONCLUE:
        raise ValidationError("Seule une affaire conclue se rattache à un projet.")
    if projet is not None and projet.entreprise_id != relation.entreprise_id:
        raise ValidationError({"projet": "Ce projet n'est pas celui de votre entreprise."})
    if projet is None:
        besoin = relation.besoin
        if besoin is None:
            raise ValidationError({"projet": "Choisissez le projet auquel rattacher cette affaire."})
        if besoin.projet_id:
            projet = besoin.projet
        else:
            from osezia.projets.services import creer_projet

            projet = creer_projet(
                utilisateur=par, entreprise=relation.entreprise, titre=besoin.cas_usage.titre[:200],
                objectif=besoin.description, cas_usage=besoin.cas_usage, recommandation=besoin.recommandation,
                est_demo=besoin.est_demo,
            )  # fmt: skip
    if relation.solution_id:
        projet.solutions.add(relation.solution_id)
    relation.projet = projet
    relation.save(update_fields=["projet", "modifiee_le"])
    from osezia.projets.enums import TypeEvenement
    from osezia.projets.services import noter

    solution = f" ({relation.solution.nom})" if relation.solution_id else ""
    montant = f", {euros(relation.montant)}" if relation.montant else ""
    noter(projet=projet, type=TypeEvenement.FOURNISSEUR_RETENU, acteur=par,
          texte=f"Fournisseur retenu : {relation.fournisseur.nom}{solution}, affaire conclue{montant}.")  # fmt: skip
    return projet


@transaction.atomic
def deposer_avis(*, relation, par, note, texte):
    """Seule une entreprise qui a vraiment rencontré le fournisseur (rendez-vous, devis, affaire) donne un avis."""
    relation = MiseEnRelation.objects.select_for_update().get(pk=relation.pk)
    if droits.cote_de(par, relation) != Cote.ENTREPRISE:
        raise PermissionDenied("Seule l'entreprise de cette mise en relation peut donner un avis.")
    atteint = (
        relation.changements.filter(vers__in=transitions.AVIS_PERMIS).order_by("le").values_list("vers", "le").first()
    )
    if atteint is None:
        raise ValidationError(
            "Un avis se donne après un rendez-vous, un devis ou une affaire conclue avec ce fournisseur."
        )
    if Avis.objects.filter(relation=relation).exists():
        raise ValidationError("Vous avez déjà donné votre avis sur cette mise en relation.")
    avis = Avis(relation=relation, fournisseur=relation.fournisseur, note=note, texte=texte.strip(), auteur=par,
                contexte_statut=atteint[0], contexte_le=atteint[1])  # fmt: skip
    avis.full_clean()
    avis.save()
    return avis


@transaction.atomic
def moderer_avis(*, avis, par, publier, motif=""):
    if not droits.est_pilote(par):
        raise PermissionDenied("Seuls les pilotes du programme modèrent les avis.")
    if not publier and not motif.strip():
        raise ValidationError({"motif": "Dites pourquoi cet avis est refusé : son auteur le lira."})
    avis = Avis.objects.select_for_update().get(pk=avis.pk)
    avis.statut = StatutAvis.PUBLIE if publier else StatutAvis.REFUSE
    avis.motif_moderation = motif.strip()[:500]
    avis.modere_par, avis.modere_le = par, timezone.now()
    avis.full_clean()
    avis.save()
    consigner(acteur=par, action=Action.AVIS_MODERE, organisation=avis.fournisseur, objet=avis,
              details={"statut": avis.get_statut_display(), "motif": avis.motif_moderation})  # fmt: skip
    if not publier and avis.auteur_id:
        notifier(utilisateurs=[avis.auteur], categorie=Categorie.RELATION_STATUT,
                 titre=f"Votre avis sur {avis.fournisseur.nom} n'est pas publié", message=avis.motif_moderation,
                 lien=reverse("relations:relation", args=[avis.relation_id]))  # fmt: skip
    if publier:
        notifier(utilisateurs=membres(avis.fournisseur), categorie=Categorie.AVIS_RECU,
                 titre="Un avis vérifié est publié sur votre organisation", message=avis.texte[:300],
                 lien=reverse("espace_fournisseur:avis"))  # fmt: skip
    return avis


@transaction.atomic
def repondre_avis(*, avis, par, texte):
    """Le fournisseur répond une fois à un avis publié."""
    if avis.fournisseur_id not in droits.organisations_de(par):
        raise PermissionDenied("Seul le fournisseur concerné répond à cet avis.")
    if avis.statut != StatutAvis.PUBLIE:
        raise ValidationError("On ne répond qu'à un avis publié.")
    avis = Avis.objects.select_for_update().get(pk=avis.pk)
    if avis.reponse:
        raise ValidationError("Vous avez déjà répondu à cet avis.")
    avis.reponse, avis.reponse_le = texte.strip(), timezone.now()
    avis.full_clean()
    avis.save(update_fields=["reponse", "reponse_le"])
    return avis


@transaction.atomic
def relation_depuis_rendez_vous(*, rendez_vous, maintenant=None):
    """Un rendez-vous d'affaires rejoint le tunnel : la mise en relation existante de ce couple avance à
    « rendez-vous », sinon une mise en relation naît à ce statut."""
    maintenant = maintenant or timezone.now()
    entreprise = rendez_vous.entreprise.organisation
    fournisseur = rendez_vous.fournisseur.organisation
    relation = (
        MiseEnRelation.objects.filter(entreprise=entreprise, fournisseur=fournisseur, statut__in=transitions.RECUES)
        .exclude(statut__in=transitions.FINAUX)
        .order_by("-modifiee_le")
        .first()
    )
    if relation is not None:
        if Cote.PLATEFORME in transitions.cotes(relation.statut, Statut.RENDEZ_VOUS):
            relation = changer_statut(relation=relation, vers=Statut.RENDEZ_VOUS, par=None, cote=Cote.PLATEFORME,
                                      maintenant=maintenant)  # fmt: skip
        if relation.rendez_vous_id is None:
            relation.rendez_vous = rendez_vous
            relation.save(update_fields=["rendez_vous", "modifiee_le"])
        return relation
    relation = MiseEnRelation.objects.create(
        entreprise=entreprise, fournisseur=fournisseur, origine=OrigineRelation.RENDEZ_VOUS, rendez_vous=rendez_vous,
        statut=Statut.RENDEZ_VOUS, envoyee_le=maintenant, echange_le=maintenant,
        est_demo=rendez_vous.evenement.est_demo,
    )  # fmt: skip
    _consigner_changement(relation, de="", vers=Statut.RENDEZ_VOUS, cote=Cote.PLATEFORME, par=None, le=maintenant)
    return relation
