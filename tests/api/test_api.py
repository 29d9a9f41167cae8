import csv
import io
import json

import pytest

from osezia.cas_usage.chargement import slugs_canoniques
from tests.catalogue.factories import SolutionFactory

pytestmark = pytest.mark.django_db


def test_cas_usage_liste_tous_les_slugs_canoniques(client):
    donnees = client.get("/api/v1/cas-usage/").json()
    assert set(slugs_canoniques()) <= {c["slug"] for c in donnees["resultats"]}
    assert donnees["nombre"] == len(donnees["resultats"])


def test_cas_usage_detail(client):
    donnees = client.get("/api/v1/cas-usage/preselection-candidatures").json()
    assert donnees["ai_act"]["niveau"] == "haut-risque"
    assert donnees["ai_act_echeance"]["date"] == "2027-12-02"
    assert "2026/1744" in donnees["ai_act_version"]
    assert donnees["secteurs"] and donnees["sources"] and donnees["prerequis"]["donnees"]


def test_404_en_json_et_en_francais(client):
    reponse = client.get("/api/v1/cas-usage/inconnu")
    assert reponse.status_code == 404 and reponse.json() == {"detail": "Ressource introuvable."}
    assert client.get("/api/v1/secteurs/ZZ").status_code == 404
    assert client.get("/api/v1/solutions/inconnue").status_code == 404


def test_secteurs_arbre_et_recherche(client):
    arbre = client.get("/api/v1/secteurs/").json()
    assert len(arbre) == 21
    industrie = next(s for s in arbre if s["code"] == "C")
    assert industrie["enfants"][0]["enfants"][0]["enfants"][0]["enfants"][0]["niveau"] == "sous-classe"
    trouves = client.get("/api/v1/secteurs/", {"q": "boulangerie"}).json()
    assert "10.71C" in [s["code"] for s in trouves]
    detail = client.get("/api/v1/secteurs/10.71C").json()
    assert detail["division"] == "10" and detail["cas_usage"]


def test_recherche_de_solutions_avec_filtres_et_facettes(client):
    SolutionFactory(publiee=True, nom="Kiwi factures", hebergement="france", tailles_cibles=["TPE"])
    donnees = client.get("/api/v1/solutions/", {"q": "factures", "hebergement": "france", "taille": "TPE"}).json()
    assert "Kiwi factures" in [s["nom"] for s in donnees["resultats"]]
    assert all(s["hebergement"] == "france" for s in donnees["resultats"])
    assert {f["cle"] for f in donnees["facettes"]} >= {"hebergement", "taille", "fonction"}
    assert donnees["page"] == 1 and donnees["pages"] >= 1


def test_pagination(client):
    page2 = client.get("/api/v1/solutions/", {"par_page": 5, "page": 2}).json()
    assert page2["page"] == 2 and len(page2["resultats"]) == 5 and page2["par_page"] == 5


@pytest.mark.parametrize(
    "parametres, champ, message",
    [
        ({"pirate": "1"}, "__all__", "Paramètre inconnu : pirate"),
        ({"page": "abc"}, "page", "nombre entier"),
        ({"par_page": "1000"}, "par_page", "inférieure ou égale à 100"),
        ({"hebergement": "lune"}, "hebergement", "Sélectionnez un choix valide"),
        ({"secteur": "ZZ"}, "secteur", "Valeur inconnue : ZZ"),
        ({"type": "cas_usage"}, "type", "n'est pas accepté ici"),
        ({"q": "x" * 300}, "q", "200 caractères"),
    ],
)
def test_parametres_invalides_400_json_francais(client, parametres, champ, message):
    reponse = client.get("/api/v1/solutions/", parametres)
    assert reponse.status_code == 400
    corps = reponse.json()
    assert corps["detail"] == "Paramètres invalides."
    assert message in " ".join(corps["erreurs"][champ])


def test_parametres_inconnus_refuses_partout(client):
    for url in (
        "/api/v1/cas-usage/",
        "/api/v1/cas-usage/traitement-factures",
        "/api/v1/secteurs/",
        "/api/v1/fournisseurs/",
        "/api/v1/export/solutions.csv",
    ):
        assert client.get(url, {"pirate": "1"}).status_code == 400, url


def test_recherche_globale(client):
    donnees = client.get("/api/v1/recherche/", {"q": "devis", "type": "cas_usage"}).json()
    assert donnees["resultats"] and all(r["type"] == "cas_usage" for r in donnees["resultats"])
    assert "<mark>" not in json.dumps(donnees)


def test_fournisseurs(client):
    donnees = client.get("/api/v1/fournisseurs/").json()
    assert donnees["nombre"] >= 19
    premier = donnees["resultats"][0]
    detail = client.get(f"/api/v1/fournisseurs/{premier['slug']}").json()
    assert detail["nom"] == premier["nom"] and detail["solutions"]
    # Au-delà de la dernière page : une page vide, comme /solutions/ ; au-delà de la borne du schéma : 400.
    vide = client.get("/api/v1/fournisseurs/", {"page": "999"})
    assert vide.status_code == 200 and vide.json()["resultats"] == [] and vide.json()["page"] == 999
    assert client.get("/api/v1/fournisseurs/", {"page": "10001"}).status_code == 400


def test_exports_open_data(client):
    reponse = client.get("/api/v1/export/solutions.csv")
    assert reponse["Content-Type"].startswith("text/csv")
    lignes = list(csv.DictReader(io.StringIO(reponse.content.decode())))
    assert len(lignes) >= 48 and {"slug", "cas_usage", "hebergement", "credit", "est_demo"} <= set(lignes[0])
    contenu = client.get("/api/v1/export/solutions.json").json()
    assert "Licence Ouverte" in contenu["licence"] and len(contenu["solutions"]) == len(lignes)


def test_l_export_csv_neutralise_les_formules(client):
    SolutionFactory(publiee=True, nom='=HYPERLINK("http://x","clic")', description_courte="+33 1 23 45 67 89")
    lignes = list(csv.DictReader(io.StringIO(client.get("/api/v1/export/solutions.csv").content.decode())))
    ligne = next(li for li in lignes if "HYPERLINK" in li["nom"])
    assert ligne["nom"] == '\'=HYPERLINK("http://x","clic")'
    assert ligne["description_courte"] == "'+33 1 23 45 67 89"
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for li in lignes for v in li.values() if v)
    # Le JSON garde la valeur telle quelle : aucun tableur ne l'interprète.
    solutions = client.get("/api/v1/export/solutions.json").json()["solutions"]
    assert any(sol["nom"] == '=HYPERLINK("http://x","clic")' for sol in solutions)


def test_openapi_et_documentation(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/cas-usage/", "/api/v1/solutions/", "/api/v1/secteurs/", "/api/v1/fournisseurs/"} <= set(
        schema["paths"]
    )
    noms = {p["name"] for p in schema["paths"]["/api/v1/solutions/"]["get"]["parameters"]}
    assert {"q", "fonction", "secteur", "taille", "prix", "hebergement", "certification", "page"} <= noms
    assert client.get("/api/v1/docs").status_code == 200


def test_fournisseurs_memes_filtres_page_et_api(client):
    api = client.get("/api/v1/fournisseurs/", {"region": "84"}).json()
    assert api["nombre"] >= 1 and all(f["region"] == "Auvergne-Rhône-Alpes" for f in api["resultats"])
    page = client.get("/fournisseurs/", {"region": "84"})
    assert page.context["page"].paginator.count == api["nombre"]
    labels = client.get("/api/v1/fournisseurs/", {"label": "expertcyber"}).json()
    assert labels["nombre"] >= 1
    erreur = client.get("/api/v1/fournisseurs/", {"region": "99"})
    assert erreur.status_code == 400 and "region" in erreur.json()["erreurs"]
    assert "Sélectionnez un choix valide" in client.get("/fournisseurs/", {"region": "99"}).content.decode()
