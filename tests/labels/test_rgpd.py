"""L'export RGPD d'un fournisseur contient ses candidatures aux labels : preuves (noms des fichiers), avis motivé sur
chaque critère, label et changements de statut ; pas les adresses des évaluateurs, rien d'une autre organisation."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from osezia.labels import services
from osezia.labels.enums import StatutLabel
from tests.comptes.factories import UtilisateurFactory
from tests.labels.factories import MembreFournisseurFactory, avis_favorable, brouillon, deposee
from tests.organisations.factories import MembreFactory

pytestmark = pytest.mark.django_db


def _donnees(client, utilisateur, organisation):
    client.force_login(utilisateur)
    reponse = client.get(reverse("rgpd:telecharger", args=[organisation.pk]))
    assert reponse.status_code == 200
    return json.loads(zipfile.ZipFile(io.BytesIO(reponse.content)).read("donnees.json"))


def test_l_export_contient_candidatures_preuves_avis_labels_et_statuts(client):
    membre = MembreFournisseurFactory()
    pilote = UtilisateurFactory(pilote=True, email="pilote.evaluateur@example.org")
    candidature = deposee(membre)
    avis = avis_favorable(candidature)
    avis["certificat"]["motivation"] = "Certificat n° 42 lu, valable jusqu'en 2027."
    label = services.decider(candidature=candidature, par=pilote, avis=avis)
    services.changer_statut(
        label=label, vers=StatutLabel.SUSPENDU, par=pilote, motif="Certificat suspendu par l'organisme."
    )
    services.creer_candidature(
        utilisateur=membre.utilisateur,
        fournisseur=membre.organisation,
        regime=candidature.regime.__class__.objects.get(code="labelia-ia-responsable"),
        solutions=[candidature.solutions.get()],
    )

    donnees = _donnees(client, membre.utilisateur, membre.organisation)

    exportees = donnees["candidatures_aux_labels"]
    assert [c["code_label"] for c in exportees] == ["iso-42001", "labelia-ia-responsable"]
    accordee = exportees[0]
    assert accordee["statut"] == "Label accordé" and accordee["solutions"] == [candidature.solutions.get().nom]
    assert accordee["creee_par"]["email"] == membre.utilisateur.email
    assert {p["fichier"] for p in accordee["preuves"]} == {p.nom for p in candidature.preuves.all()}
    assert all(p["type"] == "application/pdf" and p["taille"] > 0 for p in accordee["preuves"])
    noms_criteres = {c["code"]: c["nom"] for c in candidature.regime.criteres}
    certificat = next(d for d in accordee["decisions"] if d["critere"] == noms_criteres["certificat"])
    assert certificat == {
        "critere": noms_criteres["certificat"],
        "satisfait": True,
        "motivation": "Certificat n° 42 lu, valable jusqu'en 2027.",
        "le": certificat["le"],
        "par": "Pilote du programme",
    }
    assert len(accordee["decisions"]) == len(candidature.regime.criteres)
    exporte = accordee["label"]
    assert exporte["statut"] == "Suspendu" and exporte["expire_le"] == label.expire_le.isoformat()
    assert [(c["de"], c["vers"], c["motif"]) for c in exporte["changements_de_statut"]] == [
        ("", "Valide", "Label accordé."),
        ("Valide", "Suspendu", "Certificat suspendu par l'organisme."),
    ]
    brouillon_exporte = exportees[1]
    assert brouillon_exporte["statut"] == "Brouillon" and brouillon_exporte["label"] is None
    assert brouillon_exporte["decisions"] == [] and brouillon_exporte["preuves"] == []
    # L'évaluateur n'est pas membre : son rôle est exporté, pas son adresse.
    assert "pilote.evaluateur@example.org" not in json.dumps(donnees)


def test_l_expiration_est_attribuee_a_la_plateforme(client):
    membre = MembreFournisseurFactory()
    candidature = deposee(membre)
    label = services.decider(
        candidature=candidature, par=UtilisateurFactory(pilote=True), avis=avis_favorable(candidature)
    )
    services.changer_statut(label=label, vers=StatutLabel.EXPIRE, par=None, motif="Échéance atteinte.")
    donnees = _donnees(client, membre.utilisateur, membre.organisation)
    changement = donnees["candidatures_aux_labels"][0]["label"]["changements_de_statut"][-1]
    assert changement["vers"] == "Expiré" and changement["par"] == "La plateforme (traitement automatique)"


def test_l_export_d_une_autre_organisation_ne_contient_pas_ces_candidatures(client):
    candidature = brouillon()
    autre = MembreFournisseurFactory()
    assert _donnees(client, autre.utilisateur, autre.organisation)["candidatures_aux_labels"] == []
    # Un membre qui n'administre pas l'organisation n'exporte rien (règle de l'export), un étranger ne la voit pas.
    simple = MembreFactory(organisation=candidature.fournisseur, est_administrateur=False)
    client.force_login(simple.utilisateur)
    assert client.get(reverse("rgpd:telecharger", args=[candidature.fournisseur_id])).status_code == 403
    client.force_login(autre.utilisateur)
    assert client.get(reverse("rgpd:telecharger", args=[candidature.fournisseur_id])).status_code == 404
