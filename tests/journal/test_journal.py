"""Journal des actions sensibles : une entrée par action, dans sa transaction, jamais modifiée, purgée après un an."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from osezia.catalogue import services as catalogue
from osezia.catalogue.enums import StatutSolution
from osezia.comptes import services as comptes
from osezia.diagnostic import services as diagnostics
from osezia.diagnostic.enums import StatutDiagnostic
from osezia.journal import services as journal
from osezia.journal.enums import Action
from osezia.journal.models import EvenementJournal, JournalEnLectureSeule
from osezia.organisations.models import Consentement
from osezia.utils import periodiques
from tests.catalogue.factories import SolutionFactory
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.factories import conseiller_avec_portefeuille, diagnostic, membre_entreprise
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilote():
    return UtilisateurFactory(pilote=True)


@pytest.fixture
def suivi():
    membre = membre_entreprise(naf_id="46.31Z")
    diag = diagnostic(membre)
    conseiller, structure = conseiller_avec_portefeuille(membre.organisation)
    return membre, diag, conseiller, structure


def _seule_entree(**filtres):
    entrees = list(EvenementJournal.objects.filter(**filtres))
    assert len(entrees) == 1, entrees
    return entrees[0]


# --- Chaque action branchée écrit une entrée, une seule ------------------------------------------------------


def test_publier_renvoyer_archiver_sont_journalises_soumettre_ne_l_est_pas(fournisseur, pilote):
    utilisateur, organisation = fournisseur
    solution = SolutionFactory(fournisseur=organisation, nom="Quokka devis")
    catalogue.changer_statut(solution=solution, utilisateur=utilisateur, statut=StatutSolution.SOUMISE)
    assert not EvenementJournal.objects.exists()

    catalogue.changer_statut(
        solution=solution, utilisateur=pilote, statut=StatutSolution.BROUILLON, motif="Ajoutez vos références."
    )
    renvoi = _seule_entree(action=Action.SOLUTION_RENVOYEE)
    assert renvoi.acteur == pilote and renvoi.acteur_libelle == f"Pilote du programme, compte n° {pilote.pk}"
    assert renvoi.organisation == organisation and renvoi.organisation_libelle == organisation.nom
    assert (renvoi.objet_type, renvoi.objet_id, renvoi.objet_libelle) == (
        "catalogue.solution",
        solution.pk,
        "Quokka devis",
    )
    assert renvoi.details == {
        "statut_avant": "Soumise à modération",
        "statut_apres": "Brouillon",
        "motif": "Ajoutez vos références.",
    }

    catalogue.changer_statut(solution=solution, utilisateur=utilisateur, statut=StatutSolution.SOUMISE)
    catalogue.changer_statut(solution=solution, utilisateur=pilote, statut=StatutSolution.PUBLIEE)
    publication = _seule_entree(action=Action.SOLUTION_PUBLIEE)
    assert publication.acteur == pilote and publication.details == {
        "statut_avant": "Soumise à modération",
        "statut_apres": "Publiée",
    }

    catalogue.changer_statut(solution=solution, utilisateur=utilisateur, statut=StatutSolution.ARCHIVEE)
    archivage = _seule_entree(action=Action.SOLUTION_ARCHIVEE)
    assert archivage.acteur == utilisateur and archivage.organisation == organisation
    assert EvenementJournal.objects.count() == 3


def test_la_decision_de_la_page_de_moderation_est_journalisee(client, pilote):
    solution = SolutionFactory(soumise=True)
    client.force_login(pilote)
    reponse = client.post(reverse("pilotage:decision", args=[solution.slug]), {"decision": "publier"})
    assert reponse.status_code == 302
    assert _seule_entree(action=Action.SOLUTION_PUBLIEE).objet_id == solution.pk


def test_prise_en_charge_et_validation(suivi):
    membre, diag, conseiller, _ = suivi
    diagnostics.prendre_en_charge(diagnostic=diag, conseiller=conseiller)
    diagnostics.prendre_en_charge(diagnostic=diag, conseiller=conseiller)  # déjà le sien : rien de nouveau
    prise = _seule_entree(action=Action.DIAGNOSTIC_PRIS_EN_CHARGE)
    assert prise.acteur == conseiller and prise.organisation == membre.organisation
    assert (prise.objet_type, prise.objet_id) == ("diagnostic.diagnostic", diag.pk) and prise.details == {}

    diagnostics.valider(diagnostic=diag, conseiller=conseiller)
    validation = _seule_entree(action=Action.DIAGNOSTIC_VALIDE)
    assert validation.acteur == conseiller and validation.organisation == membre.organisation
    assert validation.objet_id == diag.pk
    assert EvenementJournal.objects.count() == 2


def test_un_autre_conseiller_qui_reprend_le_diagnostic_est_journalise_avec_le_precedent(suivi):
    membre, diag, conseiller, structure = suivi
    diagnostics.prendre_en_charge(diagnostic=diag, conseiller=conseiller)
    collegue = UtilisateurFactory(conseiller=True)
    structure.membres.create(utilisateur=collegue)
    diagnostics.prendre_en_charge(diagnostic=diag, conseiller=collegue)
    reprise = EvenementJournal.objects.filter(action=Action.DIAGNOSTIC_PRIS_EN_CHARGE).first()
    assert reprise.acteur == collegue
    assert reprise.details == {
        "conseiller_precedent": f"Conseiller (CCI, Bpifrance, ambassadeur IA), compte n° {conseiller.pk}"
    }


def test_partage_accorde_puis_retire_depuis_la_page(client):
    membre = membre_entreprise()
    structure = OrganisationFactory(structure=True)
    client.force_login(membre.utilisateur)
    client.post(reverse("diagnostic:partage"), {"structure": structure.pk})
    client.post(reverse("diagnostic:partage"), {"structure": structure.pk})  # déjà partagé : pas de doublon
    consentement = Consentement.objects.get(entreprise=membre.organisation)
    donne = _seule_entree(action=Action.CONSENTEMENT_DONNE)
    assert donne.acteur == membre.utilisateur and donne.organisation == membre.organisation
    assert (donne.objet_type, donne.objet_id) == ("organisations.consentement", consentement.pk)
    assert donne.details == {"structure": structure.nom}

    client.post(reverse("diagnostic:partage"), {"retirer": consentement.pk})
    retire = _seule_entree(action=Action.CONSENTEMENT_RETIRE)
    assert retire.acteur == membre.utilisateur and retire.objet_id == consentement.pk
    consentement.refresh_from_db()
    date_du_retrait = consentement.retire_le
    diagnostics.retirer_partage(consentement=consentement, utilisateur=membre.utilisateur)  # déjà retiré
    consentement.refresh_from_db()
    assert consentement.retire_le == date_du_retrait
    assert EvenementJournal.objects.count() == 2


def test_jeton_cree_puis_revoque_sans_le_secret(fournisseur):
    utilisateur, organisation = fournisseur
    jeton, valeur = comptes.creer_jeton(utilisateur=utilisateur, nom="Intégration CRM", duree_jours=30)
    cree = _seule_entree(action=Action.JETON_CREE)
    assert cree.acteur == utilisateur and cree.organisation == organisation and cree.objet_id == jeton.pk
    assert cree.details["nom"] == "Intégration CRM" and cree.details["prefixe"] == jeton.prefixe
    assert cree.details["droits"] == "lecture et écriture"
    secret = valeur.split("_", 2)[2]
    assert secret not in str(cree.details) and jeton.empreinte not in str(cree.details)

    comptes.revoquer_jeton(jeton=jeton, utilisateur=utilisateur)
    comptes.revoquer_jeton(jeton=jeton, utilisateur=utilisateur)  # déjà révoqué
    assert _seule_entree(action=Action.JETON_REVOQUE).objet_id == jeton.pk


# --- Une action qui échoue ne laisse rien ; le journal ne se réécrit pas -------------------------------------


def test_une_validation_annulee_ne_laisse_aucune_entree(suivi):
    _, diag, conseiller, _ = suivi
    diagnostics.prendre_en_charge(diagnostic=diag, conseiller=conseiller)
    # L'échec survient après consigner(), dans la même transaction : tout est annulé, entrée comprise.
    panne = RuntimeError("file des e-mails indisponible")
    with mock.patch.object(diagnostics.notifications, "notifier", side_effect=panne), pytest.raises(RuntimeError):
        diagnostics.valider(diagnostic=diag, conseiller=conseiller)
    diag.refresh_from_db()
    assert diag.statut != StatutDiagnostic.VALIDE
    assert not EvenementJournal.objects.filter(action=Action.DIAGNOSTIC_VALIDE).exists()


def test_une_publication_annulee_ne_laisse_aucune_entree(pilote):
    solution = SolutionFactory(soumise=True)
    panne = RuntimeError("file des e-mails indisponible")
    with mock.patch.object(catalogue.notifications, "notifier", side_effect=panne), pytest.raises(RuntimeError):
        catalogue.changer_statut(solution=solution, utilisateur=pilote, statut=StatutSolution.PUBLIEE)
    solution.refresh_from_db()
    assert solution.statut == StatutSolution.SOUMISE
    assert not EvenementJournal.objects.exists()


def test_consigner_hors_transaction_est_refuse(pilote):
    with mock.patch.object(connection, "in_atomic_block", False), pytest.raises(journal.HorsTransaction):
        journal.consigner(acteur=pilote, action=Action.DONNEES_EXPORTEES)
    assert not EvenementJournal.objects.exists()


def test_une_entree_ne_se_modifie_ni_ne_s_efface(pilote):
    entree = journal.consigner(acteur=pilote, action=Action.DONNEES_EXPORTEES, details={"format": "JSON"})
    entree.details = {"format": "falsifié"}
    with pytest.raises(JournalEnLectureSeule):
        entree.save()
    with pytest.raises(JournalEnLectureSeule):
        entree.delete()
    assert EvenementJournal.objects.get().details == {"format": "JSON"}


def test_l_entree_reste_lisible_apres_la_suppression_du_compte_et_de_l_organisation(fournisseur, pilote):
    utilisateur, organisation = fournisseur
    jeton, _ = comptes.creer_jeton(utilisateur=utilisateur, nom="CRM")
    nom, numero = organisation.nom, utilisateur.pk
    utilisateur.delete()
    organisation.delete()
    entree = EvenementJournal.objects.get()
    assert entree.acteur is None and entree.organisation is None
    assert entree.acteur_libelle == f"Fournisseur de solutions IA, compte n° {numero}"
    assert entree.organisation_libelle == nom
    assert journal.libelle_acteur(None) == "La plateforme (traitement automatique)"


def test_l_administration_ne_fait_que_montrer(client, pilote):
    entree = journal.consigner(acteur=pilote, action=Action.DONNEES_EXPORTEES)
    admin = UtilisateurFactory(pilote=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("admin:journal_evenementjournal_changelist")).status_code == 200
    assert client.get(reverse("admin:journal_evenementjournal_change", args=[entree.pk])).status_code == 200
    assert client.get(reverse("admin:journal_evenementjournal_add")).status_code == 403
    assert (
        client.post(reverse("admin:journal_evenementjournal_delete", args=[entree.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert EvenementJournal.objects.filter(pk=entree.pk).exists()


# --- Purge après un an ---------------------------------------------------------------------------------------


def test_les_entrees_de_plus_d_un_an_sont_purgees_par_le_travail_periodique(pilote):
    maintenant = timezone.now()
    with time_machine.travel(maintenant - timedelta(days=366), tick=False):
        journal.consigner(acteur=pilote, action=Action.JETON_CREE)
    with time_machine.travel(maintenant - timedelta(days=364), tick=False):
        recente = journal.consigner(acteur=pilote, action=Action.JETON_REVOQUE)
    resultats = dict(periodiques.executer())
    assert resultats["Entrées du journal des actions de plus d'un an effacées"] == 1
    assert list(EvenementJournal.objects.all()) == [recente]
    assert journal.purger_anciens() == 0  # idempotent


def test_un_an_depuis_un_29_fevrier():
    assert journal.il_y_a_un_an(datetime(2028, 2, 29, 12, tzinfo=UTC)).date().isoformat() == "2027-02-28"
