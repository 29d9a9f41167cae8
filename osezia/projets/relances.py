"""Les projets qui s'enlisent : la tâche périodique qui relance le responsable d'un projet sans activité, deux fois,
puis alerte les conseillers des structures avec lesquelles l'entreprise partage ses données.

Les délais sont des données (`contenus/relances.yaml`), lus et vérifiés au démarrage (`ProjetsConfig.ready`). Un
silence commence à `Projet.derniere_activite_le` ; chaque relance est gardée dans `RelanceProjet`, unique par
(projet, silence, rang) : relancer la tâche, ou la lancer sur deux travailleurs, n'envoie rien deux fois. Les projets
dus sont choisis en SQL (étape et seuil de date, index `projet_etape_activite`), par lots bornés, chacun dans sa
transaction ; un projet en erreur est noté au journal et n'empêche pas les suivants.

Le lien d'un e-mail de relance (« Où en est ce projet ? ») est signé (`jeton` / `lire_jeton`), valable 30 jours,
pour une personne et un projet ; il ouvre une page, il ne connecte personne et n'agit pas seul (voir
docs/architecture.md, « Relances des projets qui s'enlisent »)."""

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

import yaml
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from osezia.comptes.enums import Role
from osezia.comptes.models import Utilisateur
from osezia.notifications import services as notifications
from osezia.notifications.enums import Categorie
from osezia.organisations.models import Consentement, Organisation
from osezia.projets.enums import Etape, RangRelance, TypeEvenement
from osezia.projets.models import Projet, RelanceProjet
from osezia.utils import dates

logger = logging.getLogger(__name__)

FICHIER = Path(__file__).resolve().parent / "contenus" / "relances.yaml"
# Projets relancés au plus par passage du travail périodique (toutes les 5 minutes) : un arriéré (premier
# déploiement, tâche arrêtée des jours) s'écoule en quelques heures sans inonder la file des e-mails.
LOT = 200
VALIDITE_LIEN = timedelta(days=30)
SEL_LIEN = "osezia.projets.relance"
CHAMPS = {RangRelance.PREMIERE: "premiere", RangRelance.DEUXIEME: "deuxieme", RangRelance.CONSEILLER: "conseiller"}


@dataclass(frozen=True)
class Delais:
    """Les délais d'une étape, en jours : avant la première relance (depuis la dernière activité), puis entre deux
    relances ; None : pas de relance de ce rang."""

    premiere: int | None
    deuxieme: int | None
    conseiller: int | None
    raison: str

    def apres(self, rang):
        return getattr(self, CHAMPS[RangRelance(rang)])


def lire_delais(donnees):
    """{Etape: Delais} depuis le contenu du YAML ; ImproperlyConfigured, avec l'erreur en clair, s'il est faux."""
    if not isinstance(donnees, dict) or not isinstance(donnees.get("etapes"), dict):
        raise ImproperlyConfigured(f"{FICHIER.name} : une clé « etapes » est attendue.")
    etapes = donnees["etapes"]
    inconnues = set(etapes) - set(Etape.values)
    manquantes = set(Etape.values) - set(etapes)
    if inconnues or manquantes:
        raise ImproperlyConfigured(
            f"{FICHIER.name} : chaque étape une fois ; inconnues : {sorted(inconnues)}, manquantes : {sorted(manquantes)}."
        )
    resultat = {}
    for etape, regle in etapes.items():
        if not isinstance(regle, dict) or set(regle) != {*CHAMPS.values(), "raison"}:
            raise ImproperlyConfigured(
                f"{FICHIER.name}, {etape} : clés attendues premiere, deuxieme, conseiller, raison."
            )
        valeurs = [regle[champ] for champ in CHAMPS.values()]
        for champ, valeur in zip(CHAMPS.values(), valeurs, strict=True):
            if valeur is not None and (type(valeur) is not int or not 1 <= valeur <= 3650):
                raise ImproperlyConfigured(f"{FICHIER.name}, {etape}.{champ} : un nombre de jours (1 à 3650) ou null.")
        if any(avant is None and apres is not None for avant, apres in zip(valeurs, valeurs[1:], strict=False)):
            raise ImproperlyConfigured(
                f"{FICHIER.name}, {etape} : une relance suppose la précédente (null puis nombre)."
            )
        if not isinstance(regle["raison"], str) or not regle["raison"].strip():
            raise ImproperlyConfigured(f"{FICHIER.name}, {etape}.raison : la raison de ces délais est obligatoire.")
        resultat[Etape(etape)] = Delais(*valeurs, raison=regle["raison"].strip())
    if any(resultat[Etape.ABANDONNE].apres(rang) is not None for rang in RangRelance):
        raise ImproperlyConfigured(f"{FICHIER.name}, abandonne : un projet abandonné n'est jamais relancé.")
    return resultat


@cache
def delais():
    return lire_delais(yaml.safe_load(FICHIER.read_text(encoding="utf-8")))


# --- Quels projets relancer ------------------------------------------------------------------------------------


def _relance(rang):
    """Les relances de ce rang pour le silence en cours du projet de la requête extérieure."""
    return RelanceProjet.objects.filter(
        projet=OuterRef("pk"), silence_depuis=OuterRef("derniere_activite_le"), rang=rang
    )


def dus(rang, maintenant=None):
    """Les projets à qui envoyer la relance `rang` maintenant, les plus anciens silences d'abord (requête seule).

    Rang 1 : sans activité depuis le délai de son étape. Rang 2 et 3 : la relance précédente de ce silence est
    partie depuis le délai suivant ; rang 3 : seulement si l'entreprise partage ses données (consentement actif).
    Jamais un projet de démonstration, ni celui d'une entreprise dont l'effacement est programmé."""
    maintenant = maintenant or timezone.now()
    rang = RangRelance(rang)
    conditions = Q(pk__in=[])
    for etape, regle in delais().items():
        jours = regle.apres(rang)
        if jours is None:
            continue
        seuil = maintenant - timedelta(days=jours)
        if rang == RangRelance.PREMIERE:
            conditions |= Q(etape=etape, derniere_activite_le__lte=seuil)
        else:
            conditions |= Q(Exists(_relance(rang - 1).filter(envoyee_le__lte=seuil)), etape=etape)
    projets = Projet.objects.filter(conditions, ~Exists(_relance(rang)), est_demo=False).exclude(
        entreprise__effacement_demande_le__isnull=False
    )
    if rang == RangRelance.CONSEILLER:
        projets = projets.filter(Exists(Consentement.objects.actifs().filter(entreprise=OuterRef("entreprise"))))
    return projets.order_by("derniere_activite_le", "pk")


# --- Qui prévenir ----------------------------------------------------------------------------------------------


def responsables(projet):
    """Qui relancer : le responsable, sinon l'auteur du projet, sinon les administrateurs de l'entreprise ; toujours
    des comptes actifs et encore membres de l'entreprise."""
    membres = Utilisateur.objects.filter(is_active=True, adhesions__organisation=projet.entreprise_id)
    for personne_id in (projet.responsable_id, projet.cree_par_id):
        if personne_id is not None:
            personne = membres.filter(pk=personne_id).first()
            if personne is not None:
                return [personne]
    return list(
        Utilisateur.objects.filter(
            is_active=True, adhesions__organisation=projet.entreprise_id, adhesions__est_administrateur=True
        ).order_by("pk")
    )


def structures_partagees(projet):
    return Organisation.objects.filter(
        pk__in=Consentement.objects.actifs().filter(entreprise=projet.entreprise_id).values("structure")
    ).order_by("nom")


def conseillers(structures):
    return list(
        Utilisateur.objects.filter(is_active=True, role=Role.CONSEILLER, adhesions__organisation__in=structures)
        .distinct()
        .order_by("pk")
    )


# --- Le lien « Où en est ce projet ? » -------------------------------------------------------------------------


def jeton(relance, utilisateur):
    return signing.dumps({"r": relance.pk, "p": relance.projet_id, "u": utilisateur.pk}, salt=SEL_LIEN)


class LienInvalide(Exception):
    def __init__(self, message, *, expire=False, projet_id=None):
        super().__init__(message)
        self.expire = expire
        self.projet_id = projet_id


def lire_jeton(texte):
    """{"r", "p", "u"} d'un lien de relance ; LienInvalide s'il est modifié, incomplet ou plus vieux que 30 jours."""
    try:
        donnees = signing.loads(texte, salt=SEL_LIEN, max_age=VALIDITE_LIEN)
    except signing.SignatureExpired as erreur:
        # La signature est bonne, seule la date a passé : on peut encore dire de quel projet il s'agit.
        projet_id = signing.loads(texte, salt=SEL_LIEN).get("p")
        raise LienInvalide(
            "Ce lien a plus de 30 jours : il n'est plus valable.",
            expire=True,
            projet_id=projet_id if isinstance(projet_id, int) else None,
        ) from erreur
    except signing.BadSignature as erreur:
        raise LienInvalide("Ce lien est incomplet ou a été modifié.") from erreur
    if not isinstance(donnees, dict) or not all(isinstance(donnees.get(cle), int) for cle in ("r", "p", "u")):
        raise LienInvalide("Ce lien est incomplet ou a été modifié.")
    return donnees


# --- Envoyer ---------------------------------------------------------------------------------------------------


def _jours(nombre):
    return f"{nombre} jour" if nombre < 2 else f"{nombre} jours"


def _prevenir_responsables(projet, relance, maintenant):
    personnes = responsables(projet)
    depuis = timezone.localtime(relance.silence_depuis).date()
    silence = _jours((maintenant - relance.silence_depuis).days)
    etape = Etape(projet.etape)
    if etape == Etape.EN_PAUSE:
        question = "Faut-il le reprendre, ou l'abandonner ?"
    elif etape == Etape.PRODUCTION:
        question = "Ajoutez une mesure de ses résultats : c'est ce qui montre ce qu'il produit."
    else:
        question = "En un clic, dites où il en est : changer d'étape, ajouter une mesure ou le mettre en pause."
    rappel = "Deuxième rappel. " if relance.rang == RangRelance.DEUXIEME else ""
    for personne in personnes:
        notifications.notifier(
            utilisateurs=[personne],
            categorie=Categorie.PROJET_RELANCE,
            titre=f"Où en est le projet « {projet.titre} » ?",
            message=f"{rappel}Rien n'a bougé sur ce projet depuis le {dates.date_lisible(depuis)} ({silence}), à "
            f"l'étape « {etape.label} ». {question} Le lien est valable 30 jours.",
            lien=reverse("projets:ou_en_est", args=[jeton(relance, personne)]),
        )
    noms = ", ".join(p.nom_affiche for p in personnes)
    quoi = "Deuxième relance" if relance.rang == RangRelance.DEUXIEME else "Relance"
    if personnes:
        texte = f"{quoi} envoyée à {noms} : {silence} sans activité à l'étape « {etape.label} »."
    else:
        texte = f"{quoi} prévue après {silence} sans activité, mais aucun membre actif de l'entreprise à prévenir."
    return len(personnes), texte


def _alerter_conseillers(projet, relance, maintenant):
    structures = list(structures_partagees(projet))
    personnes = conseillers(structures)
    silence = _jours((maintenant - relance.silence_depuis).days)
    etape = Etape(projet.etape)
    notifications.notifier(
        utilisateurs=personnes,
        categorie=Categorie.PROJET_SANS_NOUVELLES,
        titre=f"{projet.entreprise.nom} : le projet « {projet.titre} » reste sans nouvelles",
        message=f"Aucune activité depuis {silence} à l'étape « {etape.label} », malgré deux relances de "
        "l'entreprise. Un appel peut l'aider à repartir.",
        lien=reverse("projets:detail", args=[projet.pk]),
    )
    noms = ", ".join(s.nom for s in structures)
    if personnes:
        texte = f"Alerte envoyée aux conseillers de {noms} : {silence} sans activité malgré deux relances."
    else:
        texte = f"Alerte prévue pour {noms} après {silence} sans activité, mais aucun conseiller actif à prévenir."
    return len(personnes), texte


def relancer(projet_id, rang, maintenant=None):
    """Envoie la relance `rang` au projet s'il y a droit maintenant : True si elle part, False sinon (pas due, ou
    déjà partie par un autre travailleur). Tout dans une transaction : e-mails (file d'envoi), notifications, relance
    gardée et événement de la chronologie partent ensemble ou pas du tout."""
    from osezia.projets.services import noter  # services importe les notifications, comme ce module

    maintenant = maintenant or timezone.now()
    try:
        with transaction.atomic():
            projet = Projet.objects.select_for_update().select_related("entreprise").filter(pk=projet_id).first()
            # Relu sous verrou : une activité arrivée entre-temps, ou un autre travailleur, et il n'y a plus rien à faire.
            if projet is None or not dus(rang, maintenant).filter(pk=projet_id).exists():
                return False
            relance = RelanceProjet.objects.create(
                projet=projet,
                rang=rang,
                silence_depuis=projet.derniere_activite_le,
                etape=projet.etape,
                envoyee_le=maintenant,
            )
            prevenir = _alerter_conseillers if rang == RangRelance.CONSEILLER else _prevenir_responsables
            relance.destinataires, texte = prevenir(projet, relance, maintenant)
            relance.save(update_fields=["destinataires"])
            noter(projet=projet, type=TypeEvenement.RELANCE_ENVOYEE, acteur=None, texte=texte, le=maintenant)
    except IntegrityError:
        # La contrainte unique (projet, silence, rang) : un autre travailleur vient d'envoyer la même relance.
        return False
    return True


def relancer_projets(limite=LOT):
    """Travail périodique : envoie les relances dues, au plus `limite` par passage ; renvoie le nombre envoyé."""
    maintenant = timezone.now()
    envoyees = 0
    for rang in RangRelance:
        for projet_id in list(dus(rang, maintenant).values_list("pk", flat=True)[: limite - envoyees]):
            try:
                envoyees += relancer(projet_id, rang, maintenant)
            except Exception:  # un projet en erreur ne bloque pas les autres ; le prochain passage le réessaie
                logger.exception("Relance %s du projet %s non envoyée", int(rang), projet_id)
        if envoyees >= limite:
            break
    return envoyees
