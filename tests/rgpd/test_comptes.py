"""Suppression d'un compte (par la personne, par un pilote, ou après 3 ans d'inactivité) et conservation limitée."""

import html
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.urls import reverse
from django.utils import timezone

from osezia.comptes.models import Utilisateur
from osezia.notifications.enums import Categorie, StatutCourriel
from osezia.notifications.models import Courriel, Notification
from osezia.organisations.models import Membre, Organisation
from osezia.rgpd import services
from osezia.rgpd.enums import DELAI_EFFACEMENT, INACTIVITE, PREAVIS_INACTIVITE, MotifEffacement
from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory
from tests.diagnostic.factories import diagnostic, membre_entreprise
from tests.organisations.factories import MembreFactory

pytestmark = pytest.mark.django_db


def _supprimer(client, mot_de_passe=MOT_DE_PASSE):
    return client.post(reverse("rgpd:supprimer_compte"), {"mot_de_passe": mot_de_passe})


def test_mauvais_mot_de_passe_erreur_a_cote_du_champ(client):
    membre = membre_entreprise()
    client.force_login(membre.utilisateur)
    for donnees in ({"mot_de_passe": "faux"}, {}):
        reponse = client.post(reverse("rgpd:supprimer_compte"), donnees)
        assert reponse.status_code == 200
        texte = html.unescape(reponse.content.decode())
        assert 'id="id_mot_de_passe-desc-error"' in texte
    assert Utilisateur.objects.filter(pk=membre.utilisateur.pk).exists()


def test_le_dernier_membre_supprime_son_compte_l_effacement_de_l_organisation_est_programme(client):
    membre = membre_entreprise()
    diag = diagnostic(membre)
    utilisateur, organisation = membre.utilisateur, membre.organisation
    client.force_login(utilisateur)
    page = client.get(reverse("rgpd:supprimer_compte")).content.decode()
    assert "Vous êtes le dernier membre" in html.unescape(page)

    reponse = _supprimer(client)
    assert reponse.status_code == 302 and reponse["Location"] == reverse("accueil")
    assert not Utilisateur.objects.filter(pk=utilisateur.pk).exists()
    assert client.get(reverse("comptes:tableau_de_bord")).status_code == 302  # déconnecté
    organisation.refresh_from_db()
    assert organisation.effacement_motif == MotifEffacement.DERNIER_MEMBRE
    assert organisation.effacement_demande_par is None and not organisation.membres.exists()
    # Seule trace : l'e-mail qui confirme la suppression (sans lien vers le compte).
    [confirmation] = Courriel.objects.filter(destinataire=utilisateur.email)
    assert confirmation.categorie == Categorie.SUPPRESSION_COMPTE and confirmation.utilisateur is None
    assert f"dans {DELAI_EFFACEMENT.days} jours" in confirmation.corps

    with time_machine.travel(timezone.now() + DELAI_EFFACEMENT + timedelta(days=1)):
        assert services.effacer_les_organisations_dues() == 1
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert not diag.__class__.objects.filter(pk=diag.pk).exists()


def test_un_pilote_peut_annuler_l_effacement_d_une_organisation_sans_membre(client):
    membre = membre_entreprise()
    organisation = membre.organisation
    services.supprimer_compte(utilisateur=membre.utilisateur, par=membre.utilisateur, cause="demande")
    services.annuler_effacement(organisation=organisation, utilisateur=UtilisateurFactory(pilote=True))
    organisation.refresh_from_db()
    assert organisation.effacement_demande_le is None
    with time_machine.travel(timezone.now() + DELAI_EFFACEMENT + timedelta(days=1)):
        assert services.effacer_les_organisations_dues() == 0


def test_le_dernier_administrateur_part_le_plus_ancien_membre_le_devient(client):
    membre = membre_entreprise()
    ancien = MembreFactory(organisation=membre.organisation, est_administrateur=False)
    recent = MembreFactory(organisation=membre.organisation, est_administrateur=False)
    Membre.objects.filter(pk=recent.pk).update(cree_le=ancien.cree_le + timedelta(days=1))
    client.force_login(membre.utilisateur)
    assert _supprimer(client).status_code == 302
    ancien.refresh_from_db(), recent.refresh_from_db()
    assert ancien.est_administrateur and not recent.est_administrateur
    membre.organisation.refresh_from_db()
    assert membre.organisation.effacement_demande_le is None
    assert Notification.objects.filter(
        utilisateur=ancien.utilisateur, categorie=Categorie.ADMINISTRATEUR_NOMME
    ).exists()


def test_un_compte_supprime_emporte_ses_e_mails_et_ses_tentatives_de_connexion(client):
    membre = membre_entreprise()
    MembreFactory(organisation=membre.organisation)  # un autre administrateur reste
    utilisateur = membre.utilisateur
    client.post(reverse("comptes:connexion"), {"username": utilisateur.email, "password": "faux"})
    assert AccessAttempt.objects.filter(username=utilisateur.email).exists()
    client.post(reverse("comptes:connexion"), {"username": utilisateur.email, "password": MOT_DE_PASSE})
    assert AccessLog.objects.filter(username=utilisateur.email).exists()
    services.demander_effacement(organisation=membre.organisation, utilisateur=utilisateur)
    services.annuler_effacement(organisation=membre.organisation, utilisateur=utilisateur)
    assert Courriel.objects.filter(utilisateur=utilisateur).count() >= 2

    assert _supprimer(client).status_code == 302
    assert not AccessAttempt.objects.filter(username=utilisateur.email).exists()
    assert not AccessLog.objects.filter(username=utilisateur.email).exists()
    assert list(Courriel.objects.filter(destinataire=utilisateur.email).values_list("categorie", flat=True)) == [
        Categorie.SUPPRESSION_COMPTE
    ]


def test_supprimer_un_compte_depuis_l_administration_suit_la_meme_regle(client):
    membre = membre_entreprise()
    client.force_login(UtilisateurFactory(pilote=True, is_superuser=True))
    url = reverse("admin:comptes_utilisateur_delete", args=[membre.utilisateur.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Utilisateur.objects.filter(pk=membre.utilisateur.pk).exists()
    membre.organisation.refresh_from_db()
    assert membre.organisation.effacement_motif == MotifEffacement.DERNIER_MEMBRE


# --- Inactivité ---------------------------------------------------------------------------------------------


def _inactif_depuis(duree, **kwargs):
    utilisateur = UtilisateurFactory(**kwargs)
    Utilisateur.objects.filter(pk=utilisateur.pk).update(
        last_login=timezone.now() - duree, date_joined=timezone.now() - duree - timedelta(days=1)
    )
    return Utilisateur.objects.get(pk=utilisateur.pk)


def test_avertissement_une_seule_fois_puis_suppression_au_bout_de_30_jours():
    utilisateur = _inactif_depuis(INACTIVITE - PREAVIS_INACTIVITE + timedelta(days=1))
    MembreFactory(utilisateur=utilisateur)
    actif = _inactif_depuis(timedelta(days=400))
    conseiller = _inactif_depuis(INACTIVITE, conseiller=True)  # même règle pour conseillers et pilotes
    technique = _inactif_depuis(INACTIVITE * 2, is_superuser=True, is_staff=True)

    resultat = services.appliquer_conservation()
    assert resultat["avertis"] == 2 and resultat["supprimés"] == 0
    [avertissement] = Courriel.objects.filter(destinataire=utilisateur.email, categorie=Categorie.SUPPRESSION_COMPTE)
    date = (timezone.localtime() + PREAVIS_INACTIVITE).date()
    from osezia.utils.dates import date_lisible

    assert f"sera supprimé le {date_lisible(date)}" in avertissement.sujet
    assert "sauf si vous vous connectez" in avertissement.corps and avertissement.lien_desabonnement == ""
    assert not Courriel.objects.filter(destinataire__in=[actif.email, technique.email]).exists()

    # Le lendemain : pas de second avertissement pour la même période d'inactivité.
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert services.appliquer_conservation()["avertis"] == 0
    with time_machine.travel(timezone.now() + PREAVIS_INACTIVITE - timedelta(hours=1)):
        assert services.appliquer_conservation()["supprimés"] == 0
    with time_machine.travel(timezone.now() + PREAVIS_INACTIVITE + timedelta(hours=1)):
        assert services.appliquer_conservation()["supprimés"] == 2
    restants = set(Utilisateur.objects.filter(pk__in=[utilisateur.pk, actif.pk, conseiller.pk, technique.pk]))
    assert restants == {actif, technique}
    # Dernier membre de son organisation : l'effacement de celle-ci est programmé, comme pour une demande.
    assert Organisation.objects.effacement_programme().filter(membres__isnull=True).exists()


def test_se_connecter_apres_l_avertissement_annule_la_suppression(client):
    utilisateur = _inactif_depuis(INACTIVITE - timedelta(days=10))
    services.appliquer_conservation()
    utilisateur.refresh_from_db()
    assert utilisateur.inactivite_avertie_le is not None

    reponse = client.post(reverse("comptes:connexion"), {"username": utilisateur.email, "password": MOT_DE_PASSE})
    assert reponse.status_code == 302
    utilisateur.refresh_from_db()
    assert utilisateur.inactivite_avertie_le is None
    with time_machine.travel(timezone.now() + PREAVIS_INACTIVITE + timedelta(days=1)):
        assert services.appliquer_conservation() == {"avertis": 0, "supprimés": 0, "revenus": 0}
    assert Utilisateur.objects.filter(pk=utilisateur.pk).exists()
    # Une nouvelle période d'inactivité commence : nouvel avertissement 3 ans moins 30 jours plus tard.
    # (Les comptes de démonstration, jamais utilisés dans la base de test, sont avertis aussi.)
    with time_machine.travel(timezone.now() + INACTIVITE - PREAVIS_INACTIVITE + timedelta(days=1)):
        services.appliquer_conservation()
    utilisateur.refresh_from_db()
    assert utilisateur.inactivite_avertie_le is not None


def test_utiliser_un_jeton_d_api_compte_comme_une_activite():
    from osezia.comptes import services as comptes

    utilisateur = _inactif_depuis(INACTIVITE - timedelta(days=10))
    services.appliquer_conservation()
    _, valeur = comptes.creer_jeton(utilisateur=utilisateur, nom="tableur", duree_jours=365)
    assert comptes.jeton_valide(valeur)
    assert services.appliquer_conservation()["revenus"] == 1
    with time_machine.travel(timezone.now() + PREAVIS_INACTIVITE + timedelta(days=1)):
        assert services.appliquer_conservation()["supprimés"] == 0
    assert Utilisateur.objects.filter(pk=utilisateur.pk).exists()


def test_les_e_mails_et_les_tentatives_de_connexion_anciens_sont_purges(client):
    utilisateur = UtilisateurFactory()
    ancien = Courriel.objects.create(
        destinataire="a@exemple.fr", categorie=Categorie.DIAGNOSTIC_VALIDE, sujet="s", corps="c",
        statut=StatutCourriel.ENVOYE, envoye_le=timezone.now() - timedelta(days=91),
    )  # fmt: skip
    recent = Courriel.objects.create(
        destinataire="b@exemple.fr", categorie=Categorie.DIAGNOSTIC_VALIDE, sujet="s", corps="c",
        statut=StatutCourriel.ENVOYE, envoye_le=timezone.now() - timedelta(days=10),
    )  # fmt: skip
    assert services.purger_courriels() == 1
    assert set(Courriel.objects.filter(pk__in=[ancien.pk, recent.pk])) == {recent}

    client.post(reverse("comptes:connexion"), {"username": utilisateur.email, "password": "faux"})
    client.post(reverse("comptes:connexion"), {"username": utilisateur.email, "password": MOT_DE_PASSE})
    assert services.purger_connexions() == 0
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert services.purger_connexions() == 0  # la connexion réussie a effacé la tentative ; le journal reste
    with time_machine.travel(timezone.now() + timedelta(days=366)):
        assert services.purger_connexions() == 1
    assert not AccessLog.objects.filter(username=utilisateur.email).exists()
