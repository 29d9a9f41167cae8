"""Chaque étape prévient qui doit agir : dans le site (compteur de l'en-tête) et par e-mail, sauf désabonnement."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from osezia.catalogue import services as catalogue
from osezia.catalogue.enums import StatutSolution
from osezia.diagnostic import services as diagnostics
from osezia.notifications.enums import Categorie
from osezia.notifications.models import Courriel, Desabonnement, Notification
from tests.catalogue.factories import SolutionFactory
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.factories import conseiller_avec_portefeuille, diagnostic, membre_entreprise
from tests.organisations.factories import MembreFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def courriels_de(utilisateur):
    return [m for m in mail.outbox if m.to == [utilisateur.email]]


def test_soumission_publication_et_renvoi_previennent_pilote_et_fournisseur(client, fournisseur):
    utilisateur, organisation = fournisseur
    pilote = UtilisateurFactory(pilote=True)
    solution = SolutionFactory(fournisseur=organisation, nom="Quokka devis")

    catalogue.changer_statut(solution=solution, utilisateur=utilisateur, statut=StatutSolution.SOUMISE)
    notification = Notification.objects.get(utilisateur=pilote)
    assert notification.categorie == Categorie.SOLUTION_SOUMISE
    assert notification.titre == "« Quokka devis » attend la modération"
    assert notification.lien == reverse("pilotage:decision", args=[solution.slug])
    (courriel,) = courriels_de(pilote)
    assert courriel.subject == notification.titre and organisation.nom in courriel.body
    assert "http://127.0.0.1:8000" + notification.lien in courriel.body

    catalogue.changer_statut(
        solution=solution, utilisateur=pilote, statut=StatutSolution.BROUILLON, motif="Précisez le prix."
    )
    renvoi = Notification.objects.get(utilisateur=utilisateur, categorie=Categorie.SOLUTION_RENVOYEE)
    assert "Précisez le prix." in renvoi.message and "Précisez le prix." in courriels_de(utilisateur)[0].body

    catalogue.changer_statut(solution=solution, utilisateur=utilisateur, statut=StatutSolution.SOUMISE)
    catalogue.changer_statut(solution=solution, utilisateur=pilote, statut=StatutSolution.PUBLIEE)
    assert Notification.objects.filter(utilisateur=utilisateur, categorie=Categorie.SOLUTION_PUBLIEE).count() == 1
    assert len(courriels_de(utilisateur)) == 2

    # Compteur de l'en-tête, puis la liste marque comme lues.
    client.force_login(utilisateur)
    accueil = client.get("/").content.decode()
    assert re.search(r"Notifications <span[^>]*>2<span class=\"fr-sr-only\"> non lues", accueil)
    liste = client.get(reverse("notifications:liste")).content.decode()
    assert "« Quokka devis » est publiée" in liste and "Non lue" in liste
    assert "non lue" not in client.get("/").content.decode()


def test_partage_prise_en_charge_et_validation_previennent_conseillers_et_entreprise():
    membre = membre_entreprise(naf_id="10.71C")
    diag = diagnostic(membre)
    structure = OrganisationFactory(structure=True)
    conseiller = MembreFactory(utilisateur=UtilisateurFactory(conseiller=True), organisation=structure).utilisateur

    diagnostics.partager(entreprise=membre.organisation, structure=structure, utilisateur=membre.utilisateur)
    partage = Notification.objects.get(utilisateur=conseiller)
    assert partage.categorie == Categorie.DIAGNOSTIC_PARTAGE and membre.organisation.nom in partage.titre
    # Partager une deuxième fois ne prévient pas de nouveau.
    diagnostics.partager(entreprise=membre.organisation, structure=structure, utilisateur=membre.utilisateur)
    assert Notification.objects.filter(utilisateur=conseiller).count() == 1

    diagnostics.prendre_en_charge(diagnostic=diag, conseiller=conseiller)
    diagnostics.prendre_en_charge(diagnostic=diag, conseiller=conseiller)
    diagnostics.valider(diagnostic=diag, conseiller=conseiller)
    recues = list(Notification.objects.filter(utilisateur=membre.utilisateur).order_by("pk"))
    assert [n.categorie for n in recues] == [Categorie.DIAGNOSTIC_PRIS_EN_CHARGE, Categorie.DIAGNOSTIC_VALIDE]
    assert all(n.lien == reverse("diagnostic:rapport", args=[diag.pk]) for n in recues)
    assert len(courriels_de(membre.utilisateur)) == 2


def test_desabonnement_en_un_clic_garde_la_notification_dans_le_site(client):
    membre = membre_entreprise()
    diag = diagnostic(membre)
    conseiller, _ = conseiller_avec_portefeuille(membre.organisation)
    diagnostics.prendre_en_charge(diagnostic=diag, conseiller=conseiller)
    (courriel,) = courriels_de(membre.utilisateur)
    lien = courriel.extra_headers["List-Unsubscribe"].strip("<>")
    assert courriel.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" and lien in courriel.body
    chemin = lien.removeprefix("http://127.0.0.1:8000")

    # Sans être connecté : la page demande de confirmer, le POST (celui du logiciel de messagerie) désabonne.
    assert "Me désabonner" in client.get(chemin).content.decode()
    assert not Desabonnement.objects.exists()
    assert "Vous êtes désabonné" in client.post(chemin).content.decode()
    assert Desabonnement.objects.filter(
        utilisateur=membre.utilisateur, categorie=Categorie.DIAGNOSTIC_PRIS_EN_CHARGE
    ).exists()

    mail.outbox.clear()
    diagnostics.valider(diagnostic=diag, conseiller=conseiller)  # autre catégorie : toujours envoyée
    assert len(courriels_de(membre.utilisateur)) == 1
    assert client.post(chemin[:-3] + "abc/").status_code == 400


def test_reglages_choisissent_les_e_mails_sauf_ceux_de_securite(client):
    personne = UtilisateurFactory()
    client.force_login(personne)
    page = client.get(reverse("notifications:reglages")).content.decode()
    assert "Ma fiche solution est publiée" in page and "Réinitialisation du mot de passe" not in page
    reponse = client.post(reverse("notifications:reglages"), {"categories": [Categorie.DIAGNOSTIC_VALIDE]})
    assert reponse.status_code == 302
    coupees = set(Desabonnement.objects.filter(utilisateur=personne).values_list("categorie", flat=True))
    assert Categorie.DIAGNOSTIC_VALIDE not in coupees and Categorie.SOLUTION_PUBLIEE in coupees
    assert Categorie.MOT_DE_PASSE not in coupees
    reponse = client.post(reverse("notifications:reglages"), {"categories": ["inconnue"]})
    assert reponse.status_code == 200 and "inconnue" in reponse.content.decode()
    # Désabonné de tout : la réinitialisation du mot de passe arrive quand même.
    client.post(reverse("notifications:reglages"), {})
    client.logout()
    client.post(reverse("comptes:mot_de_passe_oublie"), {"email": personne.email})
    assert Courriel.objects.filter(destinataire=personne.email, categorie=Categorie.MOT_DE_PASSE).count() == 1
    assert len(courriels_de(personne)) == 1
