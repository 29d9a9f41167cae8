"""Effacement d'une organisation : demandé par un administrateur (nom recopié et mot de passe), annulable pendant le
délai de grâce (bandeau, conseillers sans accès, fiches archivées), fait par le travail périodique au bout de 30 jours."""

import html
import io
import os
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from osezia.catalogue.enums import StatutSolution
from osezia.catalogue.models import Solution
from osezia.comptes.models import Utilisateur
from osezia.diagnostic.models import Diagnostic, FichierPDF, Recommandation
from osezia.notifications.enums import CATEGORIES_SECURITE, Categorie
from osezia.notifications.models import Courriel, Notification
from osezia.organisations.models import Consentement, Membre, Organisation
from osezia.recherche.enums import TypeDocument
from osezia.recherche.models import DocumentRecherche
from osezia.rgpd import services
from osezia.rgpd.enums import DELAI_EFFACEMENT
from tests.catalogue.factories import SolutionFactory
from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory
from tests.diagnostic.factories import conseiller_avec_portefeuille, diagnostic, membre_entreprise
from tests.organisations.factories import MembreFactory

pytestmark = pytest.mark.django_db


def _demander(client, organisation, *, nom=None, mot_de_passe=MOT_DE_PASSE):
    return client.post(
        reverse("rgpd:donnees", args=[organisation.pk]), {"nom": nom or organisation.nom, "mot_de_passe": mot_de_passe}
    )


@pytest.fixture
def entreprise_suivie(client):
    """Une entreprise avec deux membres, un diagnostic terminé (PDF rendu) suivi par un conseiller."""
    membre = membre_entreprise(naf_id="10.71C", effectif=8)
    collegue = MembreFactory(organisation=membre.organisation, est_administrateur=False)
    diag = diagnostic(membre)
    conseiller, structure = conseiller_avec_portefeuille(membre.organisation)
    client.force_login(membre.utilisateur)
    assert client.get(reverse("diagnostic:rapport_pdf", args=[diag.pk])).status_code == 200
    return membre, collegue, diag, conseiller, structure


def test_mauvaise_saisie_erreurs_a_cote_du_champ_et_rien_n_est_programme(client, entreprise_suivie):
    membre, *_ = entreprise_suivie
    organisation = membre.organisation
    for donnees, champ, message in [
        ({"nom": "Autre nom", "mot_de_passe": MOT_DE_PASSE}, "nom", "Recopiez exactement le nom"),
        ({"nom": organisation.nom, "mot_de_passe": "faux"}, "mot_de_passe", "Ce mot de passe n'est pas le bon"),
        ({}, "nom", "Ce champ est obligatoire"),
    ]:
        reponse = client.post(reverse("rgpd:donnees", args=[organisation.pk]), donnees)
        assert reponse.status_code == 200
        texte = html.unescape(reponse.content.decode())
        assert message in texte and f'id="id_{champ}-desc-error"' in texte, champ
    organisation.refresh_from_db()
    assert organisation.effacement_demande_le is None


def test_le_nom_se_recopie_sans_tenir_compte_de_la_casse_ni_des_espaces(client, entreprise_suivie):
    membre, *_ = entreprise_suivie
    reponse = _demander(client, membre.organisation, nom=f"  {membre.organisation.nom.upper()} ")
    assert reponse.status_code == 302
    membre.organisation.refresh_from_db()
    assert membre.organisation.effacement_demande_le is not None


def test_demande_bandeau_conseiller_sans_acces_puis_annulation(
    client, entreprise_suivie, django_capture_on_commit_callbacks
):
    membre, collegue, diag, conseiller, structure = entreprise_suivie
    organisation = membre.organisation
    conseil = client.__class__()
    conseil.force_login(conseiller)
    rapport_conseiller = reverse("conseiller:diagnostic", args=[diag.pk])
    assert conseil.get(rapport_conseiller).status_code == 200

    reponse = _demander(client, organisation)
    assert reponse.status_code == 302
    organisation.refresh_from_db()
    assert organisation.efface_le == organisation.effacement_demande_le + DELAI_EFFACEMENT

    # Chaque page des membres porte le bandeau ; seul l'administrateur a le bouton d'annulation.
    accueil = client.get("/").content.decode()
    assert f"« {organisation.nom} » sera effacée le" in accueil and "Annuler l'effacement" in accueil
    lecteur = client.__class__()
    lecteur.force_login(collegue.utilisateur)
    texte = lecteur.get("/solutions/").content.decode()
    assert "sera effacée le" in texte and "Un administrateur de l'organisation peut annuler" in texte
    assert f'action="{reverse("rgpd:annuler", args=[organisation.pk])}"' not in texte

    # Tous les membres sont prévenus, par un e-mail de sécurité (pas de lien de désabonnement).
    assert Categorie.EFFACEMENT_ORGANISATION in CATEGORIES_SECURITE
    courriels = Courriel.objects.filter(categorie=Categorie.EFFACEMENT_ORGANISATION)
    assert {c.destinataire for c in courriels} == {membre.utilisateur.email, collegue.utilisateur.email}
    assert all(c.lien_desabonnement == "" for c in courriels)

    # Le conseiller perd l'accès tout de suite ; la structure garde le consentement, suspendu.
    assert conseil.get(rapport_conseiller).status_code == 404
    assert diag not in Diagnostic.objects.visibles_par(conseiller)
    assert Consentement.objects.filter(entreprise=organisation, retire_le__isnull=True).exists()

    # Annulation depuis le bandeau : retour à la page d'où l'on vient, l'accès du conseiller revient.
    reponse = client.post(reverse("rgpd:annuler", args=[organisation.pk]), {"suivant": "/solutions/"})
    assert reponse.status_code == 302 and reponse["Location"] == "/solutions/"
    organisation.refresh_from_db()
    assert organisation.effacement_demande_le is None
    assert "sera effacée le" not in client.get("/").content.decode()
    assert conseil.get(rapport_conseiller).status_code == 200
    # Un lien de retour vers un autre site est ignoré.
    _demander(client, organisation)
    reponse = client.post(reverse("rgpd:annuler", args=[organisation.pk]), {"suivant": "https://exemple.com/"})
    assert reponse["Location"] == reverse("rgpd:donnees", args=[organisation.pk])

    # Au bout du délai, rien ne se passe pour une organisation dont l'effacement a été annulé.
    client.post(reverse("rgpd:annuler", args=[organisation.pk]))
    with time_machine.travel(timezone.now() + DELAI_EFFACEMENT + timedelta(days=1)):
        assert services.effacer_les_organisations_dues() == 0
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_seul_un_administrateur_annule(client, entreprise_suivie):
    membre, collegue, *_ = entreprise_suivie
    _demander(client, membre.organisation)
    client.force_login(collegue.utilisateur)
    assert client.post(reverse("rgpd:annuler", args=[membre.organisation.pk])).status_code == 403
    membre.organisation.refresh_from_db()
    assert membre.organisation.effacement_demande_le is not None


def test_les_fiches_d_un_fournisseur_sont_archivees_puis_remises(client, fournisseur):
    utilisateur, organisation = fournisseur
    publiee = SolutionFactory(fournisseur=organisation, publiee=True)
    soumise = SolutionFactory(fournisseur=organisation, soumise=True)
    brouillon = SolutionFactory(fournisseur=organisation)
    assert _indexee(publiee)
    client.force_login(utilisateur)
    assert _demander(client, organisation).status_code == 302

    publiee.refresh_from_db(), soumise.refresh_from_db(), brouillon.refresh_from_db()
    assert (publiee.statut, soumise.statut, brouillon.statut) == ("archivee", "brouillon", "brouillon")
    assert not _indexee(publiee)
    assert client.__class__().get(publiee.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/solutions/{publiee.slug}").status_code == 404
    # Pendant le délai de grâce, rien ne se republie.
    client.post(reverse("espace_fournisseur:action", args=[brouillon.slug, "soumettre"]))
    brouillon.refresh_from_db()
    assert brouillon.statut == StatutSolution.BROUILLON

    client.post(reverse("rgpd:annuler", args=[organisation.pk]))
    publiee.refresh_from_db(), soumise.refresh_from_db()
    assert (publiee.statut, soumise.statut) == ("publiee", "soumise")
    assert _indexee(publiee)
    assert list(publiee.evenements.values_list("motif", flat=True).order_by("pk"))[-2:] == [
        "Effacement programmé",
        "Effacement annulé",
    ]


def _indexee(solution):
    return DocumentRecherche.objects.filter(type=TypeDocument.SOLUTION, objet_id=solution.pk).exists()


def _compter(organisation, utilisateurs):
    return {
        "diagnostics": Diagnostic.objects.filter(entreprise=organisation).count(),
        "recommandations": Recommandation.objects.filter(diagnostic__entreprise=organisation).count(),
        "fichiers_pdf": FichierPDF.objects.filter(diagnostic__entreprise=organisation).count(),
        "consentements": Consentement.objects.filter(entreprise=organisation).count(),
        "membres": Membre.objects.filter(organisation=organisation).count(),
        "utilisateurs": Utilisateur.objects.filter(pk__in=[u.pk for u in utilisateurs]).count(),
        "notifications": Notification.objects.filter(utilisateur__in=utilisateurs).count(),
        "courriels": Courriel.objects.filter(destinataire__in=[u.email for u in utilisateurs]).count(),
    }


def test_au_bout_de_30_jours_tout_est_efface_et_les_autres_organisations_restent(
    client, entreprise_suivie, django_capture_on_commit_callbacks
):
    membre, collegue, diag, conseiller, structure = entreprise_suivie
    organisation = membre.organisation
    # Un membre qui appartient aussi à une autre organisation garde son compte.
    ailleurs = MembreFactory(organisation=organisation, est_administrateur=False).utilisateur
    MembreFactory(utilisateur=ailleurs)
    # Une autre entreprise, avec son diagnostic et son PDF : intacte.
    autre = membre_entreprise()
    autre_diag = diagnostic(autre)
    autre_client = client.__class__()
    autre_client.force_login(autre.utilisateur)
    autre_client.get(reverse("diagnostic:rapport_pdf", args=[autre_diag.pk]))
    autre_avant = _compter(autre.organisation, [autre.utilisateur])

    chemins = [f.fichier.path for f in FichierPDF.objects.filter(diagnostic=diag)]
    assert chemins and all(os.path.exists(c) for c in chemins)
    utilisateurs = [membre.utilisateur, collegue.utilisateur]
    _demander(client, organisation)  # les membres en reçoivent une notification et un e-mail
    avant = _compter(organisation, utilisateurs)
    assert all(avant.values()), avant

    with time_machine.travel(timezone.now() + DELAI_EFFACEMENT - timedelta(hours=1)):
        assert services.effacer_les_organisations_dues() == 0  # pas encore
    with time_machine.travel(timezone.now() + DELAI_EFFACEMENT + timedelta(days=1)):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.effacer_les_organisations_dues() == 1
        assert services.effacer_les_organisations_dues() == 0  # idempotent

    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert set(_compter(organisation, utilisateurs).values()) == {0}
    assert not any(os.path.exists(c) for c in chemins)
    assert Utilisateur.objects.filter(pk=ailleurs.pk).exists()
    assert not Membre.objects.filter(utilisateur=ailleurs, organisation_id=organisation.pk).exists()
    # Le conseiller et sa structure restent ; le consentement est parti avec l'entreprise.
    assert (
        Utilisateur.objects.filter(pk=conseiller.pk).exists() and Organisation.objects.filter(pk=structure.pk).exists()
    )
    assert _compter(autre.organisation, [autre.utilisateur]) == autre_avant
    assert all(os.path.exists(f.fichier.path) for f in FichierPDF.objects.filter(diagnostic=autre_diag))


def test_le_travail_periodique_fait_l_effacement(client, fournisseur):
    utilisateur, organisation = fournisseur
    publiee = SolutionFactory(fournisseur=organisation, publiee=True)
    services.demander_effacement(organisation=organisation, utilisateur=utilisateur)
    sortie = io.StringIO()
    with time_machine.travel(timezone.now() + DELAI_EFFACEMENT + timedelta(days=1)):
        call_command("taches_periodiques", stdout=sortie)
    assert "Organisations effacées au bout du délai de grâce : 1" in sortie.getvalue()
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert not Utilisateur.objects.filter(pk=utilisateur.pk).exists()
    # Les fiches du fournisseur restent archivées, détachées, avec son nom public dans leur source.
    publiee.refresh_from_db()
    assert publiee.statut == StatutSolution.ARCHIVEE and publiee.fournisseur is None
    assert organisation.nom in publiee.source
    assert not Solution.objects.publiees().filter(pk=publiee.pk).exists()


def test_un_pilote_programme_et_annule_depuis_l_administration_sans_suppression_directe(client, fournisseur):
    _, organisation = fournisseur
    publiee = SolutionFactory(fournisseur=organisation, publiee=True)
    client.force_login(UtilisateurFactory(pilote=True, is_superuser=True))
    liste = reverse("admin:organisations_organisation_changelist")
    # Plus de suppression directe (elle était bloquée par les fiches) : l'effacement passe par le délai de grâce.
    assert client.get(reverse("admin:organisations_organisation_delete", args=[organisation.pk])).status_code == 403
    client.post(liste, {"action": "programmer_effacement", "_selected_action": [organisation.pk]})
    organisation.refresh_from_db(), publiee.refresh_from_db()
    assert organisation.effacement_demande_le is not None and organisation.effacement_motif == "administration"
    assert publiee.statut == StatutSolution.ARCHIVEE
    client.post(liste, {"action": "annuler_effacement", "_selected_action": [organisation.pk]})
    organisation.refresh_from_db(), publiee.refresh_from_db()
    assert organisation.effacement_demande_le is None and publiee.statut == StatutSolution.PUBLIEE


def test_pendant_le_delai_les_partages_sont_suspendus_et_se_retirent_mais_aucun_ne_s_ajoute(client, entreprise_suivie):
    from tests.organisations.factories import OrganisationFactory

    membre, _, _, _, structure = entreprise_suivie
    autre_structure = OrganisationFactory(structure=True)
    _demander(client, membre.organisation)
    page = html.unescape(client.get(reverse("diagnostic:partage")).content.decode())
    assert "les partages sont suspendus" in page and structure.nom in page and "J'autorise le partage" not in page

    client.post(reverse("diagnostic:partage"), {"structure": autre_structure.pk})
    assert not Consentement.objects.filter(structure=autre_structure).exists()
    consentement = Consentement.objects.get(entreprise=membre.organisation, structure=structure)
    client.post(reverse("diagnostic:partage"), {"retirer": consentement.pk})
    consentement.refresh_from_db()
    assert consentement.retire_le is not None
    # Annulé, l'effacement ne ramène pas un partage retiré entre-temps.
    client.post(reverse("rgpd:annuler", args=[membre.organisation.pk]))
    assert not Consentement.objects.actifs().filter(entreprise=membre.organisation).exists()
