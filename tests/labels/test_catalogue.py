"""Les labels dans le catalogue : facette de recherche, badges des cartes (sans requête par carte), page d'une
solution (organisme, dates, lien au registre), labels de démonstration signalés."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape

from osezia.cas_usage.models import CasUsage
from osezia.labels import services
from osezia.labels.enums import StatutLabel
from osezia.labels.models import Label, libelle_badge
from tests.catalogue.factories import SolutionFactory
from tests.comptes.factories import UtilisateurFactory
from tests.labels.factories import label_accorde

pytestmark = pytest.mark.django_db
BADGE = '<p class="fr-badge fr-badge--sm fr-badge--success">'


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


def _label_sur_vingt_solutions():
    """Un label valide qui couvre vingt solutions publiées de son fournisseur (une page de cartes)."""
    label = label_accorde()
    label.solutions.add(*SolutionFactory.create_batch(19, publiee=True, fournisseur=label.fournisseur))
    return label, list(label.solutions.all())


def _requetes(client, url, **parametres):
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url, parametres).status_code == 200
    return len(requetes)


def test_les_cartes_d_un_fournisseur_montrent_les_labels_sans_requete_par_carte(client, django_assert_num_queries):
    label = label_accorde()
    url = label.fournisseur.get_absolute_url()
    client.get(url)
    une_carte = _requetes(client, url)
    autres = SolutionFactory.create_batch(19, publiee=True, fournisseur=label.fournisseur)
    label.solutions.add(*autres)
    with django_assert_num_queries(une_carte):
        page = client.get(url).content.decode()
    assert page.count(BADGE + "Label vérifié : Certification ISO/IEC 42001") == 20


def test_les_cartes_de_recherche_montrent_les_labels_en_peu_de_requetes(client, django_assert_max_num_queries):
    label, solutions = _label_sur_vingt_solutions()
    # Les cartes viennent de l'index (recherche.cartes) : ni les solutions ni leurs labels ne sont relus.
    with django_assert_max_num_queries(8):
        page = client.get(reverse("catalogue:solutions"), {"label": "iso-42001"}).content.decode()
    assert page.count(BADGE + "Label vérifié : Certification ISO/IEC 42001") == 20
    assert all(s.nom in page for s in solutions)


def test_les_cartes_d_un_cas_d_usage_montrent_les_labels(client, django_assert_num_queries):
    cas = CasUsage.objects.order_by("pk").first()
    label = label_accorde()
    label.solutions.get().cas_usage.add(cas)
    client.get(cas.get_absolute_url())
    une_carte = _requetes(client, cas.get_absolute_url())
    for solution in SolutionFactory.create_batch(19, publiee=True, fournisseur=label.fournisseur):
        solution.cas_usage.add(cas)
        label.solutions.add(solution)
    with django_assert_num_queries(une_carte):
        page = client.get(cas.get_absolute_url()).content.decode()
    # Les douze cartes affichées portent chacune le badge.
    assert page.count(BADGE + "Label vérifié : Certification ISO/IEC 42001") == 12


def test_un_label_retire_quitte_les_cartes(client):
    label = label_accorde()
    url = label.fournisseur.get_absolute_url()
    assert "Label vérifié" in client.get(url).content.decode()
    services.changer_statut(label=label, vers=StatutLabel.RETIRE, par=UtilisateurFactory(pilote=True), motif="Fraude.")
    assert "Label vérifié" not in client.get(url).content.decode()


def test_un_label_de_demonstration_le_dit_sur_les_cartes_et_la_fiche(client):
    demo = Label.objects.get(est_demo=True, regime__code="demo-prestataire-confiance")
    solution = demo.solutions.filter(statut="publiee").first()
    attendu = "Label vérifié : Prestataire de confiance osezia (démonstration)"
    assert attendu in client.get(demo.fournisseur.get_absolute_url()).content.decode()
    assert attendu in client.get(reverse("catalogue:solutions"), {"label": demo.regime.code}).content.decode()
    assert attendu in client.get(solution.get_absolute_url()).content.decode()
    # Un label d'un régime réel accordé à des données de démonstration le dit aussi.
    label = label_accorde()
    Label.objects.filter(pk=label.pk).update(est_demo=True)
    page = client.get(label.fournisseur.get_absolute_url()).content.decode()
    assert escape(f"Label vérifié : {label.regime.nom} (démonstration)") in page


def test_le_badge_ne_repete_pas_demonstration():
    assert libelle_badge("Prestataire (démonstration)", demo=True) == "Label vérifié : Prestataire (démonstration)"
    assert libelle_badge("Labelia", demo=True) == "Label vérifié : Labelia (démonstration)"
    assert libelle_badge("Labelia", demo=False) == "Label vérifié : Labelia"


def test_la_fiche_d_une_solution_donne_organisme_dates_et_lien_au_registre(client):
    label = label_accorde()
    solution = label.solutions.get()
    page = client.get(solution.get_absolute_url()).content.decode()
    assert "Délivré par " + escape(label.regime.organisme) in page
    assert date_format(label.delivre_le, "j F Y") in page and date_format(label.expire_le, "j F Y") in page
    lien = f"{reverse('labels:registre')}#label-{label.pk}"
    assert f'href="{lien}"' in page
    assert f'id="label-{label.pk}"' in client.get(reverse("labels:registre")).content.decode()
