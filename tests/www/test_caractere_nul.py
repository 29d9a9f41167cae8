"""Des entrées qui faisaient des erreurs serveur : un caractère nul (U+0000) où qu'il soit, un identifiant qui n'en
est pas un. Chacune reçoit une réponse en français et rien n'est écrit."""

import json

import pytest
from django.urls import reverse

from osezia.comptes.models import Utilisateur
from tests.www.test_comptes import INSCRIPTION

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "adresse, parametres",
    [
        ("/api/v1/solutions/a%00b", {}),
        ("/api/v1/solutions/", {"secteur": "\x00"}),
        ("/api/v1/recherche/", {"q": "factures\x00"}),
    ],
)
def test_api_en_lecture(client, adresse, parametres):
    reponse = client.get(adresse, parametres)
    assert reponse.status_code == 400
    assert "caractère nul" in reponse.json()["detail"]


def test_api_en_ecriture_json(client):
    corps = json.dumps({"naf": "47\u0000", "effectif": 3})
    reponse = client.post("/api/v1/diagnostics/recommandations", corps, content_type="application/json")
    assert reponse.status_code == 400 and "caractère nul" in reponse.json()["detail"]
    # Un « \u0000 » échappé (une barre oblique, pas un caractère nul) reste un texte permis.
    corps = json.dumps({"naf": "47.11F", "effectif": 3, "besoins": "chemin C:\\u0000"})
    reponse = client.post("/api/v1/diagnostics/recommandations", corps, content_type="application/json")
    assert reponse.status_code == 200


def test_page_html_et_formulaire(client):
    reponse = client.get("/recherche/", {"secteur": "\x00"})
    assert reponse.status_code == 400
    assert "caractère nul" in reponse.content.decode()
    reponse = client.post(reverse("comptes:inscription"), {**INSCRIPTION, "nom": "Bou\x00cher"})
    assert reponse.status_code == 400
    assert not Utilisateur.objects.filter(email__iexact=INSCRIPTION["email"]).exists()
    # Sans caractère nul, la même inscription passe.
    reponse = client.post(reverse("comptes:inscription"), INSCRIPTION)
    assert reponse.status_code == 302


def test_un_identifiant_qui_n_en_est_pas_un_donne_un_message_pas_une_erreur_serveur(client):
    from tests.comptes.factories import UtilisateurFactory
    from tests.diagnostic.factories import membre_entreprise

    membre = membre_entreprise()
    client.force_login(membre.utilisateur)
    reponse = client.post(reverse("diagnostic:partage"), {"retirer": "abc"}, follow=True)
    assert reponse.status_code == 200 and "Ce partage n&#x27;existe pas" in reponse.content.decode()
    client.force_login(UtilisateurFactory())
    reponse = client.post(reverse("comptes:jetons"), {"revoquer": "abc"}, follow=True)
    assert reponse.status_code == 200 and "Ce jeton n&#x27;existe pas" in reponse.content.decode()


def test_pages_privees_jamais_gardees_en_cache_et_permissions_policy_partout(client):
    from tests.comptes.factories import UtilisateurFactory

    publique = client.get("/")
    assert "no-store" not in publique.get("Cache-Control", "")
    assert "camera=()" in publique["Permissions-Policy"] and "geolocation=()" in publique["Permissions-Policy"]
    client.force_login(UtilisateurFactory())
    for chemin in ["/", "/comptes/", "/comptes/jetons-api/", "/notifications/"]:
        reponse = client.get(chemin)
        assert reponse.status_code == 200 and "no-store" in reponse["Cache-Control"], chemin
        assert "private" in reponse["Cache-Control"]
    assert "no-store" in client.get("/api/v1/diagnostics/", HTTP_AUTHORIZATION="Bearer osz_x_y")["Cache-Control"]
