"""Les projets qui s'enlisent : la tâche périodique qui relance le responsable d'un projet sans activité, deux fois,
puis alerte les conseillers des structures avec lesquelles l'entreprise partage ses données.

Les délais sont des données (`contenus/relances.yaml`), lus et vérifiés au démarrage (`ProjetsConfig.ready`). Un
silence commence à `Projet.derniere_activite_le` ; chaque activité pose la date de la première relance
(`Projet.prochaine_relance_le`, `prochain_rang`), que la tâche avance à chaque envoi. Chaque relance est gardée dans
`RelanceProjet`, unique par (projet, silence, rang) : relancer la tâche, ou la lancer sur deux travailleurs, n'envoie
rien deux fois. La tâche lit les projets dus sur l'index du calendrier, par lots bornés, chacun dans sa transaction,
sous verrou ; un projet en erreur est noté au journal et n'empêche pas les suivants.

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
from django.db.models import Case, DateTimeField, F, PositiveSmallIntegerField, Value, When
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


# --- Le calendrier ---------------------------------------------------------------------------------------------
# Chaque activité pose la première relance du silence qui commence (`apres_activite`, dans la même requête que la
# dernière activité) ; la tâche avance le calendrier à chaque relance. Elle ne lit ainsi que les projets dont une
# relance est due (index `projet_prochaine_relance`), jamais les milliers de projets silencieux déjà relancés.

# Une alerte au conseiller due alors que l'entreprise ne partage pas ses données (ou un effacement programmé) : on
# regarde de nouveau une semaine plus tard, tant que dure le silence.
REEXAMEN = timedelta(days=7)


def apres_activite(le):
    """Les champs du calendrier après une activité à l'instant `le`, calculés en SQL sur l'étape du projet (celle
    de la base, même si l'objet en mémoire date un peu) : pour `QuerySet.update`."""
    etapes = {etape: regle.premiere for etape, regle in delais().items() if regle.premiere is not None}
    return {
        "prochaine_relance_le": Case(
            *[When(etape=etape, then=Value(le + timedelta(days=jours))) for etape, jours in etapes.items()],
            default=None,
            output_field=DateTimeField(),
        ),
        "prochain_rang": Case(
            When(etape__in=list(etapes), then=Value(int(RangRelance.PREMIERE))),
            default=None,
            output_field=PositiveSmallIntegerField(),
        ),
    }


def planifier(projets):
    """Pose la première relance du silence en cours de ces projets (migration, projets créés hors des services)."""
    for etape, regle in delais().items():
        if regle.premiere is None:
            projets.filter(etape=etape).update(prochaine_relance_le=None, prochain_rang=None)
        else:
            projets.filter(etape=etape).update(
                prochaine_relance_le=F("derniere_activite_le") + timedelta(days=regle.premiere),
                prochain_rang=RangRelance.PREMIERE,
            )


def dus(maintenant=None):
    """Les projets dont une relance est due, les plus en retard d'abord (une requête, sur l'index du calendrier)."""
    maintenant = maintenant or timezone.now()
    return Projet.objects.filter(prochaine_relance_le__lte=maintenant).order_by("prochaine_relance_le", "pk")


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


def _partage(projet):
    return Consentement.objects.actifs().filter(entreprise=projet.entreprise_id).exists()


def relancer(projet_id, maintenant=None):
    """Envoie la relance due du projet, s'il en a une : True si elle part, False sinon (pas due, déjà partie par un
    autre travailleur, alerte remise faute de partage). Tout dans une transaction : e-mails (file d'envoi),
    notifications, relance gardée, événement de la chronologie et calendrier avancé, ensemble ou pas du tout."""
    from osezia.projets.services import noter  # services importe ce module

    maintenant = maintenant or timezone.now()
    with transaction.atomic():
        # Relu sous verrou : un autre travailleur a pu passer, une activité a pu repousser la relance.
        projet = (
            Projet.objects.select_for_update()
            .select_related("entreprise")
            .filter(pk=projet_id, prochaine_relance_le__lte=maintenant)
            .first()
        )
        if projet is None:
            return False
        calendrier = Projet.objects.filter(pk=projet.pk)
        rang = RangRelance(projet.prochain_rang or RangRelance.PREMIERE)
        if projet.est_demo:
            calendrier.update(prochaine_relance_le=None, prochain_rang=None)  # la démonstration n'écrit à personne
            return False
        if projet.entreprise.effacement_demande_le or (rang == RangRelance.CONSEILLER and not _partage(projet)):
            calendrier.update(prochaine_relance_le=maintenant + REEXAMEN)
            return False
        envoyee = True
        try:
            with transaction.atomic():
                relance = RelanceProjet.objects.create(
                    projet=projet,
                    rang=rang,
                    silence_depuis=projet.derniere_activite_le,
                    etape=projet.etape,
                    envoyee_le=maintenant,
                )
        except IntegrityError:
            # Déjà envoyée pour ce silence (contrainte unique) : on n'envoie rien, on avance seulement le calendrier.
            relance = RelanceProjet.objects.get(projet=projet, silence_depuis=projet.derniere_activite_le, rang=rang)
            envoyee = False
        else:
            prevenir = _alerter_conseillers if rang == RangRelance.CONSEILLER else _prevenir_responsables
            relance.destinataires, texte = prevenir(projet, relance, maintenant)
            relance.save(update_fields=["destinataires"])
            noter(projet=projet, type=TypeEvenement.RELANCE_ENVOYEE, acteur=None, texte=texte, le=maintenant)
        suivant = RangRelance(rang + 1) if rang < RangRelance.CONSEILLER else None
        jours = delais()[Etape(projet.etape)].apres(suivant) if suivant else None
        if jours is None:
            calendrier.update(prochaine_relance_le=None, prochain_rang=None)
        else:
            calendrier.update(prochaine_relance_le=relance.envoyee_le + timedelta(days=jours), prochain_rang=suivant)
    return envoyee


def relancer_projets(limite=LOT):
    """Travail périodique : examine au plus `limite` projets dont une relance est due ; renvoie le nombre envoyé."""
    maintenant = timezone.now()
    envoyees = 0
    for projet_id in list(dus(maintenant).values_list("pk", flat=True)[:limite]):
        try:
            envoyees += relancer(projet_id, maintenant)
        except Exception:  # un projet en erreur ne bloque pas les autres ; le prochain passage le réessaie
            logger.exception("Relance du projet %s non envoyée", projet_id)
    return envoyees
