"""Page « Journal des actions » du pilote : réservée, filtrée par un formulaire, jamais d'erreur 500, export CSV."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from osezia.journal import services as journal
from osezia.journal.enums import Action
from tests.comptes.factories import UtilisateurFactory
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
URL = reverse("pilotage:journal")


@pytest.fixture
def pilote(client):
    pilote = UtilisateurFactory(pilote=True, email="pilote@exemple.fr")
    client.force_login(pilote)
    return pilote


@pytest.fixture
def entrees(pilote):
    """Trois entrées : une ancienne (10 jours), deux du jour, dans deux organisations."""
    boulangerie = OrganisationFactory(nom="Boulangerie Dupain")
    garage = OrganisationFactory(nom="Garage du Centre")
    conseillere = UtilisateurFactory(conseiller=True, email="claire.conseil@cci.fr")
    with time_machine.travel(timezone.now() - timedelta(days=10), tick=False):
        journal.consigner(acteur=conseillere, action=Action.DIAGNOSTIC_VALIDE, organisation=boulangerie)
    journal.consigner(
        acteur=pilote,
        action=Action.SOLUTION_RENVOYEE,
        organisation=garage,
        details={"motif": "Précisez l'hébergement des données."},
    )
    journal.consigner(acteur=conseillere, action=Action.DIAGNOSTIC_PRIS_EN_CHARGE, organisation=garage)


def _lignes(reponse):
    return reponse.content.decode().count("<tr>") - 1  # moins l'en-tête


def test_reserve_aux_pilotes(client):
    assert client.get(URL).status_code == 302  # anonyme : vers la connexion
    for role in ({}, {"fournisseur": True}, {"conseiller": True}):
        client.force_login(UtilisateurFactory(**role))
        assert client.get(URL).status_code == 403
        assert client.get(URL, {"format": "csv"}).status_code == 403


def test_liste_accessible_et_liee_depuis_la_navigation(client, pilote, entrees):
    reponse = client.get(URL)
    page = reponse.content.decode()
    assert reponse.status_code == 200 and _lignes(reponse) == 3
    assert "<caption>" in page and '<th scope="col">Acteur</th>' in page
    assert "Motif : Précisez l&#x27;hébergement des données." in page
    assert "claire.conseil@cci.fr" in page
    assert f'href="{URL}" aria-current="page"' in page
    assert URL in client.get(reverse("comptes:tableau_de_bord")).content.decode()


@pytest.mark.parametrize(
    ("filtres", "attendues"),
    [
        ({"action": Action.DIAGNOSTIC_VALIDE}, 1),
        ({"organisation": "garage"}, 2),
        ({"acteur": "CLAIRE"}, 2),
        ({"du": (timezone.localdate() - timedelta(days=1)).isoformat()}, 2),
        ({"au": (timezone.localdate() - timedelta(days=1)).isoformat()}, 1),
        ({"organisation": "garage", "acteur": "pilote@"}, 1),
        ({"organisation": "inconnue"}, 0),
    ],
)
def test_filtres(client, entrees, filtres, attendues):
    reponse = client.get(URL, filtres)
    assert reponse.status_code == 200
    assert f"{attendues} entrée" in reponse.content.decode()
    assert _lignes(reponse) == attendues if attendues else "Aucune entrée ne correspond" in reponse.content.decode()


def test_un_filtre_mal_rempli_affiche_son_erreur_sans_erreur_500(client, entrees):
    reponse = client.get(URL, {"action": "n_existe_pas", "du": "31/02/2026", "organisation": "garage"})
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Choisissez une action de la liste." in page and "Saisissez une date valide" in page
    assert _lignes(reponse) == 2  # le filtre valide s'applique, les autres non
    inverse = client.get(URL, {"du": "2026-03-10", "au": "2026-03-01"})
    assert inverse.status_code == 200 and "La date de fin précède la date de début." in inverse.content.decode()
    assert client.get(URL, {"page": "abc"}).status_code == 200
    assert client.get(URL, {"du": "9" * 300, "action": "\x00"}).status_code in (200, 400)


def test_pagination_garde_les_filtres(client, pilote):
    garage = OrganisationFactory(nom="Garage du Centre")
    for _ in range(51):
        journal.consigner(acteur=pilote, action=Action.JETON_CREE, organisation=garage)
    journal.consigner(acteur=pilote, action=Action.JETON_REVOQUE)
    page = client.get(URL, {"organisation": "garage"}).content.decode()
    assert "51 entrées" in page and "organisation=garage&amp;page=2" in page
    assert _lignes(client.get(URL, {"organisation": "garage", "page": 2})) == 1


def test_export_csv_des_entrees_filtrees(client, entrees):
    reponse = client.get(URL, {"organisation": "garage", "format": "csv"})
    assert reponse.status_code == 200 and reponse["Content-Type"].startswith("text/csv")
    lignes = list(csv.reader(io.StringIO(b"".join(reponse.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert lignes[0] == ["Date", "Action", "Acteur", "Organisation", "Objet", "Type d'objet", "Détails"]
    assert [ligne[1] for ligne in lignes[1:]] == ["Diagnostic pris en charge", "Solution renvoyée au fournisseur"]
    assert lignes[2][2] == "pilote@exemple.fr" and lignes[2][6] == "Motif : Précisez l'hébergement des données."


def test_export_csv_sans_formule_de_tableur(client, pilote):
    piege = OrganisationFactory(nom='=HYPERLINK("https://exemple.invalid")')
    journal.consigner(acteur=pilote, action=Action.CONSENTEMENT_DONNE, organisation=piege)
    reponse = client.get(URL, {"format": "csv"})
    lignes = list(csv.reader(io.StringIO(b"".join(reponse.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert lignes[1][3] == '\'=HYPERLINK("https://exemple.invalid")'
