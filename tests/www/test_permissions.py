"""Un utilisateur ne voit ni ne modifie jamais les brouillons d'une autre organisation, ni dans les pages ni par l'API."""

import pytest
from django.urls import reverse

from osezia.catalogue.enums import StatutSolution
from tests.catalogue.factories import SolutionFactory
from tests.comptes.factories import UtilisateurFactory
from tests.organisations.factories import MembreFactory

pytestmark = pytest.mark.django_db


def membre_fournisseur():
    return MembreFactory(
        utilisateur=UtilisateurFactory(fournisseur=True, email_verifie=True), organisation__fournisseur=True
    )


@pytest.fixture
def deux_fournisseurs():
    return membre_fournisseur(), membre_fournisseur()


def test_le_brouillon_d_une_autre_organisation_est_introuvable(client, deux_fournisseurs):
    proprietaire, intrus = deux_fournisseurs
    brouillon = SolutionFactory(fournisseur=proprietaire.organisation, nom="Secret brouillon")
    client.force_login(intrus.utilisateur)
    assert client.get(brouillon.get_absolute_url()).status_code == 404
    assert client.get(reverse("espace_fournisseur:modifier", args=[brouillon.slug])).status_code == 404
    reponse = client.post(reverse("espace_fournisseur:action", args=[brouillon.slug, "soumettre"]))
    assert reponse.status_code == 404
    reponse = client.post(reverse("espace_fournisseur:modifier", args=[brouillon.slug]), {"nom": "Volée"})
    assert reponse.status_code == 404
    brouillon.refresh_from_db()
    assert (brouillon.nom, brouillon.statut) == ("Secret brouillon", StatutSolution.BROUILLON)
    assert "Secret brouillon" not in client.get(reverse("espace_fournisseur:solutions")).content.decode()


def test_le_proprietaire_voit_et_gere_son_brouillon(client, deux_fournisseurs):
    proprietaire, _ = deux_fournisseurs
    brouillon = SolutionFactory(fournisseur=proprietaire.organisation, nom="Mon brouillon")
    client.force_login(proprietaire.utilisateur)
    page = client.get(brouillon.get_absolute_url())
    assert page.status_code == 200 and "Fiche non publiée" in page.content.decode()
    reponse = client.post(reverse("espace_fournisseur:action", args=[brouillon.slug, "soumettre"]))
    assert reponse.status_code == 302
    brouillon.refresh_from_db()
    assert brouillon.statut == StatutSolution.SOUMISE


def test_un_anonyme_ne_voit_pas_les_brouillons(client):
    brouillon = SolutionFactory(nom="Invisible")
    assert client.get(brouillon.get_absolute_url()).status_code == 404
    assert client.get(reverse("espace_fournisseur:solutions")).status_code == 302
    assert client.get(f"/api/v1/solutions/{brouillon.slug}").status_code == 404
    assert brouillon.slug not in client.get("/api/v1/export/solutions.csv").content.decode()
    trouvees = client.get("/api/v1/solutions/", {"q": "invisible"}).json()["resultats"]
    assert brouillon.slug not in [s["slug"] for s in trouvees]


def test_une_entreprise_n_a_pas_d_espace_fournisseur(client):
    client.force_login(UtilisateurFactory())
    assert client.get(reverse("espace_fournisseur:solutions")).status_code == 403
    assert client.get(reverse("pilotage:moderation")).status_code == 403


def test_seul_un_pilote_modere(client, deux_fournisseurs):
    proprietaire, _ = deux_fournisseurs
    soumise = SolutionFactory(fournisseur=proprietaire.organisation, soumise=True, nom="À relire")
    client.force_login(proprietaire.utilisateur)
    assert client.post(reverse("pilotage:decision", args=[soumise.slug]), {"decision": "publier"}).status_code == 403
    client.force_login(UtilisateurFactory(pilote=True))
    assert "À relire" in client.get(reverse("pilotage:moderation")).content.decode()
    reponse = client.post(reverse("pilotage:decision", args=[soumise.slug]), {"decision": "refuser", "motif": ""})
    assert "Expliquez au fournisseur" in reponse.content.decode()
    reponse = client.post(reverse("pilotage:decision", args=[soumise.slug]), {"decision": "publier"})
    assert reponse.status_code == 302
    soumise.refresh_from_db()
    assert soumise.statut == StatutSolution.PUBLIEE


def test_creer_une_solution_depuis_l_espace_fournisseur(client, deux_fournisseurs):
    proprietaire, _ = deux_fournisseurs
    client.force_login(proprietaire.utilisateur)
    donnees = {
        "nom": "Nouvelle solution",
        "description_courte": "Lit les bons de commande.",
        "description": "Elle lit les bons de commande reçus par e-mail.",
        "cas_usage": [],
        "tailles_cibles": ["TPE"],
        "modele_tarifaire": "abonnement",
        "tranche_prix": "moins-50",
        "deploiement": "saas",
        "hebergement": "france",
        "dpa_rgpd": "true",
        "role_ai_act": "fournisseur",
        "langues": ["fr"],
        "site_web": "exemple.fr",
    }
    reponse = client.post(reverse("espace_fournisseur:nouvelle"), donnees)
    assert reponse.status_code == 200 and "cas_usage" in reponse.context["formulaire"].errors
    from osezia.cas_usage.models import CasUsage

    donnees["cas_usage"] = [CasUsage.objects.get(slug="prise-commandes-automatique").pk]
    reponse = client.post(reverse("espace_fournisseur:nouvelle"), donnees)
    assert reponse.status_code == 302
    solution = proprietaire.organisation.solutions.get(nom="Nouvelle solution")
    assert solution.statut == StatutSolution.BROUILLON and solution.dpa_rgpd is True
    assert solution.site_web == "https://exemple.fr"
