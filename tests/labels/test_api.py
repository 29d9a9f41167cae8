"""API des labels : mêmes droits et mêmes services que les pages ; erreurs en JSON français, jamais de 500."""

import pytest

from osezia.labels.enums import StatutCandidature, StatutLabel
from osezia.labels.models import Candidature, DecisionCritere, Label
from tests.catalogue.factories import SolutionFactory
from tests.comptes.factories import UtilisateurFactory
from tests.labels.factories import MembreFournisseurFactory, avis_favorable, deposee, evaluateur_delegue, fichier_pdf

pytestmark = pytest.mark.django_db


def _json(client, url, donnees):
    return client.post(url, donnees, content_type="application/json")


def test_le_registre_se_lit_sans_compte(client):
    reponse = client.get("/api/v1/labels/")
    assert reponse.status_code == 200
    assert any(ligne["label_de_demonstration"] for ligne in reponse.json())


def test_candidater_joindre_deposer(client):
    membre = MembreFournisseurFactory()
    solution = SolutionFactory(publiee=True, fournisseur=membre.organisation)
    client.force_login(membre.utilisateur)
    corps = {"fournisseur": membre.organisation.pk, "regime": "iso-42001", "solutions": [solution.pk]}
    reponse = _json(client, "/api/v1/labels/candidatures", corps)
    assert reponse.status_code == 201, reponse.content
    candidature = reponse.json()
    assert candidature["preuves_manquantes"] == ["certificat", "accreditation"]
    url = f"/api/v1/labels/candidatures/{candidature['id']}"
    reponse = client.post(f"{url}/depot")
    assert reponse.status_code == 409 and "Preuve obligatoire manquante" in reponse.json()["detail"]
    reponse = client.post(f"{url}/preuves", {"critere": "certificat", "fichier": fichier_pdf("c.pdf", b"MZ\x90\x00")})
    assert reponse.status_code == 409 and "ne correspond pas" in reponse.json()["detail"]
    reponse = client.post(f"{url}/preuves", {"critere": "inconnu", "fichier": fichier_pdf()})
    assert reponse.status_code == 409 and "Critère inconnu" in reponse.json()["detail"]
    for critere in ("certificat", "accreditation"):
        assert client.post(f"{url}/preuves", {"critere": critere, "fichier": fichier_pdf()}).status_code == 201
    reponse = client.post(f"{url}/depot")
    assert reponse.status_code == 200 and reponse.json()["statut"] == StatutCandidature.DEPOSEE
    # Une seconde candidature au même label pendant que la première est en cours : 409.
    assert _json(client, "/api/v1/labels/candidatures", corps).status_code == 409
    # La solution d'un autre fournisseur : 409, rien d'écrit.
    autre = SolutionFactory(publiee=True)
    corps = {"fournisseur": membre.organisation.pk, "regime": "lne-processus-ia", "solutions": [autre.pk]}
    assert _json(client, "/api/v1/labels/candidatures", corps).status_code == 409
    assert Candidature.objects.filter(fournisseur=membre.organisation).count() == 1


def test_matrice_des_droits_de_l_api(client):
    candidature = deposee()
    url = f"/api/v1/labels/candidatures/{candidature.pk}"
    decision = avis_favorable(candidature)
    cas = {
        "autre_fournisseur": (MembreFournisseurFactory().utilisateur, 404, 404),
        "non_delegue": (evaluateur_delegue("lne-processus-ia"), 404, 404),
        "entreprise": (UtilisateurFactory(), 404, 404),
        "proprietaire": (candidature.cree_par, 200, 403),
    }
    for nom, (personne, lecture, ecriture) in cas.items():
        client.force_login(personne)
        assert client.get(url).status_code == lecture, nom
        reponse = _json(client, f"{url}/decision", {"avis": decision})
        assert reponse.status_code == ecriture, nom
        assert "detail" in reponse.json()
    assert not DecisionCritere.objects.filter(candidature=candidature).exists()
    client.logout()
    assert client.get(url).status_code == 401
    assert client.get("/api/v1/labels/candidatures").status_code == 401


def test_decision_par_l_api(client):
    candidature = deposee()
    client.force_login(evaluateur_delegue())
    url = f"/api/v1/labels/candidatures/{candidature.pk}/decision"
    avis = avis_favorable(candidature)
    avis["certificat"]["motivation"] = ""
    reponse = _json(client, url, {"avis": avis})
    assert reponse.status_code == 409
    assert "motivation_certificat" in reponse.json()["erreurs"]
    assert _json(client, url, {"avis": "non"}).status_code == 422
    assert not DecisionCritere.objects.filter(candidature=candidature).exists()
    reponse = _json(client, url, {"avis": avis_favorable(candidature)})
    assert reponse.status_code == 200 and reponse.json()["statut"] == StatutCandidature.ACCORDEE
    label = Label.objects.get(candidature=candidature)
    statut = f"/api/v1/labels/{label.pk}/statut"
    assert _json(client, statut, {"vers": "expire", "motif": "Non."}).status_code == 403
    assert _json(client, statut, {"vers": "suspendu", "motif": " "}).status_code == 409
    reponse = _json(client, statut, {"vers": "suspendu", "motif": "Plainte d'un client en cours d'examen."})
    assert reponse.status_code == 200 and reponse.json()["statut"] == StatutLabel.SUSPENDU
    client.force_login(candidature.cree_par)
    assert _json(client, statut, {"vers": "valide", "motif": "Je me rétablis."}).status_code == 404
