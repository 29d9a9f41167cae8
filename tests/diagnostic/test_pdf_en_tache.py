"""Le rapport PDF est rendu par une tâche de fond, une fois par version, puis servi tel quel."""

import io
import os
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from osezia.diagnostic import pdf, services
from osezia.diagnostic.enums import StatutFichierPDF
from osezia.diagnostic.models import FichierPDF
from tests.diagnostic.factories import conseiller_avec_portefeuille, diagnostic, membre_entreprise

pytestmark = pytest.mark.django_db

FILE_EN_BASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "courriels", "pdf"]}}


@pytest.fixture
def rapport_termine(client):
    membre = membre_entreprise(naf_id="10.71C", effectif=8)
    diag = diagnostic(membre)
    client.force_login(membre.utilisateur)
    return membre, diag


def _rendus(monkeypatch):
    compteur = []
    ecrire = pdf.ecrire_pdf

    def ecrire_et_compter(html):
        compteur.append(1)
        return ecrire(html)

    monkeypatch.setattr(pdf, "ecrire_pdf", ecrire_et_compter)
    return compteur


def test_la_meme_version_est_rendue_une_fois_et_servie_depuis_le_fichier(client, rapport_termine, monkeypatch):
    membre, diag = rapport_termine
    rendus = _rendus(monkeypatch)
    url = reverse("diagnostic:rapport_pdf", args=[diag.pk])
    premier, second = client.get(url), client.get(url)
    assert premier.status_code == second.status_code == 200
    assert premier["Content-Type"] == "application/pdf" and premier.content.startswith(b"%PDF")
    assert premier.content == second.content and len(rendus) == 1
    fichier = FichierPDF.objects.get(diagnostic=diag)
    assert fichier.statut == StatutFichierPDF.PRET and fichier.html == "" and fichier.fichier.size > 10_000

    # Le conseiller ajuste une priorité : le rapport change, c'est une nouvelle version.
    conseiller, _ = conseiller_avec_portefeuille(membre.organisation)
    services.prendre_en_charge(diagnostic=diag, conseiller=conseiller)
    services.ajuster(
        recommandation=diag.recommandations.first(), conseiller=conseiller, rang=5, motif="D'abord les plannings."
    )
    assert client.get(url).status_code == 200
    assert FichierPDF.objects.filter(diagnostic=diag).count() == 2 and len(rendus) == 2


def test_sur_la_vraie_file_la_page_dit_en_preparation_puis_offre_le_fichier(
    client, rapport_termine, settings, monkeypatch
):
    _, diag = rapport_termine
    settings.TASKS = FILE_EN_BASE
    url = reverse("diagnostic:rapport_pdf", args=[diag.pk])
    page = client.get(url)
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    texte = page.content.decode()
    fichier = FichierPDF.objects.get(diagnostic=diag)
    etat = reverse("diagnostic:etat_pdf", args=[diag.pk, fichier.pk])
    assert "en préparation" in texte and f'hx-get="{etat}"' in texte and 'hx-trigger="every 2s"' in texte
    assert "Vérifier si le PDF est prêt" in texte  # sans JavaScript

    # Trois demandes de plus pendant la préparation : toujours une seule version, une seule tâche en file.
    for _ in range(3):
        client.get(url)
    from django_tasks_db.models import DBTaskResult

    assert FichierPDF.objects.filter(diagnostic=diag).count() == 1
    assert DBTaskResult.objects.filter(task_path="osezia.diagnostic.taches.rendre_pdf").count() == 1

    # Le travailleur ferme les connexions hors transaction ; le test tourne dans une transaction qu'il faut garder.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", stdout=io.StringIO())
    fragment = client.get(etat).content.decode()
    assert "Votre rapport PDF est prêt" in fragment and "hx-trigger" not in fragment
    assert client.get(url).content.startswith(b"%PDF")


def test_un_rendu_en_echec_est_relance_a_la_demande_suivante(client, rapport_termine, monkeypatch):
    _, diag = rapport_termine

    def panne(html):
        raise OSError("disque plein")

    monkeypatch.setattr(pdf, "ecrire_pdf", panne)
    url = reverse("diagnostic:rapport_pdf", args=[diag.pk])
    page = client.get(url).content.decode()
    assert "La préparation du PDF a échoué" in page
    assert "disque plein" in FichierPDF.objects.get(diagnostic=diag).erreur
    monkeypatch.undo()
    assert client.get(url).content.startswith(b"%PDF")
    assert FichierPDF.objects.get(diagnostic=diag).statut == StatutFichierPDF.PRET


def test_un_autre_compte_ne_voit_ni_le_pdf_ni_son_etat(client, rapport_termine):
    _, diag = rapport_termine
    client.get(reverse("diagnostic:rapport_pdf", args=[diag.pk]))
    fichier = FichierPDF.objects.get(diagnostic=diag)
    client.force_login(membre_entreprise().utilisateur)
    assert client.get(reverse("diagnostic:rapport_pdf", args=[diag.pk])).status_code == 404
    assert client.get(reverse("diagnostic:etat_pdf", args=[diag.pk, fichier.pk])).status_code == 404


def test_les_pdf_de_plus_de_30_jours_sont_effaces(client, rapport_termine):
    _, diag = rapport_termine
    client.get(reverse("diagnostic:rapport_pdf", args=[diag.pk]))
    fichier = FichierPDF.objects.get(diagnostic=diag)
    chemin = fichier.fichier.path
    assert pdf.purger_anciens() == 0
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert pdf.purger_anciens() == 1
    assert not FichierPDF.objects.exists()
    assert not os.path.exists(chemin)


def test_l_api_repond_202_avec_retry_after_puis_le_pdf(client, rapport_termine, settings, monkeypatch):
    _, diag = rapport_termine
    settings.TASKS = FILE_EN_BASE
    url = f"/api/v1/diagnostics/{diag.pk}/rapport.pdf"
    attente = client.get(url)
    assert attente.status_code == 202 and attente["Retry-After"] == "2"
    assert "en préparation" in attente.json()["detail"]
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", stdout=io.StringIO())
    pret = client.get(url)
    assert pret.status_code == 200 and pret.content.startswith(b"%PDF")
