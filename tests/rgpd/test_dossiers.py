"""Les dossiers de financement dans le RGPD : l'export les contient (sans les annotations privées de
l'instruction) ; l'effacement de l'organisation efface les dossiers, leurs pièces et leurs attestations."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from osezia.dossiers import services as dossiers
from osezia.dossiers.enums import Etat
from osezia.dossiers.models import Dossier, PieceDossier
from osezia.rgpd import services
from osezia.rgpd.enums import DELAI_EFFACEMENT
from tests.comptes.factories import MOT_DE_PASSE
from tests.diagnostic.factories import membre_entreprise
from tests.dossiers.factories import dossier, instructeur

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier_accorde():
    membre = membre_entreprise(naf_id="46.31Z")
    qui, structure = instructeur()
    d = dossier(membre, etat=Etat.ACCORDE, instruction=(qui, structure))
    dossiers.annoter(dossier=d, auteur=qui, texte="Note interne : vérifier le devis au versement.")
    return membre, d


def test_l_export_contient_les_dossiers_sans_les_annotations_privees(client, dossier_accorde):
    membre, d = dossier_accorde
    client.force_login(membre.utilisateur)
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(reverse("rgpd:telecharger", args=[membre.organisation.pk])).content)
    )
    contenu = archive.read("donnees.json").decode()
    (projet,) = json.loads(contenu)["projets"]
    (exporte,) = projet["dossiers_de_financement"]
    assert exporte["etat"] == d.get_etat_display() and exporte["montant_accorde"] == 16_000
    assert [c["vers"] for c in exporte["changements_d_etat"]][-1] == d.get_etat_display()
    assert exporte["pieces"] and "Note interne" not in contenu


def test_l_effacement_efface_dossiers_pieces_et_fichiers(client, dossier_accorde, django_capture_on_commit_callbacks):
    membre, d = dossier_accorde
    piece = d.pieces.first()
    stockage, nom = piece.fichier.storage, piece.fichier.name
    assert stockage.exists(nom)
    client.force_login(membre.utilisateur)
    client.post(
        reverse("rgpd:donnees", args=[membre.organisation.pk]),
        {"nom": membre.organisation.nom, "mot_de_passe": MOT_DE_PASSE},
    )
    plus_tard = timezone.now() + DELAI_EFFACEMENT + timedelta(days=1)
    with time_machine.travel(plus_tard), django_capture_on_commit_callbacks(execute=True):
        assert services.effacer_les_organisations_dues() == 1
    assert not Dossier.objects.filter(pk=d.pk).exists() and not PieceDossier.objects.filter(dossier=d.pk).exists()
    assert not stockage.exists(nom)
