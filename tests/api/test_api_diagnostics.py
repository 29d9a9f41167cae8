import json

import pytest

from osezia.comptes.services import creer_jeton, revoquer_jeton
from osezia.diagnostic.models import Diagnostic
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.factories import conseiller_avec_portefeuille, diagnostic, membre_entreprise, reponses

pytestmark = pytest.mark.django_db
URL = "/api/v1/diagnostics/recommandations"


def poster(client, url, corps, **kwargs):
    return client.post(
        url, json.dumps(corps) if not isinstance(corps, str) else corps, content_type="application/json", **kwargs
    )


def test_recommandations_sans_compte_rien_n_est_enregistre(client):
    avant = Diagnostic.objects.count()
    reponse = poster(
        client,
        URL,
        {"naf": "49.41A", "effectif": 45, "besoins": "nos plans de transport sont faits à la main la veille", "top": 3},
    )
    assert reponse.status_code == 200
    recommandations = reponse.json()["recommandations"]
    assert len(recommandations) == 3 and recommandations[0]["cas_usage"] == "optimisation-tournees"
    assert recommandations[0]["raisons"] and recommandations[0]["horizon"] in ("rapide", "structurant", "plus-tard")
    assert Diagnostic.objects.count() == avant


@pytest.mark.parametrize(
    "corps, statut, morceau",
    [
        ("{pas du json", 400, "pas du JSON valide"),
        ({"naf": "99.99Z", "besoins": "x"}, 422, "Code NAF inconnu"),
        ({"region": "99", "besoins": "x"}, 422, "Région inconnue"),
        ({"effectif": -3, "besoins": "x"}, 422, "supérieure ou égale à 0"),
        ({"besoins": "x" * 5001}, 422, "5000 caractères au plus"),
        ({"besoins": "x", "inconnu": 1}, 422, "Paramètre inconnu"),
        ({"besoins": "x", "maturite": {"donnees": 140}}, 422, "inférieure ou égale à 100"),
        ({"besoins": "x", "maturite": {"inconnue": 40}}, 422, "Paramètre inconnu"),
        ({"besoins": " \t "}, 400, "rien à recommander"),
        ({}, 400, "rien à recommander"),
        ({"besoins": "x", "top": 0}, 422, "supérieure ou égale à 1"),
    ],
)
def test_recommandations_entrees_invalides(client, corps, statut, morceau):
    reponse = poster(client, URL, corps)
    assert reponse.status_code == statut
    assert morceau in json.dumps(reponse.json(), ensure_ascii=False)


def test_les_diagnostics_demandent_une_authentification(client):
    assert client.get("/api/v1/diagnostics/").status_code == 401
    assert poster(client, "/api/v1/diagnostics/", {}).status_code == 401


def test_creer_completer_lire_et_pdf(client):
    membre = membre_entreprise(naf_id="46.31Z")
    client.force_login(membre.utilisateur)
    reponse = poster(
        client,
        "/api/v1/diagnostics/",
        {"description": "Grossiste en primeurs", "besoins": "Commandes par SMS à ressaisir chaque matin."},
    )
    assert reponse.status_code == 201
    cree = reponse.json()
    assert cree["statut"] == "brouillon" and len(cree["questions_sans_reponse"]) == 25
    # Question inconnue, liste pour une question à choix unique : 422 avec le champ en cause, pas d'erreur serveur.
    for reponses_invalides, message in (
        ({"question_inconnue": "x"}, "Paramètre inconnu."),
        ({"strategie_projets": ["a"]}, "Valeur non permise"),
    ):
        mauvaise = client.patch(
            f"/api/v1/diagnostics/{cree['id']}",
            json.dumps({"reponses": reponses_invalides}),
            content_type="application/json",
        )
        cle = "reponses." + next(iter(reponses_invalides))
        assert mauvaise.status_code == 422 and message in mauvaise.json()["erreurs"][cle][0]
    complet = client.patch(
        f"/api/v1/diagnostics/{cree['id']}", json.dumps({"reponses": reponses(1)}), content_type="application/json"
    )
    assert complet.status_code == 200
    donnees = complet.json()
    assert (
        donnees["statut"] == "en_cours" and donnees["recommandations"][0]["cas_usage"] == "prise-commandes-automatique"
    )
    assert client.get("/api/v1/diagnostics/").json()[0]["id"] == cree["id"]
    pdf = client.get(f"/api/v1/diagnostics/{cree['id']}/rapport.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_une_entreprise_ne_lit_pas_les_diagnostics_d_une_autre(client):
    autre = diagnostic()
    client.force_login(membre_entreprise().utilisateur)
    assert client.get(f"/api/v1/diagnostics/{autre.pk}").status_code == 404
    assert client.get(f"/api/v1/diagnostics/{autre.pk}/rapport.pdf").status_code == 404
    assert client.patch(f"/api/v1/diagnostics/{autre.pk}", "{}", content_type="application/json").status_code == 404
    assert client.get("/api/v1/diagnostics/").json() == []


def test_le_conseiller_lit_son_portefeuille_seulement(client):
    membre = membre_entreprise()
    suivi, autre = diagnostic(membre), diagnostic()
    conseiller, _ = conseiller_avec_portefeuille(membre.organisation)
    client.force_login(conseiller)
    assert [d["id"] for d in client.get("/api/v1/diagnostics/").json()] == [suivi.pk]
    assert client.get(f"/api/v1/diagnostics/{autre.pk}").status_code == 404


def test_jeton_personnel(client):
    membre = membre_entreprise()
    diag = diagnostic(membre)
    jeton, valeur = creer_jeton(utilisateur=membre.utilisateur, nom="tableur")
    entete = {"Authorization": f"Bearer {valeur}"}
    assert client.get(f"/api/v1/diagnostics/{diag.pk}", headers=entete).status_code == 200
    assert (
        client.get(f"/api/v1/diagnostics/{diag.pk}", headers={"Authorization": "Bearer osz_faux_faux"}).status_code
        == 401
    )
    revoquer_jeton(jeton=jeton, utilisateur=membre.utilisateur)
    assert client.get(f"/api/v1/diagnostics/{diag.pk}", headers=entete).status_code == 401


def test_sans_entreprise_renseignee(client):
    client.force_login(UtilisateurFactory())
    reponse = poster(client, "/api/v1/diagnostics/", {})
    assert reponse.status_code == 400 and "Renseignez d'abord votre entreprise" in reponse.json()["detail"]
