import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from osezia.catalogue import services
from osezia.catalogue.enums import StatutSolution
from osezia.catalogue.models import EvenementModeration
from osezia.recherche.services import rechercher
from tests.catalogue.factories import SolutionFactory
from tests.comptes.factories import UtilisateurFactory
from tests.organisations.factories import MembreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilote():
    return UtilisateurFactory(pilote=True)


def test_circuit_complet_brouillon_soumise_publiee_archivee(fournisseur, pilote):
    utilisateur, organisation = fournisseur
    solution = SolutionFactory(fournisseur=organisation, nom="Quokka devis")
    services.changer_statut(solution=solution, utilisateur=utilisateur, statut=StatutSolution.SOUMISE)
    assert rechercher(q="quokka").total == 0
    services.changer_statut(solution=solution, utilisateur=pilote, statut=StatutSolution.PUBLIEE)
    solution.refresh_from_db()
    assert solution.statut == StatutSolution.PUBLIEE and solution.publiee_le
    assert rechercher(q="quokka").total == 1
    services.changer_statut(solution=solution, utilisateur=utilisateur, statut=StatutSolution.ARCHIVEE)
    assert rechercher(q="quokka").total == 0
    assert list(EvenementModeration.objects.filter(solution=solution).values_list("statut_apres", flat=True)) == [
        "archivee",
        "publiee",
        "soumise",
    ]


def test_un_refus_exige_un_motif_et_le_garde(fournisseur, pilote):
    utilisateur, organisation = fournisseur
    solution = SolutionFactory(fournisseur=organisation, soumise=True)
    with pytest.raises(ValidationError):
        services.changer_statut(solution=solution, utilisateur=pilote, statut=StatutSolution.BROUILLON)
    services.changer_statut(
        solution=solution, utilisateur=pilote, statut=StatutSolution.BROUILLON, motif="Précisez le prix."
    )
    solution.refresh_from_db()
    assert solution.statut == StatutSolution.BROUILLON and solution.motif_moderation == "Précisez le prix."


def test_seul_un_pilote_publie(fournisseur):
    utilisateur, organisation = fournisseur
    solution = SolutionFactory(fournisseur=organisation, soumise=True)
    with pytest.raises(PermissionDenied):
        services.changer_statut(solution=solution, utilisateur=utilisateur, statut=StatutSolution.PUBLIEE)


def test_une_autre_organisation_ne_peut_rien_changer(fournisseur):
    _, organisation = fournisseur
    intrus = MembreFactory(
        utilisateur=UtilisateurFactory(fournisseur=True, email_verifie=True), organisation__fournisseur=True
    )
    solution = SolutionFactory(fournisseur=organisation)
    with pytest.raises(PermissionDenied):
        services.changer_statut(solution=solution, utilisateur=intrus.utilisateur, statut=StatutSolution.SOUMISE)
    with pytest.raises(PermissionDenied):
        services.enregistrer_solution(
            utilisateur=intrus.utilisateur, fournisseur=intrus.organisation, donnees={"nom": "Volée"},
            cas_usage=[], secteurs=[], solution=solution,
        )  # fmt: skip


def test_transitions_impossibles(fournisseur, pilote):
    utilisateur, organisation = fournisseur
    solution = SolutionFactory(fournisseur=organisation)
    with pytest.raises(ValidationError, match="Passage impossible"):
        services.changer_statut(solution=solution, utilisateur=pilote, statut=StatutSolution.PUBLIEE)


def test_soumettre_exige_une_adresse_confirmee_et_une_fiche_complete(fournisseur):
    _, organisation = fournisseur
    non_confirme = MembreFactory(
        utilisateur=UtilisateurFactory(fournisseur=True), organisation=organisation
    ).utilisateur
    solution = SolutionFactory(fournisseur=organisation, tailles_cibles=[])
    with pytest.raises(ValidationError) as erreur:
        services.changer_statut(solution=solution, utilisateur=non_confirme, statut=StatutSolution.SOUMISE)
    assert "taille" in str(erreur.value) and "adresse e-mail" in str(erreur.value)


def test_modifier_une_fiche_publiee_la_repasse_en_brouillon(fournisseur):
    utilisateur, organisation = fournisseur
    solution = SolutionFactory(fournisseur=organisation, publiee=True, nom="Wombat planning")
    assert rechercher(q="wombat").total == 1
    services.enregistrer_solution(
        utilisateur=utilisateur, fournisseur=organisation, donnees={"nom": "Wombat planning v2"},
        cas_usage=list(solution.cas_usage.all()), secteurs=[], solution=solution,
    )  # fmt: skip
    solution.refresh_from_db()
    assert solution.statut == StatutSolution.BROUILLON
    assert rechercher(q="wombat").total == 0
