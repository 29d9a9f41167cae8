"""Les projets IA dans le RGPD : l'export les contient (étapes, indicateurs, commentaires, documents et leurs
fichiers) ; l'effacement de l'organisation les efface, fichiers déposés compris."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from osezia.projets import services as projets
from osezia.projets.enums import Etape
from osezia.projets.models import DocumentProjet, Projet
from osezia.rgpd import services
from osezia.rgpd.enums import DELAI_EFFACEMENT
from tests.comptes.factories import MOT_DE_PASSE
from tests.diagnostic.factories import membre_entreprise
from tests.projets.factories import projet

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF"


@pytest.fixture
def projet_documente():
    membre = membre_entreprise(naf_id="10.71C", effectif=8)
    p = projet(membre, etape=Etape.POC, mesure=True)
    projets.commenter(projet=p, auteur=membre.utilisateur, texte="Premier essai sur les commandes du samedi.")
    document = projets.deposer_document(
        projet=p, utilisateur=membre.utilisateur, fichier=SimpleUploadedFile("devis.pdf", PDF)
    )
    return membre, p, document


def test_l_export_contient_les_projets_et_leurs_documents(client, projet_documente):
    membre, p, document = projet_documente
    client.force_login(membre.utilisateur)
    reponse = client.get(reverse("rgpd:telecharger", args=[membre.organisation.pk]))
    archive = zipfile.ZipFile(io.BytesIO(reponse.content))
    (exporte,) = json.loads(archive.read("donnees.json"))["projets"]
    assert exporte["titre"] == p.titre and exporte["etape"] == "Preuve de concept (POC)"
    assert [c["vers"] for c in exporte["changements_d_etape"]] == ["Cadrage", "Preuve de concept (POC)"]
    assert exporte["indicateurs"][0]["mesures"] == [{"date": "2026-02-02", "valeur": "75.00"}]
    assert exporte["commentaires"][0]["texte"] == "Premier essai sur les commandes du samedi."
    assert exporte["systeme_ia"] is None
    (fiche,) = exporte["documents"]
    assert archive.read(fiche["fichier"]) == PDF


def test_l_effacement_efface_les_projets_et_les_fichiers(client, projet_documente, django_capture_on_commit_callbacks):
    membre, p, document = projet_documente
    stockage, nom = document.fichier.storage, document.fichier.name
    assert stockage.exists(nom)
    client.force_login(membre.utilisateur)
    client.post(
        reverse("rgpd:donnees", args=[membre.organisation.pk]),
        {"nom": membre.organisation.nom, "mot_de_passe": MOT_DE_PASSE},
    )
    plus_tard = timezone.now() + DELAI_EFFACEMENT + timedelta(days=1)
    with time_machine.travel(plus_tard), django_capture_on_commit_callbacks(execute=True):
        assert services.effacer_les_organisations_dues() == 1
    assert not Projet.objects.filter(pk=p.pk).exists() and not DocumentProjet.objects.exists()
    assert not stockage.exists(nom)
