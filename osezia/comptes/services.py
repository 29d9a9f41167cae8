"""Écritures sur les comptes et les organisations."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from osezia.comptes.enums import DUREE_JETON_DEFAUT, ROLES_INSCRIPTION, DureeJeton, Role
from osezia.comptes.models import JetonAPI, Utilisateur
from osezia.journal import services as journal
from osezia.journal.enums import Action
from osezia.notifications import services as notifications
from osezia.notifications.enums import Categorie
from osezia.organisations.enums import TypeOrganisation
from osezia.organisations.models import Membre, Organisation

SEL_CONFIRMATION = "osezia.comptes.confirmation-email"
DUREE_CONFIRMATION = 7 * 24 * 3600
TYPE_PAR_ROLE = {Role.ENTREPRISE: TypeOrganisation.ENTREPRISE, Role.FOURNISSEUR: TypeOrganisation.FOURNISSEUR}


@transaction.atomic
def inscrire(*, email, mot_de_passe, prenom, nom, role, base_url):
    """Crée le compte et met en file l'e-mail de confirmation, ensemble ou pas du tout."""
    if role not in ROLES_INSCRIPTION:
        raise ValueError("Ce rôle ne s'obtient pas par inscription.")
    utilisateur = Utilisateur(email=email.lower(), first_name=prenom, last_name=nom, role=role)
    utilisateur.set_password(mot_de_passe)
    utilisateur.full_clean()
    utilisateur.save()
    envoyer_confirmation(utilisateur, base_url=base_url)
    return utilisateur


def jeton_confirmation(utilisateur):
    return signing.dumps({"id": utilisateur.pk, "email": utilisateur.email}, salt=SEL_CONFIRMATION)


def envoyer_confirmation(utilisateur, *, base_url):
    """Met l'e-mail en file : une panne du serveur SMTP ne fait pas échouer l'inscription (il est réessayé)."""
    lien = base_url + reverse("comptes:confirmer_email", args=[jeton_confirmation(utilisateur)])
    contexte = {"utilisateur": utilisateur, "lien": lien, "jours": DUREE_CONFIRMATION // 86400}
    notifications.envoyer_courriel(
        destinataire=utilisateur.email,
        categorie=Categorie.CONFIRMATION_EMAIL,
        sujet="Confirmez votre adresse e-mail sur osezia",
        corps=render_to_string("comptes/emails/confirmation.txt", contexte),
        utilisateur=utilisateur,
    )


def confirmer_email(jeton):
    """Renvoie l'utilisateur dont l'adresse est confirmée, ou None si le lien est faux ou expiré."""
    try:
        donnees = signing.loads(jeton, salt=SEL_CONFIRMATION, max_age=DUREE_CONFIRMATION)
    except signing.BadSignature:
        return None
    utilisateur = Utilisateur.objects.filter(pk=donnees.get("id"), email=donnees.get("email")).first()
    if utilisateur and utilisateur.email_verifie_le is None:
        utilisateur.email_verifie_le = timezone.now()
        utilisateur.save(update_fields=["email_verifie_le"])
    return utilisateur


def organisation_de(utilisateur):
    """L'organisation pour laquelle agit l'utilisateur (une seule à ce stade de la plateforme)."""
    if not utilisateur.is_authenticated:
        return None
    return Organisation.objects.filter(membres__utilisateur=utilisateur).select_related("naf", "region").first()


@transaction.atomic
def enregistrer_organisation(*, utilisateur, formulaire):
    """Crée l'organisation de l'utilisateur (il en devient administrateur) ou enregistre ses modifications."""
    organisation = formulaire.save(commit=False)
    creation = organisation.pk is None
    if creation:
        organisation.type = TYPE_PAR_ROLE[utilisateur.role]
    organisation.full_clean(exclude=["slug"])  # l'identifiant d'adresse est calculé à l'enregistrement
    organisation.save()
    formulaire.save_m2m()
    if creation:
        Membre.objects.create(utilisateur=utilisateur, organisation=organisation, est_administrateur=True)
    return organisation


def _empreinte(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def creer_jeton(*, utilisateur, nom, duree_jours=DUREE_JETON_DEFAUT, lecture_seule=False):
    """Crée un jeton valable `duree_jours` (30, 90 ou 365) et renvoie (jeton, valeur en clair) : la valeur n'est
    montrée qu'une fois."""
    if duree_jours not in DureeJeton.values:
        raise ValidationError(
            {"duree_jours": f"Durée non proposée : {', '.join(DureeJeton(d).label for d in DureeJeton.values)}."}
        )
    prefixe = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    jeton = JetonAPI(
        utilisateur=utilisateur,
        nom=nom.strip(),
        prefixe=prefixe,
        empreinte=_empreinte(secret),
        expire_le=timezone.now() + timedelta(days=duree_jours),
        lecture_seule=lecture_seule,
    )
    jeton.full_clean()
    jeton.save()
    journal.consigner(
        acteur=utilisateur,
        action=Action.JETON_CREE,
        organisation=organisation_de(utilisateur),
        objet=jeton,
        details=_details_jeton(jeton),
    )
    return jeton, f"osz_{prefixe}_{secret}"


def _details_jeton(jeton):
    # Le préfixe, déjà affiché dans la liste des jetons, identifie le jeton sans rien dire du secret.
    return {
        "nom": jeton.nom,
        "prefixe": jeton.prefixe,
        "droits": "lecture seule" if jeton.lecture_seule else "lecture et écriture",
        "expire_le": timezone.localtime(jeton.expire_le).strftime("%d/%m/%Y"),
    }


class JetonExpire(Exception):
    def __init__(self, jeton):
        self.jeton = jeton
        super().__init__(f"Jeton expiré le {jeton.expire_le.isoformat()}")


def jeton_valide(valeur):
    """Le jeton non révoqué d'un utilisateur actif qui porte cette valeur, ou None ; JetonExpire s'il a expiré
    (dit seulement à qui détient la vraie valeur)."""
    try:
        _, prefixe, secret = valeur.split("_", 2)
    except ValueError:
        return None
    jeton = JetonAPI.objects.actifs().select_related("utilisateur").filter(prefixe=prefixe).first()
    if jeton is None or not hmac.compare_digest(jeton.empreinte, _empreinte(secret)) or not jeton.utilisateur.is_active:
        return None
    maintenant = timezone.now()
    if jeton.est_expire(maintenant):
        raise JetonExpire(jeton)
    JetonAPI.objects.filter(pk=jeton.pk).update(derniere_utilisation=maintenant)
    return jeton


@transaction.atomic
def revoquer_jeton(*, jeton, utilisateur):
    if jeton.utilisateur_id != utilisateur.pk:
        raise PermissionError("Ce jeton appartient à un autre compte.")
    if jeton.revoque_le is not None:
        return  # déjà révoqué : la première date reste
    jeton.revoque_le = timezone.now()
    jeton.save(update_fields=["revoque_le"])
    journal.consigner(
        acteur=utilisateur,
        action=Action.JETON_REVOQUE,
        organisation=organisation_de(utilisateur),
        objet=jeton,
        details=_details_jeton(jeton),
    )
