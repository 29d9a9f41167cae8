"""Écritures des notifications : e-mails mis en file (envoyés par une tâche, réessayés) et notifications du site."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from osezia.notifications.enums import CATEGORIES_SECURITE, Categorie, StatutCourriel
from osezia.notifications.models import Courriel, Desabonnement, Notification

logger = logging.getLogger(__name__)

# Attente avant chaque nouvel essai d'un e-mail en échec (1 min, 5 min, 30 min, 2 h, 12 h), puis abandon : un
# serveur SMTP en panne une demi-journée ne fait perdre aucun message.
DELAIS_NOUVEL_ESSAI = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
]
# Un envoi « en cours » depuis plus longtemps vient d'un travailleur arrêté net : il sera réessayé.
ENVOI_INTERROMPU = timedelta(minutes=15)
SEL_DESABONNEMENT = "osezia.notifications.desabonnement"


def _mettre_en_file(courriel_id, *, run_after=None):
    """Met l'envoi en file ; un envoi différé que le moteur de tâches ne sait pas reporter (celui des tests) est
    laissé à `relancer_courriels`, qui le reprend à l'heure."""
    from osezia.notifications.taches import expedier_courriel  # ici : la tâche importe ce module

    if run_after is None:
        expedier_courriel.enqueue(courriel_id)
    elif expedier_courriel.get_backend().supports_defer:
        expedier_courriel.using(run_after=run_after).enqueue(courriel_id)


def url_absolue(chemin):
    return settings.OSEZIA["URL_SITE"] + chemin


def jeton_desabonnement(utilisateur, categorie):
    return signing.dumps({"u": utilisateur.pk, "c": str(categorie)}, salt=SEL_DESABONNEMENT)


def lire_jeton_desabonnement(jeton):
    """(utilisateur, catégorie) d'un lien de désabonnement, ou None s'il est faux ou porte sur la sécurité."""
    from osezia.comptes.models import Utilisateur

    try:
        donnees = signing.loads(jeton, salt=SEL_DESABONNEMENT)
    except signing.BadSignature:
        return None
    categorie = donnees.get("c")
    if categorie not in Categorie.values or categorie in CATEGORIES_SECURITE:
        return None
    utilisateur = Utilisateur.objects.filter(pk=donnees.get("u")).first()
    return (utilisateur, Categorie(categorie)) if utilisateur else None


def recoit_par_email(utilisateur, categorie):
    if categorie in CATEGORIES_SECURITE:
        return True
    return not Desabonnement.objects.filter(utilisateur=utilisateur, categorie=categorie).exists()


@transaction.atomic
def envoyer_courriel(*, destinataire, categorie, sujet, corps, utilisateur=None):
    """Écrit l'e-mail et met son envoi en file, dans la transaction de l'appelant : si l'action échoue, rien ne
    part ; si le serveur SMTP est en panne, l'action réussit et l'e-mail est réessayé."""
    lien = ""
    if utilisateur is not None and categorie not in CATEGORIES_SECURITE:
        lien = url_absolue(reverse("notifications:desabonnement", args=[jeton_desabonnement(utilisateur, categorie)]))
        corps = (
            f"{corps.rstrip()}\n\n--\nPour ne plus recevoir ces e-mails (« {Categorie(categorie).label} ») : {lien}\n"
            "Vous pouvez aussi choisir vos e-mails dans « Mon espace », rubrique Notifications.\n"
        )
    courriel = Courriel(
        destinataire=destinataire,
        utilisateur=utilisateur,
        categorie=categorie,
        sujet=sujet[:200],
        corps=corps,
        lien_desabonnement=lien,
    )
    courriel.full_clean()
    courriel.save()
    _mettre_en_file(courriel.pk)
    return courriel


@transaction.atomic
def notifier(*, utilisateurs, categorie, titre, message="", lien=""):
    """Prévient chaque personne dans le site et, sauf si elle s'en est désabonnée, par e-mail."""
    notifications = []
    for utilisateur in utilisateurs:
        if not utilisateur.is_active:
            continue
        notification = Notification(
            utilisateur=utilisateur, categorie=categorie, titre=titre, message=message, lien=lien
        )
        notification.full_clean()
        notification.save()
        notifications.append(notification)
        if recoit_par_email(utilisateur, categorie):
            corps = render_to_string(
                "notifications/emails/notification.txt",
                {
                    "utilisateur": utilisateur,
                    "titre": titre,
                    "message": message,
                    "lien": url_absolue(lien) if lien else "",
                },
            )
            envoyer_courriel(
                destinataire=utilisateur.email, categorie=categorie, sujet=titre, corps=corps, utilisateur=utilisateur
            )
    return notifications


def expedier(courriel_id):
    """Un essai d'envoi. Le courriel est pris par une mise à jour conditionnelle : deux travailleurs, ou une tâche
    en double, ne l'envoient jamais deux fois. L'envoi SMTP se fait hors transaction (il peut durer)."""
    maintenant = timezone.now()
    pris = (
        Courriel.objects.dus(maintenant)
        .filter(pk=courriel_id)
        .update(statut=StatutCourriel.EN_COURS, dernier_essai_le=maintenant, tentatives=F("tentatives") + 1)
    )
    if not pris:
        return "déjà traité"
    courriel = Courriel.objects.get(pk=courriel_id)
    entetes = {}
    if courriel.lien_desabonnement:
        # Désabonnement en un clic par le logiciel de messagerie (RFC 8058).
        entetes = {
            "List-Unsubscribe": f"<{courriel.lien_desabonnement}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = EmailMessage(
        subject=courriel.sujet,
        body=courriel.corps,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[courriel.destinataire],
        headers=entetes,
    )
    try:
        message.send()
    except Exception as erreur:  # toute panne d'envoi (SMTP, réseau, DNS) : noter et réessayer plus tard
        return _noter_echec(courriel, erreur)
    Courriel.objects.filter(pk=courriel.pk).update(
        statut=StatutCourriel.ENVOYE, envoye_le=timezone.now(), prochain_essai=None, derniere_erreur=""
    )
    return "envoyé"


def _noter_echec(courriel, erreur):
    detail = f"{type(erreur).__name__} : {erreur}"[:2000]
    if courriel.tentatives > len(DELAIS_NOUVEL_ESSAI):
        statut, prochain = StatutCourriel.ABANDONNE, None
    else:
        statut, prochain = StatutCourriel.A_REESSAYER, timezone.now() + DELAIS_NOUVEL_ESSAI[courriel.tentatives - 1]
    Courriel.objects.filter(pk=courriel.pk).update(statut=statut, prochain_essai=prochain, derniere_erreur=detail)
    logger.warning("E-mail %s non envoyé (essai %s) : %s", courriel.pk, courriel.tentatives, detail)
    if prochain is not None:
        _mettre_en_file(courriel.pk, run_after=prochain)
    return str(StatutCourriel(statut).label)


def relancer_courriels():
    """Tâche périodique : remet en file les e-mails dus (nouvel essai à l'heure, tâche perdue, envoi interrompu)."""
    maintenant = timezone.now()
    interrompus = Courriel.objects.filter(
        statut=StatutCourriel.EN_COURS, dernier_essai_le__lt=maintenant - ENVOI_INTERROMPU
    )
    interrompus.update(statut=StatutCourriel.A_REESSAYER, prochain_essai=maintenant)
    # Un e-mail « à envoyer » récent a sa tâche en file : on ne reprend que ceux qu'un travailleur aurait dû traiter.
    anciens = Courriel.objects.dus(maintenant).exclude(
        statut=StatutCourriel.A_ENVOYER, cree_le__gt=maintenant - ENVOI_INTERROMPU
    )
    identifiants = list(anciens.values_list("pk", flat=True)[:1000])
    for identifiant in identifiants:
        _mettre_en_file(identifiant)
    return len(identifiants)


@transaction.atomic
def renvoyer(*, courriel, pilote):
    """Un pilote relance un e-mail en échec (après avoir réparé la configuration d'envoi, par exemple)."""
    if not pilote.est_pilote:
        raise PermissionError("Seul un pilote relance un e-mail.")
    modifies = (
        Courriel.objects.en_echec().filter(pk=courriel.pk).update(statut=StatutCourriel.A_ENVOYER, prochain_essai=None)
    )
    if modifies:
        _mettre_en_file(courriel.pk)
    return bool(modifies)


@transaction.atomic
def se_desabonner(*, utilisateur, categorie):
    if categorie in CATEGORIES_SECURITE:
        raise ValueError("Les e-mails de sécurité du compte ne se désactivent pas.")
    Desabonnement.objects.get_or_create(utilisateur=utilisateur, categorie=categorie)


@transaction.atomic
def choisir_courriels(*, utilisateur, categories_voulues):
    """Réglages : l'utilisateur reçoit par e-mail les catégories cochées, pas les autres."""
    voulues = set(categories_voulues)
    for categorie in Categorie.values:
        if categorie in CATEGORIES_SECURITE:
            continue
        if categorie in voulues:
            Desabonnement.objects.filter(utilisateur=utilisateur, categorie=categorie).delete()
        else:
            Desabonnement.objects.get_or_create(utilisateur=utilisateur, categorie=categorie)


def marquer_lues(*, utilisateur, notifications=None):
    qs = Notification.objects.non_lues().filter(utilisateur=utilisateur)
    if notifications is not None:
        qs = qs.filter(pk__in=[n.pk for n in notifications])
    return qs.update(lue_le=timezone.now())
