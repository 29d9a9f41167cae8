"""Le nombre de requêtes de la file d'instruction, de la page d'un projet et de « Mes projets » ne grandit pas avec
le nombre de lignes (pas de requête par dossier, par événement ni par projet)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from osezia.dossiers.enums import Etat
from osezia.projets import services as projets_services
from osezia.projets.enums import Etape
from tests.diagnostic.factories import membre_entreprise
from tests.dossiers.factories import dossier, instructeur
from tests.projets import factories

pytestmark = pytest.mark.django_db


def _requetes(client, url, parametres=None):
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url, parametres).status_code == 200
    return len(requetes)


def test_file_d_instruction(client):
    qui, structure = instructeur()
    client.force_login(qui)
    url = reverse("dossiers:instruction")
    dossier(etat=Etat.EN_INSTRUCTION, instruction=(qui, structure))
    client.get(url)  # chauffe : session, caches
    une = _requetes(client, url)
    une_filtree = _requetes(client, url, {"etat": Etat.EN_INSTRUCTION, "age": "7"})
    for etat in (Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.COMPLEMENT_DEMANDE):
        dossier(etat=etat, instruction=(qui, structure))
    assert _requetes(client, url) == une
    assert _requetes(client, url, {"etat": Etat.EN_INSTRUCTION, "age": "7"}) == une_filtree


def test_page_d_un_projet_et_mes_projets(client):
    membre = membre_entreprise(naf_id="46.31Z")
    client.force_login(membre.utilisateur)
    projet = factories.projet(membre, etape=Etape.CADRAGE, mesure=True)
    liste = reverse("projets:liste")
    client.get(projet.get_absolute_url())
    client.get(liste)
    page, mes_projets = _requetes(client, projet.get_absolute_url()), _requetes(client, liste)
    for rang in range(3):
        projets_services.commenter(projet=projet, auteur=membre.utilisateur, texte=f"Point d'étape {rang}.")
        factories.projet(membre, etape=Etape.POC, mesure=True, titre=f"Autre projet {rang}")
    projets_services.changer_etape(projet=projet, vers=Etape.POC, par=membre.utilisateur)
    assert _requetes(client, projet.get_absolute_url()) == page
    assert _requetes(client, liste) == mes_projets
