"""Le français des pages, e-mails et PDF des rendez-vous d'affaires (règles du projet et Grammalecte), sur la
journée de démonstration."""

import os

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from osezia.rendezvous import jour, services
from osezia.rendezvous.demo import NOM
from osezia.rendezvous.models import Evenement
from tests.francais.verificateur import (
    Exceptions,
    Grammalecte,
    dossier_grammalecte,
    pdftotext_disponible,
    rapport,
    regles_du_projet,
    texte_html,
    texte_pdf,
)
from tests.organisations.factories import MembreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def textes(pilote):
    evenement = Evenement.objects.get(nom=NOM)
    entreprise = evenement.participants.filter(nature="entreprise").select_related("organisation").first()
    fournisseur = evenement.participants.filter(nature="fournisseur").first()
    membre = MembreFactory(organisation=entreprise.organisation).utilisateur
    MembreFactory(organisation=fournisseur.organisation, utilisateur__fournisseur=True)
    organisateur, participant, anonyme = Client(), Client(), Client()
    organisateur.force_login(pilote)
    participant.force_login(membre)
    pages = {
        "liste": anonyme.get(reverse("rendezvous:liste")),
        "événement (anonyme)": anonyme.get(reverse("rendezvous:evenement", args=[evenement.pk])),
        "événement (inscrit)": participant.get(reverse("rendezvous:evenement", args=[evenement.pk])),
        "événement (erreurs)": participant.post(reverse("rendezvous:evenement", args=[evenement.pk]), {}),
        "souhaits": participant.get(reverse("rendezvous:souhaits", args=[evenement.pk])),
        "organisation (avant calcul)": organisateur.get(reverse("rendezvous:organisation", args=[evenement.pk])),
    }
    mail.outbox.clear()
    services.planifier(evenement=evenement, par=pilote, limite_secondes=5)
    organisateur.post(reverse("rendezvous:publier", args=[evenement.pk]))
    jour.marquer_absent(participant=fournisseur, par=pilote)
    pages["organisation (après publication, un absent)"] = organisateur.get(
        reverse("rendezvous:organisation", args=[evenement.pk])
    )
    pages["agenda"] = participant.get(reverse("rendezvous:agenda", args=[entreprise.pk]))
    resultat = {nom: texte_html(reponse.content.decode()) for nom, reponse in pages.items()}
    courriel = next(m for m in mail.outbox if m.to == [membre.email])
    lignes = [ligne for ligne in courriel.body.splitlines() if "http" not in ligne and ligne.strip() != "--"]
    resultat["e-mail de publication"] = [courriel.subject] + [
        p.strip() for p in "\n".join(lignes).split("\n\n") if p.strip()
    ]
    if pdftotext_disponible():
        pdf = participant.get(reverse("rendezvous:agenda_pdf", args=[entreprise.pk])).content
        resultat["agenda PDF"] = texte_pdf(pdf)
    return resultat


def test_regles_du_projet(textes):
    assert all(textes.values()), [page for page, paragraphes in textes.items() if not paragraphes]
    assert any("Table" in p for p in textes["agenda"])
    exceptions = Exceptions.lire()
    fautes = [
        faute
        for page, paragraphes in textes.items()
        for p in paragraphes
        for faute in regles_du_projet(page, p)
        if not exceptions.excuse(faute)
    ]
    assert not fautes, rapport(fautes)


def test_grammalecte(textes):
    dossier = dossier_grammalecte(os.environ)
    if not (dossier / "grammalecte" / "fr" / "gc_engine.py").is_file():
        pytest.skip("Grammalecte absent : lancez make grammalecte.")
    exceptions = Exceptions.lire()
    grammalecte = Grammalecte(dossier, exceptions.options_desactivees)
    fautes = [
        faute
        for page, paragraphes in textes.items()
        for p in paragraphes
        for faute in grammalecte.fautes(page, p)
        if not exceptions.excuse(faute)
    ]
    assert not fautes, rapport(fautes, grammalecte)
