"""Le contrat de l'API tel que l'OpenAPI le dit : bornes, erreurs documentées, 415, 409, jetons."""

import json

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from osezia.comptes.enums import DureeJeton
from osezia.comptes.services import creer_jeton
from osezia.diagnostic.models import Diagnostic
from tests.diagnostic.factories import diagnostic, membre_entreprise, reponses

pytestmark = pytest.mark.django_db
RECOMMANDATIONS = "/api/v1/diagnostics/recommandations"


@pytest.fixture
def openapi(client):
    return client.get("/api/v1/openapi.json").json()


def test_les_bornes_de_pagination_sont_declarees_et_appliquees(client, openapi):
    for chemin, bornes in (
        ("/api/v1/solutions/", {"page": (1, 500), "par_page": (1, 100)}),
        ("/api/v1/recherche/", {"page": (1, 500), "par_page": (1, 100)}),
        ("/api/v1/fournisseurs/", {"page": (1, 10_000)}),
    ):
        parametres = {p["name"]: p["schema"] for p in openapi["paths"][chemin]["get"]["parameters"]}
        for nom, (minimum, maximum) in bornes.items():
            assert (parametres[nom]["minimum"], parametres[nom]["maximum"]) == (minimum, maximum), (chemin, nom)
            for hors_bornes in (minimum - 1, maximum + 1, ""):
                reponse = client.get(chemin, {nom: hors_bornes})
                assert reponse.status_code == 400, (chemin, nom, hors_bornes)
                assert reponse.json()["detail"] == "Paramètres invalides." and reponse.json()["erreurs"][nom]


def test_chaque_erreur_est_documentee_avec_le_corps_json(openapi):
    attendues = {
        ("get", "/api/v1/solutions/"): {"400"},
        ("get", "/api/v1/solutions/{slug}"): {"400", "404"},
        ("get", "/api/v1/secteurs/"): {"400", "422"},
        ("post", RECOMMANDATIONS): {"400", "415", "422", "429"},
        ("get", "/api/v1/diagnostics/{pk}"): {"400", "401", "404"},
        ("post", "/api/v1/diagnostics/"): {"400", "401", "403", "409", "415", "422"},
        ("patch", "/api/v1/diagnostics/{pk}"): {"400", "401", "403", "404", "415", "422"},
    }
    for (methode, chemin), codes in attendues.items():
        reponses = openapi["paths"][chemin][methode]["responses"]
        assert {c for c in reponses if c.startswith("4")} == codes, (methode, chemin)
        for code in codes:
            schema = reponses[code]["content"]["application/json"]["schema"]
            assert schema["$ref"].rsplit("/", 1)[1] in ("Erreur", "ConflitBrouillon"), (methode, chemin, code)
    assert {"detail", "erreurs"} <= set(openapi["components"]["schemas"]["Erreur"]["properties"])
    export = openapi["paths"]["/api/v1/export/solutions.csv"]["get"]["responses"]
    assert "text/csv" in export["200"]["content"] and "400" in export


def test_les_valeurs_en_base_sont_enumerees(openapi):
    parametres = {p["name"]: p["schema"] for p in openapi["paths"]["/api/v1/solutions/"]["get"]["parameters"]}
    assert "47" in parametres["secteur"]["items"]["enum"] and "C" in parametres["secteur"]["items"]["enum"]
    assert "traitement-factures" in parametres["cas"]["items"]["enum"]
    profil = openapi["components"]["schemas"]["ProfilEntree"]["properties"]
    assert {"", "47.11F", "47"} <= set(profil["naf"]["enum"]) and "84" in profil["region"]["enum"]
    assert profil["description"]["pattern"] == "^[^\\x00]*$"


@pytest.mark.parametrize(
    "type_contenu, corps",
    [
        ("text/plain", '{"besoins": "factures"}'),
        ("application/x-www-form-urlencoded", "besoins=factures"),
        ("multipart/form-data; boundary=X", '--X\r\nContent-Disposition: form-data; name="b"\r\n\r\nf\r\n--X--\r\n'),
    ],
)
def test_un_corps_qui_n_est_pas_du_json_est_refuse_en_415(client, type_contenu, corps):
    reponse = client.post(RECOMMANDATIONS, corps, content_type=type_contenu)
    assert reponse.status_code == 415
    assert "Type de contenu non accepté" in reponse.json()["detail"] and "application/json" in reponse.json()["detail"]


def test_415_aussi_pour_les_ecritures_authentifiees(client):
    membre = membre_entreprise(naf_id="46.31Z")
    diag = diagnostic(membre, termine=False)
    _, valeur = creer_jeton(utilisateur=membre.utilisateur, nom="t")
    entete = {"Authorization": f"Bearer {valeur}"}
    reponse = client.patch(
        f"/api/v1/diagnostics/{diag.pk}", '{"besoins": "x"}', content_type="text/plain", headers=entete
    )
    assert reponse.status_code == 415
    # Sans authentification, c'est d'abord 401.
    assert client.patch(f"/api/v1/diagnostics/{diag.pk}", "x", content_type="text/plain").status_code == 401


def test_une_demi_paire_utf16_isolee_est_un_400_en_francais(client):
    reponse = client.post(RECOMMANDATIONS, '{"besoins": "factures \\ud800"}', content_type="application/json")
    assert reponse.status_code == 400 and "demi-paire UTF-16" in reponse.json()["detail"]


def test_un_seul_brouillon_par_entreprise_par_l_api(client):
    membre = membre_entreprise(naf_id="46.31Z")
    client.force_login(membre.utilisateur)
    premier = client.post("/api/v1/diagnostics/", json.dumps({"besoins": "Devis"}), content_type="application/json")
    assert premier.status_code == 201
    second = client.post("/api/v1/diagnostics/", json.dumps({"besoins": "Autre"}), content_type="application/json")
    assert second.status_code == 409
    corps = second.json()
    assert "déjà en cours de saisie" in corps["detail"] and corps["diagnostic_en_cours"]["id"] == premier.json()["id"]
    assert Diagnostic.objects.filter(entreprise=membre.organisation).count() == 1
    assert Diagnostic.objects.get().besoins == "Devis"
    # Une fois terminé, on peut en commencer un autre (T1), comme sur le site.
    termine = client.patch(
        f"/api/v1/diagnostics/{premier.json()['id']}",
        json.dumps({"reponses": reponses(1)}),
        content_type="application/json",
    )
    assert termine.json()["statut"] == "en_cours"
    assert client.post("/api/v1/diagnostics/", "{}", content_type="application/json").status_code == 201


def test_la_session_sans_jeton_csrf_est_refusee_en_francais():
    membre = membre_entreprise(naf_id="46.31Z")
    client = Client(enforce_csrf_checks=True)
    client.force_login(membre.utilisateur)
    reponse = client.post("/api/v1/diagnostics/", "{}", content_type="application/json")
    assert reponse.status_code == 403 and "Jeton CSRF absent ou invalide" in reponse.json()["detail"]


def test_un_jeton_expire_est_refuse_en_401_avec_sa_date(client):
    membre = membre_entreprise()
    diag = diagnostic(membre)
    jeton, valeur = creer_jeton(utilisateur=membre.utilisateur, nom="tableur", duree_jours=DureeJeton.UN_MOIS)
    assert (jeton.expire_le - timezone.now()).days in (29, 30)
    entete = {"Authorization": f"Bearer {valeur}"}
    assert client.get(f"/api/v1/diagnostics/{diag.pk}", headers=entete).status_code == 200
    with time_machine.travel(jeton.expire_le + timezone.timedelta(seconds=1)):
        reponse = client.get(f"/api/v1/diagnostics/{diag.pk}", headers=entete)
    assert reponse.status_code == 401 and reponse.json()["detail"].startswith("Ce jeton a expiré le ")


def test_un_jeton_en_lecture_seule_lit_mais_n_ecrit_pas(client):
    membre = membre_entreprise(naf_id="46.31Z")
    diag = diagnostic(membre, termine=False)
    _, valeur = creer_jeton(utilisateur=membre.utilisateur, nom="lecture", lecture_seule=True)
    entete = {"Authorization": f"Bearer {valeur}"}
    assert client.get(f"/api/v1/diagnostics/{diag.pk}", headers=entete).status_code == 200
    assert client.get("/api/v1/diagnostics/", headers=entete).status_code == 200
    ecritures = [
        client.patch(
            f"/api/v1/diagnostics/{diag.pk}", '{"besoins": "x"}', content_type="application/json", headers=entete
        ),
        client.post("/api/v1/diagnostics/", "{}", content_type="application/json", headers=entete),
        client.put(f"/api/v1/diagnostics/{diag.pk}", "{}", content_type="application/json", headers=entete),
        client.delete(f"/api/v1/diagnostics/{diag.pk}", headers=entete),
    ]
    for reponse in ecritures[:2]:
        assert reponse.status_code == 403 and "lecture seule" in reponse.json()["detail"]
    # PUT et DELETE n'existent pas sur cette adresse : 405, rien n'est écrit.
    assert [r.status_code for r in ecritures[2:]] == [405, 405]
    diag.refresh_from_db()
    assert diag.besoins != "x"


def test_une_duree_de_jeton_non_proposee_est_refusee():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        creer_jeton(utilisateur=membre_entreprise().utilisateur, nom="x", duree_jours=1000)


@pytest.mark.parametrize(
    "corps, champ, message",
    [
        ({"effectif": True}, "effectif", "Un nombre entier est attendu."),
        ({"effectif": "12"}, "effectif", "Un nombre entier est attendu."),
        ({"maturite": {"strategie": False}}, "maturite.strategie", "Un nombre est attendu."),
        ({"top": 2.5}, "top", "Un nombre entier est attendu."),
    ],
)
def test_pas_de_conversion_silencieuse_d_un_type_json(client, corps, champ, message):
    # Trouvé par schemathesis : pydantic prenait `true` pour 1 ; le schéma dit « integer », la requête est refusée
    # (mais 12.0 est un entier pour JSON Schema, et passe).
    reponse = client.post(
        RECOMMANDATIONS, json.dumps({"description": "Boulangerie", **corps}), content_type="application/json"
    )
    assert reponse.status_code == 422 and reponse.json()["erreurs"][champ] == [message]


def test_un_entier_ecrit_12_point_0_est_un_entier(client):
    corps = {"id": "ligne-7", "description": "Boulangerie", "effectif": 12.0}
    assert client.post(RECOMMANDATIONS, json.dumps(corps), content_type="application/json").status_code == 200
    assert client.post(RECOMMANDATIONS, json.dumps(corps), content_type="application/json").json()["id"] == "ligne-7"
