"""Structure accessible des pages des rendez-vous : un seul h1, identifiants uniques, chaque champ a son libellé,
chaque tableau sa légende et ses en-têtes."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from osezia.rendezvous import inscriptions
from osezia.rendezvous.enums import Priorite

pytestmark = pytest.mark.django_db


class Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.libelles, self.champs, self.balises = [], set(), [], Counter()
        self.tableaux, self.legendes, self.entetes = 0, 0, 0

    def handle_starttag(self, balise, attributs):
        attributs = dict(attributs)
        self.balises[balise] += 1
        if "id" in attributs:
            self.ids.append(attributs["id"])
        if balise == "label" and "for" in attributs:
            self.libelles.add(attributs["for"])
        if balise in ("select", "textarea") or (
            balise == "input" and attributs.get("type") not in ("hidden", "submit")
        ):
            self.champs.append(attributs.get("id"))
        if balise == "th" and attributs.get("scope") in ("col", "row"):
            self.entetes += 1
        self.tableaux += balise == "table"
        self.legendes += balise == "caption"


def verifier(reponse):
    assert reponse.status_code == 200
    structure = Structure()
    structure.feed(reponse.content.decode())
    assert structure.balises["h1"] == 1
    doublons = [i for i, n in Counter(structure.ids).items() if n > 1]
    assert doublons == []
    assert all(champ in structure.libelles for champ in structure.champs), structure.champs
    assert structure.legendes == structure.tableaux
    if structure.tableaux:
        assert structure.entetes > 0
    return structure


def test_les_pages_d_un_participant(journee, client):
    entreprise, fournisseur = journee.entreprises[1], journee.fournisseurs[0]
    inscriptions.souhaiter(
        demandeur=fournisseur, autre=entreprise, priorite=Priorite.MOYENNE, par=journee.membre(fournisseur)
    )
    client.force_login(journee.membre(entreprise))
    evenement = journee.evenement.pk
    verifier(client.get(reverse("rendezvous:liste")))
    verifier(client.get(reverse("rendezvous:evenement", args=[evenement])))
    assert verifier(client.get(reverse("rendezvous:souhaits", args=[evenement]))).tableaux == 1
    verifier(client.get(reverse("rendezvous:agenda", args=[entreprise.pk])))
    verifier(client.post(reverse("rendezvous:evenement", args=[evenement]), {"max_rendez_vous": "0"}))


def test_la_page_de_l_organisateur(journee, client):
    client.force_login(journee.organisateur)
    assert verifier(client.get(reverse("rendezvous:organisation", args=[journee.evenement.pk]))).tableaux == 2
