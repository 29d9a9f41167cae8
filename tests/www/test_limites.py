"""Limites de débit : création de compte, mot de passe oublié, création de jeton d'API, recommandations sans compte.
Au-delà de la limite : 429 en français avec Retry-After, rien n'est écrit ; la fenêtre passée, tout repasse."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from osezia.comptes.models import JetonAPI, Utilisateur
from osezia.utils import limites
from osezia.utils.models import CompteurLimite
from tests.comptes.factories import UtilisateurFactory
from tests.www.test_comptes import INSCRIPTION

pytestmark = pytest.mark.django_db

RECOMMANDATIONS = "/api/v1/diagnostics/recommandations"


def _inscription(numero):
    return {**INSCRIPTION, "email": f"dirigeant{numero}@exemple.fr"}


def test_creations_de_compte_limitees_par_adresse(client, time_machine):
    time_machine.move_to(timezone.now().replace(minute=0, second=0), tick=False)
    # La base de test compte déjà les comptes de démonstration de `charger_demo`.
    avant = Utilisateur.objects.count()
    for numero in range(20):
        client.post(reverse("comptes:inscription"), _inscription(numero))
        client.logout()
    assert Utilisateur.objects.count() == avant + 20
    reponse = client.post(reverse("comptes:inscription"), _inscription(99))
    assert reponse.status_code == 429
    assert "Trop de créations de compte en peu de temps : réessayez dans 60 minutes" in reponse.content.decode()
    assert reponse["Retry-After"] == "3600"
    assert not Utilisateur.objects.filter(email="dirigeant99@exemple.fr").exists()
    # Une autre adresse IP n'est pas concernée ; l'heure suivante, la première repasse.
    assert client.post(reverse("comptes:inscription"), _inscription(98), REMOTE_ADDR="10.0.0.2").status_code == 302
    client.logout()
    time_machine.shift(timedelta(hours=1))
    assert client.post(reverse("comptes:inscription"), _inscription(99)).status_code == 302


def test_afficher_le_formulaire_ne_compte_pas(client):
    for _ in range(30):
        assert client.get(reverse("comptes:inscription")).status_code == 200
    assert CompteurLimite.objects.count() == 0


def test_mot_de_passe_oublie_limite_par_adresse_visee(client):
    UtilisateurFactory(email="cible@exemple.fr")
    for _ in range(3):
        client.post(reverse("comptes:mot_de_passe_oublie"), {"email": "Cible@exemple.fr"})
    assert len(mail.outbox) == 3
    reponse = client.post(reverse("comptes:mot_de_passe_oublie"), {"email": "cible@exemple.fr"}, REMOTE_ADDR="10.9.9.9")
    assert reponse.status_code == 429 and "Trop de demandes de nouveau mot de passe" in reponse.content.decode()
    assert len(mail.outbox) == 3  # aucun e-mail de plus vers la boîte visée


def test_mot_de_passe_oublie_limite_par_adresse_ip(client):
    for numero in range(10):
        client.post(reverse("comptes:mot_de_passe_oublie"), {"email": f"inconnu{numero}@exemple.fr"})
    reponse = client.post(reverse("comptes:mot_de_passe_oublie"), {"email": "autre@exemple.fr"})
    assert reponse.status_code == 429


def test_creation_de_jetons_limitee_par_compte_mais_pas_la_revocation(client):
    utilisateur = UtilisateurFactory()
    client.force_login(utilisateur)
    for numero in range(10):
        client.post(reverse("comptes:jetons"), {"nom": f"jeton {numero}", "duree_jours": "30", "droits": "lecture"})
    assert JetonAPI.objects.filter(utilisateur=utilisateur).count() == 10
    reponse = client.post(reverse("comptes:jetons"), {"nom": "de trop", "duree_jours": "30", "droits": "lecture"})
    assert reponse.status_code == 429 and "Trop de créations de jeton d&#x27;API" in reponse.content.decode()
    assert JetonAPI.objects.filter(utilisateur=utilisateur).count() == 10
    jeton = JetonAPI.objects.filter(utilisateur=utilisateur).first()
    assert client.post(reverse("comptes:jetons"), {"revoquer": str(jeton.pk)}).status_code == 302
    # Un autre compte, même adresse IP, crée le sien.
    client.force_login(UtilisateurFactory())
    reponse = client.post(reverse("comptes:jetons"), {"nom": "à moi", "duree_jours": "30", "droits": "lecture"})
    assert reponse.status_code == 200


def test_recommandations_sans_compte_limitees_en_json(client):
    corps = json.dumps({"description": "Boulangerie artisanale, nous jetons des invendus tous les soirs."})
    for _ in range(30):
        assert client.post(RECOMMANDATIONS, corps, content_type="application/json").status_code == 200
    reponse = client.post(RECOMMANDATIONS, corps, content_type="application/json")
    assert reponse.status_code == 429 and reponse["Content-Type"].startswith("application/json")
    assert reponse.json()["detail"].startswith("Trop de demandes de recommandations en peu de temps : réessayez dans")
    assert 1 <= int(reponse["Retry-After"]) <= 60


def test_429_documente_dans_l_openapi(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"][RECOMMANDATIONS]["post"]
    assert "429" in operation["responses"]


def test_adresse_ip_derriere_un_repartiteur(rf, settings):
    settings.OSEZIA = {**settings.OSEZIA, "ENTETE_IP": "HTTP_X_REAL_IP"}
    assert limites.adresse_ip(rf.get("/", HTTP_X_REAL_IP="203.0.113.7", REMOTE_ADDR="10.0.0.1")) == "203.0.113.7"
    assert limites.adresse_ip(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


def test_compteurs_gardes_sans_adresse_en_clair_et_purges(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    client.post(reverse("comptes:inscription"), _inscription(1), REMOTE_ADDR="198.51.100.4")
    compteur = CompteurLimite.objects.get()
    assert "198.51.100.4" not in compteur.cle and len(compteur.cle) == 64
    assert limites.purger_expires() == "0 compteur(s) effacé(s)"
    time_machine.shift(timedelta(hours=2))
    assert limites.purger_expires() == "1 compteur(s) effacé(s)"
