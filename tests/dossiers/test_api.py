"""L'API des dossiers : mêmes droits que les pages, erreurs {detail, erreurs} en français, jamais de 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from osezia.dossiers.enums import Etat
from osezia.dossiers.models import Dossier, PieceDossier
from tests.diagnostic.factories import conseiller_avec_portefeuille, membre_entreprise
from tests.dossiers.factories import CAS_USAGE, brouillon, dossier, fichier_pdf, instructeur
from tests.projets.factories import projet

pytestmark = pytest.mark.django_db
BASE = "/api/v1/dossiers/"


def _json(client, url, donnees):
    return client.post(url, donnees, content_type="application/json")


def test_creer_joindre_deposer_puis_lire(client):
    membre = membre_entreprise(naf_id="46.31Z")
    instructeur()
    p = projet(membre, cas_usage=CAS_USAGE)
    client.force_login(membre.utilisateur)
    reponse = _json(client, BASE, {"projet": p.pk, "dispositif": "ia-booster-france-2030", "montant_demande": 20000})
    assert reponse.status_code == 201, reponse.content
    corps = reponse.json()
    assert corps["etat"] == "brouillon" and corps["pieces_manquantes"] == ["devis", "kbis"]
    url = f"{BASE}{corps['id']}"
    reponse = _json(client, f"{url}/etat", {"vers": "depose"})
    assert reponse.status_code == 409 and "Pièce obligatoire manquante" in reponse.json()["detail"]
    for code in ("devis", "kbis"):
        reponse = client.post(f"{url}/pieces", {"code": code, "fichier": fichier_pdf(f"{code}.pdf")})
        assert reponse.status_code == 201, reponse.content
    reponse = _json(client, f"{url}/etat", {"vers": "depose"})
    assert reponse.status_code == 200 and reponse.json()["etat"] == "depose"
    assert reponse.json()["eligibilite_statut"] in ("eligible", "a_verifier")
    assert _json(client, f"{url}/messages", {"texte": "Merci de votre attention."}).status_code == 201
    assert len(client.get(f"{url}/messages").json()) == 1
    assert client.get(f"{url}/annotations").status_code == 403


def test_un_executable_renomme_pdf_donne_409_et_rien_n_est_ecrit(client):
    d = brouillon(pieces=False)
    client.force_login(d.cree_par)
    exe = SimpleUploadedFile("devis.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    reponse = client.post(f"{BASE}{d.pk}/pieces", {"code": "devis", "fichier": exe})
    assert reponse.status_code == 409 and "ne correspond pas à son extension" in reponse.json()["detail"]
    assert not PieceDossier.objects.filter(dossier=d).exists()


def test_droits_lecture_et_decision(client):
    membre = membre_entreprise(naf_id="46.31Z")
    qui, structure = instructeur()
    d = dossier(membre, etat=Etat.EN_INSTRUCTION, instruction=(qui, structure))
    autre_instructeur, _ = instructeur(dispositif="pionniers-ia")
    avec, _ = conseiller_avec_portefeuille(membre.organisation)
    for personne, attendu in ((membre_entreprise().utilisateur, 404), (autre_instructeur, 404), (avec, 200)):
        client.force_login(personne)
        assert client.get(f"{BASE}{d.pk}").status_code == attendu
    client.force_login(avec)
    assert _json(client, f"{BASE}{d.pk}/etat", {"vers": "accorde", "montant": 10}).status_code == 403
    client.force_login(autre_instructeur)
    assert _json(client, f"{BASE}{d.pk}/etat", {"vers": "accorde", "montant": 10}).status_code == 404
    client.force_login(membre.utilisateur)
    reponse = _json(client, f"{BASE}{d.pk}/etat", {"vers": "accorde", "montant": 10})
    assert reponse.status_code == 403 and "instruction" in reponse.json()["detail"]
    client.force_login(qui)
    file_ = client.get(f"{BASE}instruction")
    assert file_.status_code == 200 and [x["id"] for x in file_.json()] == [d.pk]
    assert client.get(f"{BASE}instruction", {"etat": "lune"}).status_code == 422
    assert _json(client, f"{BASE}{d.pk}/annotations", {"texte": "Dossier solide."}).status_code == 201
    version = client.get(f"{BASE}{d.pk}").json()["version"]
    reponse = _json(client, f"{BASE}{d.pk}/etat", {"vers": "refuse", "texte": ""})
    assert reponse.status_code == 409 and "Motivez" in reponse.json()["detail"]
    reponse = _json(client, f"{BASE}{d.pk}/etat", {"vers": "accorde", "montant": 12000, "version": version})
    assert reponse.status_code == 200 and reponse.json()["montant_accorde"] == 12000
    # Une seconde décision sur la version lue avant : 409, message clair, rien d'écrasé.
    reponse = _json(client, f"{BASE}{d.pk}/etat", {"vers": "refuse", "texte": "Non.", "version": version})
    assert reponse.status_code == 409
    assert Dossier.objects.get(pk=d.pk).etat == Etat.ACCORDE
    assert _json(client, f"{BASE}{d.pk}/etat", {"vers": "accorde", "montant": True}).status_code == 422


def test_decider_un_brouillon_ou_rouvrir_un_dossier_verse(client):
    qui, structure = instructeur()
    verse = dossier(etat=Etat.VERSE, instruction=(qui, structure))
    client.force_login(qui)
    reponse = _json(client, f"{BASE}{verse.pk}/etat", {"vers": "en_instruction"})
    assert reponse.status_code == 409 and "« Versé » ne passe pas" in reponse.json()["detail"]
    b = brouillon()
    assert _json(client, f"{BASE}{b.pk}/etat", {"vers": "accorde", "montant": 5}).status_code == 404
    client.force_login(b.cree_par)
    reponse = _json(client, f"{BASE}{b.pk}/etat", {"vers": "accorde", "montant": 5})
    assert reponse.status_code == 409 and "« Brouillon » ne passe pas" in reponse.json()["detail"]
