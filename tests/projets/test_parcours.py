"""Pages des projets : création depuis une recommandation ou un cas d'usage, page d'un projet, liste."""

import pytest
from django.urls import reverse

from osezia.projets.enums import Etape, TypeEvenement
from osezia.projets.models import Projet
from tests.diagnostic.factories import diagnostic, membre_entreprise
from tests.projets.factories import indicateur, projet

pytestmark = pytest.mark.django_db


def test_le_rapport_propose_d_en_faire_un_projet_et_le_formulaire_reprend_la_recommandation(client):
    membre = membre_entreprise(naf_id="46.31Z")
    diag = diagnostic(membre)
    recommandation = diag.recommandations.order_by("rang_auto").first()
    client.force_login(membre.utilisateur)
    rapport = client.get(diag.get_absolute_url()).content.decode()
    url = f"{reverse('projets:nouveau')}?recommandation={recommandation.pk}"
    assert url.replace("&", "&amp;") in rapport or url in rapport
    page = client.get(url)
    assert page.status_code == 200
    contenu = page.content.decode()
    assert recommandation.cas_usage.titre in contenu
    formulaire = page.context["formulaire"]
    assert formulaire.initial["cas_usage"] == recommandation.cas_usage
    assert "Pourquoi pour nous" in formulaire.initial["objectif"]
    solutions = list(formulaire.initial["solutions"])
    reponse = client.post(
        url,
        {
            "titre": "Commandes par SMS",
            "objectif": "Ne plus ressaisir les commandes.",
            "cas_usage": recommandation.cas_usage.pk,
            "responsable": membre.utilisateur.pk,
            "solutions": [s.pk for s in solutions],
            "budget_prevu": "12 000",
            "date_debut": "2026-03-01",
            "date_cible": formulaire.initial["date_cible"].isoformat(),
        },
    )
    cree = Projet.objects.get(entreprise=membre.organisation)
    assert reponse.status_code == 302 and reponse["Location"] == cree.get_absolute_url()
    assert cree.recommandation == recommandation and cree.diagnostic == diag
    assert cree.cas_usage == recommandation.cas_usage and cree.budget_prevu == 12_000
    assert set(cree.solutions.all()) == set(solutions)
    assert cree.evenements.filter(type=TypeEvenement.CREATION).exists()


def test_la_page_d_un_projet_montre_l_etape_les_actions_et_la_courbe(client):
    membre = membre_entreprise()
    p = projet(membre, etape=Etape.POC)
    indicateur(p, membre.utilisateur, avec_mesure=True)
    client.force_login(membre.utilisateur)
    contenu = client.get(p.get_absolute_url()).content.decode()
    assert "Preuve de concept (POC)" in contenu
    assert "Passer à l'étape « Pilote »" in contenu and "Abandonner le projet" in contenu
    assert 'role="img"' in contenu and "<polyline" in contenu
    assert "75" in contenu and "120" in contenu
    liste = client.get(reverse("projets:liste")).content.decode()
    assert p.titre in liste and "75 minutes" in liste
