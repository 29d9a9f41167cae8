"""Les cartes gardées dans l'index suivent les fiches qu'elles recopient."""

import pytest
from django.core.management import call_command

from osezia.cas_usage.models import CasUsage, FonctionMetier
from osezia.recherche.indexation import completer_les_cartes
from osezia.recherche.models import DocumentRecherche
from osezia.recherche.services import rechercher
from tests.catalogue.factories import SolutionFactory

pytestmark = pytest.mark.django_db


def carte(q):
    (resultat,) = rechercher(q=q, groupes={"type": ["solution"]}).elements
    return resultat.carte


def test_la_carte_d_une_solution_et_le_resume_de_l_api_sont_les_memes(client):
    solution = SolutionFactory(publiee=True, nom="Quiscale", cas_usage=["optimisation-stocks"])
    attendu = client.get(f"/api/v1/solutions/{solution.slug}").json()
    (resume,) = client.get("/api/v1/solutions/", {"q": "quiscale"}).json()["resultats"]
    assert resume == {cle: attendu[cle] for cle in resume}
    assert resume["cas_usage"] == ["optimisation-stocks"] and resume["url"].startswith("http")
    assert resume["fournisseur"]["url"].startswith("http")


def test_renommer_le_fournisseur_met_a_jour_cartes_et_mots_cles():
    solution = SolutionFactory(publiee=True, nom="Quiscale")
    fournisseur = solution.fournisseur
    fournisseur.nom = "Ornithorynque SAS"
    fournisseur.save()
    assert carte("quiscale")["fournisseur"]["nom"] == "Ornithorynque SAS"
    assert rechercher(q="ornithorynque").total == 1


def test_renommer_un_cas_d_usage_ou_une_fonction_met_a_jour_l_index():
    SolutionFactory(publiee=True, nom="Quiscale", cas_usage=["optimisation-stocks"])
    cas = CasUsage.objects.get(slug="optimisation-stocks")
    cas.titre = "Stocks optimisés par le tamanoir"
    cas.save()
    noms = [r.carte["nom"] for r in rechercher(q="tamanoir", groupes={"type": ["solution"]}, par_page=100).elements]
    assert "Quiscale" in noms
    fonction = FonctionMetier.objects.get(pk=cas.fonction_id)
    fonction.nom = "Finances du pangolin"
    fonction.save()
    (resultat,) = rechercher(q="tamanoir", groupes={"type": ["cas_usage"]}).elements
    assert resultat.carte["fonction"]["nom"] == "Finances du pangolin"


def test_les_documents_sans_carte_sont_completes_et_reindexer_refait_tout(capsys):
    SolutionFactory(publiee=True, nom="Quiscale")
    DocumentRecherche.objects.update(carte=None)
    assert rechercher(q="quiscale").elements == []
    assert completer_les_cartes() == DocumentRecherche.objects.count()
    assert carte("quiscale")["nom"] == "Quiscale"
    call_command("reindexer")
    assert f"{DocumentRecherche.objects.count()} documents indexés." in capsys.readouterr().out
    assert carte("quiscale")["nom"] == "Quiscale"
