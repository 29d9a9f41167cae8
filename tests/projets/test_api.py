"""API des projets : mêmes droits que les pages, erreurs en JSON français ({detail, erreurs}), jamais de 500, rien
d'écrit à moitié."""

import pytest

from osezia.comptes.services import creer_jeton
from osezia.projets.enums import Etape
from osezia.projets.models import Mesure, Projet
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.factories import conseiller_avec_portefeuille, diagnostic, membre_entreprise
from tests.projets.factories import indicateur, projet

pytestmark = pytest.mark.django_db
API = "/api/v1/projets"


def _jeton(utilisateur, **options):
    return {"HTTP_AUTHORIZATION": f"Bearer {creer_jeton(utilisateur=utilisateur, nom='essai', **options)[1]}"}


def _post(client, url, corps, entetes):
    return client.post(url, corps, content_type="application/json", **entetes)


@pytest.fixture
def membre():
    return membre_entreprise(naf_id="46.31Z")


def test_creer_depuis_une_recommandation_faire_avancer_mesurer_et_lire(client, membre):
    entetes = _jeton(membre.utilisateur)
    diag = diagnostic(membre)
    recommandation = diag.recommandations.first()
    reponse = _post(
        client,
        f"{API}/",
        {
            "titre": "Commandes par SMS",
            "objectif": "Ne plus ressaisir.",
            "cas_usage": recommandation.cas_usage.slug,
            "recommandation": recommandation.pk,
            "budget_prevu": 8000,
            "date_debut": "2026-01-05",
            "date_cible": "2026-06-30",
        },
        entetes,
    )
    assert reponse.status_code == 201, reponse.json()
    cree = reponse.json()
    assert cree["diagnostic"] == diag.pk and cree["etape"] == "idee" and "cadrage" in cree["etapes_possibles"]
    pk = cree["id"]
    assert _post(client, f"{API}/{pk}/etape", {"vers": "cadrage"}, entetes).json()["etape"] == "cadrage"
    i = _post(
        client,
        f"{API}/{pk}/indicateurs",
        {"libelle": "Temps de saisie", "unite": "minutes", "valeur_reference": 120, "date_reference": "2026-01-05"},
        entetes,
    )
    assert i.status_code == 201
    m = _post(
        client, f"{API}/{pk}/indicateurs/{i.json()['id']}/mesures", {"date": "2026-02-01", "valeur": 80.5}, entetes
    )
    assert m.status_code == 201 and m.json()["mesures"] == [
        {"id": m.json()["mesures"][0]["id"], "date": "2026-02-01", "valeur": 80.5}
    ]
    assert _post(client, f"{API}/{pk}/commentaires", {"texte": "On avance."}, entetes).status_code == 201
    types = [e["type"] for e in client.get(f"{API}/{pk}/chronologie", **entetes).json()]
    assert types == ["commentaire", "mesure", "indicateur", "etape", "creation"]
    modifie = client.patch(f"{API}/{pk}", {"budget_depense": 1500}, content_type="application/json", **entetes)
    assert modifie.status_code == 200 and modifie.json()["budget_depense"] == 1500
    assert [p["id"] for p in client.get(f"{API}/", **entetes).json()] == [pk]


@pytest.mark.parametrize(
    ("chemin", "corps", "statut", "morceau"),
    [
        ("etape", {"vers": "production"}, 409, "ne passe pas à l'étape « En production »"),
        ("etape", {"vers": "abandonne"}, 409, "Choisissez pourquoi"),
        ("etape", {"vers": "lune"}, 422, "Valeur non permise"),
        ("mesure", {"date": "2025-12-01", "valeur": 80}, 409, "ne peut pas précéder"),
        ("mesure", {"date": "2026-02-01", "valeur": 80, "unite": "heures"}, 409, "se mesure en « minutes »"),
        ("mesure", {"date": "2026-02-01", "valeur": True}, 422, "nombre"),
        ("mesure", {"date": 1767225600, "valeur": 3}, 422, "AAAA-MM-JJ"),
        ("patch", {"budget_depense": -1}, 422, "supérieure ou égale à 0"),
        ("patch", {"date_debut": "2026-05-01", "date_cible": "2026-04-01"}, 409, "date visée"),
        ("patch", {"equipe": [999999]}, 409, "membres de l'entreprise"),
        ("patch", {"titre": "   "}, 422, ""),
        ("patch", {"inconnu": 1}, 422, "Paramètre inconnu"),
    ],
)
def test_entrees_refusees_sans_rien_ecrire(client, membre, chemin, corps, statut, morceau):
    p = projet(membre)
    i = indicateur(p, membre.utilisateur)
    entetes = _jeton(membre.utilisateur)
    avant = (p.changements.count(), Mesure.objects.count(), p.budget_depense, p.date_debut)
    if chemin == "patch":
        reponse = client.patch(f"{API}/{p.pk}", corps, content_type="application/json", **entetes)
    elif chemin == "mesure":
        reponse = _post(client, f"{API}/{p.pk}/indicateurs/{i.pk}/mesures", corps, entetes)
    else:
        reponse = _post(client, f"{API}/{p.pk}/{chemin}", corps, entetes)
    assert reponse.status_code == statut
    corps_reponse = reponse.json()
    assert "detail" in corps_reponse
    assert morceau in corps_reponse["detail"] + str(corps_reponse.get("erreurs"))
    p.refresh_from_db()
    assert (p.changements.count(), Mesure.objects.count(), p.budget_depense, p.date_debut) == avant


def test_droits_de_l_api(client, membre):
    p = projet(membre)
    conseiller, _ = conseiller_avec_portefeuille(membre.organisation)
    sans, _ = conseiller_avec_portefeuille(membre_entreprise().organisation)
    autre = membre_entreprise().utilisateur
    pilote = UtilisateurFactory(pilote=True)
    lecture = {membre.utilisateur: 200, conseiller: 200, pilote: 200, autre: 404, sans: 404}
    for qui, attendu in lecture.items():
        assert client.get(f"{API}/{p.pk}", **_jeton(qui)).status_code == attendu
        assert client.get(f"{API}/{p.pk}/chronologie", **_jeton(qui)).status_code == attendu
    assert client.get(f"{API}/{p.pk}").status_code == 401
    # Le conseiller commente et fait avancer ; il ne modifie pas la fiche ni n'abandonne ; le pilote observe.
    assert _post(client, f"{API}/{p.pk}/commentaires", {"texte": "Bien."}, _jeton(conseiller)).status_code == 201
    assert (
        client.patch(f"{API}/{p.pk}", {"titre": "X"}, content_type="application/json", **_jeton(conseiller)).status_code
        == 403
    )
    refus = _post(client, f"{API}/{p.pk}/etape", {"vers": "abandonne", "motif": "cout"}, _jeton(conseiller))
    assert refus.status_code == 403 and "décision de l'entreprise" in refus.json()["detail"]
    assert _post(client, f"{API}/{p.pk}/etape", {"vers": "cadrage"}, _jeton(pilote)).status_code == 403
    assert _post(client, f"{API}/{p.pk}/etape", {"vers": "cadrage"}, _jeton(autre)).status_code == 404
    assert _post(client, f"{API}/{p.pk}/etape", {"vers": "cadrage"}, _jeton(conseiller)).status_code == 200
    # Un jeton en lecture seule lit, n'écrit pas.
    seule = _jeton(membre.utilisateur, lecture_seule=True)
    assert client.get(f"{API}/{p.pk}", **seule).status_code == 200
    assert _post(client, f"{API}/{p.pk}/etape", {"vers": "poc"}, seule).status_code == 403
    assert client.delete(f"{API}/{p.pk}", **seule).status_code == 403
    assert client.delete(f"{API}/{p.pk}", **_jeton(conseiller)).status_code == 403
    assert client.delete(f"{API}/{p.pk}", **_jeton(membre.utilisateur)).status_code == 204
    assert not Projet.objects.filter(pk=p.pk).exists()


def test_session_sans_csrf_refusee_en_ecriture(membre):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(membre.utilisateur)
    p = projet(membre)
    assert client.get(f"{API}/{p.pk}").status_code == 200
    reponse = client.post(f"{API}/{p.pk}/etape", {"vers": "cadrage"}, content_type="application/json")
    assert reponse.status_code == 403 and "CSRF" in reponse.json()["detail"]
    p.refresh_from_db()
    assert p.etape == Etape.IDEE


def test_un_autre_type_de_contenu_est_refuse(client, membre):
    p = projet(membre)
    reponse = client.post(f"{API}/{p.pk}/etape", {"vers": "cadrage"}, **_jeton(membre.utilisateur))
    assert reponse.status_code == 415


def test_seule_une_entreprise_cree_un_projet(client):
    conseiller = UtilisateurFactory(conseiller=True)
    reponse = _post(
        client, f"{API}/", {"titre": "X", "objectif": "Y", "cas_usage": "aide-chiffrage-devis"}, _jeton(conseiller)
    )
    assert reponse.status_code == 403
