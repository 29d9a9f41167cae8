"""Après 5 mots de passe faux, la connexion est suspendue 15 minutes, même avec le bon mot de passe."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory

pytestmark = pytest.mark.django_db


def _connexion(client, email, mot_de_passe, adresse="203.0.113.7"):
    return client.post(reverse("comptes:connexion"), {"username": email, "password": mot_de_passe}, REMOTE_ADDR=adresse)


def test_cinq_mots_de_passe_faux_suspendent_le_compte_puis_le_delai_passe(client):
    personne = UtilisateurFactory()
    for _ in range(4):
        reponse = _connexion(client, personne.email, "faux mot de passe")
        assert reponse.status_code == 200 and "Adresse e-mail ou mot de passe incorrect" in reponse.content.decode()
    bloquee = _connexion(client, personne.email, "faux mot de passe")
    assert bloquee.status_code == 429 and "Connexion suspendue pour 15 minutes" in bloquee.content.decode()
    # Le bon mot de passe, même depuis une autre adresse : toujours refusé pendant le délai.
    assert _connexion(client, personne.email, MOT_DE_PASSE, adresse="198.51.100.2").status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        reponse = _connexion(client, personne.email, MOT_DE_PASSE, adresse="198.51.100.2")
        assert reponse.status_code == 302 and reponse.url == reverse("comptes:tableau_de_bord")


def test_une_adresse_qui_essaie_plusieurs_comptes_est_suspendue(client):
    comptes = UtilisateurFactory.create_batch(5)
    for personne in comptes:
        reponse = _connexion(client, personne.email, "faux mot de passe", adresse="192.0.2.50")
    assert reponse.status_code == 429
    assert _connexion(client, UtilisateurFactory().email, MOT_DE_PASSE, adresse="192.0.2.50").status_code == 429
    assert _connexion(client, comptes[0].email, MOT_DE_PASSE, adresse="192.0.2.51").status_code == 302
