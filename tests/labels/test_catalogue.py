"""Les labels dans le catalogue : facette de recherche, badge des cartes, page d'une solution."""

import pytest
from django.urls import reverse

from osezia.labels import services
from osezia.labels.enums import StatutLabel
from tests.comptes.factories import UtilisateurFactory
from tests.labels.factories import label_accorde

pytestmark = pytest.mark.django_db


def test_facette_label_du_catalogue_et_badge(client):
    label = label_accorde()
    solution = label.solutions.get()
    page = client.get(reverse("catalogue:solutions"), {"label": "iso-42001"}).content.decode()
    assert solution.nom in page
    assert "Label vérifié : Certification ISO/IEC 42001" in page
    assert "Label vérifié" in page  # le groupe de facettes
    reponse = client.get("/api/v1/recherche/", {"label": "iso-42001", "type": "solution"})
    assert reponse.status_code == 200
    assert solution.slug in reponse.content.decode()
    assert client.get("/api/v1/recherche/", {"label": "inconnu"}).status_code == 400
    services.changer_statut(label=label, vers=StatutLabel.RETIRE, par=UtilisateurFactory(pilote=True), motif="Fraude.")
    page = client.get(reverse("catalogue:solutions"), {"label": "iso-42001"}).content.decode()
    assert solution.nom not in page


def test_la_page_d_une_solution_montre_ses_labels_valides(client):
    label = label_accorde()
    solution = label.solutions.get()
    page = client.get(solution.get_absolute_url()).content.decode()
    assert "Certification ISO/IEC 42001" in page and "Labels vérifiés par la plateforme" in page
    services.changer_statut(label=label, vers=StatutLabel.SUSPENDU, par=UtilisateurFactory(pilote=True), motif="Doute.")
    page = client.get(solution.get_absolute_url()).content.decode()
    assert "Certification ISO/IEC 42001" not in page
