"""Écritures sur les comptes et les organisations."""

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from osezia.comptes.enums import ROLES_INSCRIPTION, Role
from osezia.comptes.models import Utilisateur
from osezia.organisations.enums import TypeOrganisation
from osezia.organisations.models import Membre, Organisation

SEL_CONFIRMATION = "osezia.comptes.confirmation-email"
DUREE_CONFIRMATION = 7 * 24 * 3600
TYPE_PAR_ROLE = {Role.ENTREPRISE: TypeOrganisation.ENTREPRISE, Role.FOURNISSEUR: TypeOrganisation.FOURNISSEUR}


@transaction.atomic
def inscrire(*, email, mot_de_passe, prenom, nom, role):
    if role not in ROLES_INSCRIPTION:
        raise ValueError("Ce rôle ne s'obtient pas par inscription.")
    utilisateur = Utilisateur(email=email.lower(), first_name=prenom, last_name=nom, role=role)
    utilisateur.set_password(mot_de_passe)
    utilisateur.full_clean()
    utilisateur.save()
    return utilisateur


def jeton_confirmation(utilisateur):
    return signing.dumps({"id": utilisateur.pk, "email": utilisateur.email}, salt=SEL_CONFIRMATION)


def envoyer_confirmation(utilisateur, *, base_url):
    lien = base_url + reverse("comptes:confirmer_email", args=[jeton_confirmation(utilisateur)])
    contexte = {"utilisateur": utilisateur, "lien": lien, "jours": DUREE_CONFIRMATION // 86400}
    send_mail(
        subject="Confirmez votre adresse e-mail sur osezia",
        message=render_to_string("comptes/emails/confirmation.txt", contexte),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[utilisateur.email],
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
