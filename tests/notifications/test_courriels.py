"""File d'e-mails : l'action réussit même si le serveur SMTP est en panne, l'e-mail est réessayé puis visible."""

import io
import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from osezia.comptes.models import Utilisateur
from osezia.notifications import services
from osezia.notifications.enums import Categorie, StatutCourriel
from osezia.notifications.models import Courriel
from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory

pytestmark = pytest.mark.django_db

EN_PANNE = "tests.notifications.test_courriels.SmtpEnPanne"
INSCRIPTION = {
    "role": "entreprise",
    "prenom": "Nadia",
    "nom": "Fournier",
    "email": "nadia.fournier@exemple.fr",
    "mot_de_passe": MOT_DE_PASSE,
    "mot_de_passe_confirmation": MOT_DE_PASSE,
}


def _courriel_a(personne):
    return services.envoyer_courriel(
        destinataire=personne.email,
        categorie=Categorie.MOT_DE_PASSE,
        sujet="Essai",
        corps="Texte",
        utilisateur=personne,
    )


class SmtpEnPanne(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "Service indisponible")


def test_inscription_reussie_quand_le_serveur_smtp_est_en_panne_puis_e_mail_reessaye(client, settings):
    settings.EMAIL_BACKEND = EN_PANNE
    reponse = client.post(reverse("comptes:inscription"), INSCRIPTION)
    assert reponse.status_code == 302 and reponse.url == reverse("diagnostic:demarrer")
    utilisateur = Utilisateur.objects.get(email=INSCRIPTION["email"])
    courriel = Courriel.objects.get(utilisateur=utilisateur)
    assert courriel.statut == StatutCourriel.A_REESSAYER and courriel.tentatives == 1
    assert "SMTPConnectError" in courriel.derniere_erreur and "Service indisponible" in courriel.derniere_erreur
    assert timedelta(seconds=50) < courriel.prochain_essai - timezone.now() <= timedelta(minutes=1)
    assert mail.outbox == []

    # Trop tôt : rien n'est réessayé.
    call_command("taches_periodiques", stdout=io.StringIO())
    courriel.refresh_from_db()
    assert courriel.tentatives == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        call_command("taches_periodiques", stdout=io.StringIO())
    courriel.refresh_from_db()
    assert courriel.statut == StatutCourriel.ENVOYE and courriel.tentatives == 2 and courriel.derniere_erreur == ""
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [INSCRIPTION["email"]]
    assert "/comptes/confirmer/" in mail.outbox[0].body
    # Un e-mail de sécurité n'a pas de lien de désabonnement.
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers


def test_abandon_apres_six_essais_puis_relance_par_un_pilote(client, settings):
    settings.EMAIL_BACKEND = EN_PANNE
    personne = UtilisateurFactory()
    courriel = _courriel_a(personne)
    instant = timezone.now()
    for _ in services.DELAIS_NOUVEL_ESSAI:
        instant += timedelta(hours=13)
        with time_machine.travel(instant):
            services.relancer_courriels()
    courriel.refresh_from_db()
    assert courriel.statut == StatutCourriel.ABANDONNE and courriel.tentatives == 6 and courriel.prochain_essai is None

    pilote = UtilisateurFactory(pilote=True)
    client.force_login(pilote)
    page = client.get(reverse("notifications:courriels")).content.decode()
    assert personne.email in page and "Échec définitif" in page and "Service indisponible" in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reponse = client.post(reverse("notifications:renvoyer", args=[courriel.pk]), follow=True)
    assert "remis en file" in reponse.content.decode()
    courriel.refresh_from_db()
    assert courriel.statut == StatutCourriel.ENVOYE and len(mail.outbox) == 1


def test_la_page_des_e_mails_est_reservee_aux_pilotes(client):
    client.force_login(UtilisateurFactory())
    assert client.get(reverse("notifications:courriels")).status_code == 403
    assert client.post(reverse("notifications:renvoyer", args=[1])).status_code == 403


def test_un_e_mail_n_est_jamais_envoye_deux_fois(settings):
    personne = UtilisateurFactory()
    courriel = _courriel_a(personne)
    assert services.expedier(courriel.pk) == "déjà traité"
    services.relancer_courriels()
    assert len(mail.outbox) == 1


def test_un_envoi_interrompu_par_un_travailleur_arrete_est_repris():
    personne = UtilisateurFactory()
    courriel = _courriel_a(personne)
    Courriel.objects.filter(pk=courriel.pk).update(statut=StatutCourriel.EN_COURS, dernier_essai_le=timezone.now())
    services.relancer_courriels()
    assert Courriel.objects.get(pk=courriel.pk).statut == StatutCourriel.EN_COURS  # peut-être encore en cours
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        services.relancer_courriels()
    assert Courriel.objects.get(pk=courriel.pk).statut == StatutCourriel.ENVOYE and len(mail.outbox) == 2


def test_reinitialisation_du_mot_de_passe_sans_erreur_quand_le_smtp_est_en_panne(client, settings):
    settings.EMAIL_BACKEND = EN_PANNE
    personne = UtilisateurFactory()
    reponse = client.post(reverse("comptes:mot_de_passe_oublie"), {"email": personne.email})
    assert reponse.status_code == 302
    courriel = Courriel.objects.get(destinataire=personne.email)
    assert courriel.categorie == Categorie.MOT_DE_PASSE and courriel.statut == StatutCourriel.A_REESSAYER
