import pytest

from osezia.catalogue.enums import Certification, Deploiement, Hebergement, Langue, TranchePrix
from osezia.relations import appariement
from osezia.relations.enums import Budget, HebergementExige
from tests.catalogue.factories import SolutionFactory
from tests.organisations.factories import OrganisationFactory
from tests.relations.factories import BesoinFactory

pytestmark = pytest.mark.django_db

FACTURES = (
    "Lecture automatique des factures fournisseurs, rapprochement avec les bons de livraison, saisie en comptabilité."
)


@pytest.fixture
def boulangerie():
    return OrganisationFactory(nom="Boulangerie de test", effectif=8, chiffre_affaires=600_000, region_id="84")


def _propositions(besoin, **kwargs):
    return {p.solution_id: p for p in appariement.proposer(besoin, nombre=500, **kwargs)}


def test_seules_les_solutions_publiees_du_cas_d_usage_avec_un_fournisseur_sont_proposees(boulangerie):
    bonne = SolutionFactory(publiee=True, description=FACTURES)
    brouillon = SolutionFactory(description=FACTURES)
    autre_usage = SolutionFactory(publiee=True, description=FACTURES, cas_usage=["transcription-reunions"])
    sans_fournisseur = SolutionFactory(publiee=True, sommaire=True, description=FACTURES)
    propositions = _propositions(BesoinFactory(entreprise=boulangerie))
    assert bonne.pk in propositions
    assert {brouillon.pk, autre_usage.pk, sans_fournisseur.pk}.isdisjoint(propositions)


def test_contraintes_dures_ecartent_et_l_inconnu_reste_a_verifier(boulangerie):
    en_france = SolutionFactory(publiee=True, hebergement=Hebergement.FRANCE, description=FACTURES)
    hors_ue = SolutionFactory(publiee=True, hebergement=Hebergement.HORS_UE, description=FACTURES)
    dans_ue = SolutionFactory(publiee=True, hebergement=Hebergement.UE, description=FACTURES)
    inconnu = SolutionFactory(publiee=True, hebergement=Hebergement.NON_COMMUNIQUE, description=FACTURES)
    besoin = BesoinFactory(entreprise=boulangerie, hebergement=HebergementExige.FRANCE)
    propositions = _propositions(besoin)
    assert en_france.pk in propositions and inconnu.pk in propositions
    assert hors_ue.pk not in propositions and dans_ue.pk not in propositions
    assert "Données hébergées en france." in propositions[en_france.pk].pourquoi
    assert any("hébergées" in texte for texte in propositions[inconnu.pk].a_verifier)
    assert propositions[en_france.pk].score > propositions[inconnu.pk].score
    ue = _propositions(BesoinFactory(entreprise=boulangerie, hebergement=HebergementExige.UE))
    assert dans_ue.pk in ue and en_france.pk in ue and hors_ue.pk not in ue


def test_taille_certifications_langues_deploiement_et_budget(boulangerie):
    pour_ge = SolutionFactory(publiee=True, tailles_cibles=["GE"], description=FACTURES)
    toutes_tailles = SolutionFactory(publiee=True, tailles_cibles=[], description=FACTURES)
    certifiee = SolutionFactory(
        publiee=True, certifications=[Certification.ISO_27001], langues=[Langue.FR], description=FACTURES,
        deploiement=Deploiement.HYBRIDE, tranche_prix=TranchePrix.MOINS_50,
    )  # fmt: skip
    en_ligne = SolutionFactory(
        publiee=True, certifications=[Certification.ISO_27001], langues=[Langue.FR], deploiement=Deploiement.SAAS,
        description=FACTURES,
    )  # fmt: skip
    en_anglais = SolutionFactory(
        publiee=True, certifications=[Certification.ISO_27001], langues=[Langue.EN], deploiement=Deploiement.SUR_SITE,
        description=FACTURES,
    )  # fmt: skip
    chere = SolutionFactory(
        publiee=True, certifications=[Certification.ISO_27001], langues=[Langue.FR], deploiement=Deploiement.SUR_SITE,
        tranche_prix=TranchePrix.DE_200_A_1000, description=FACTURES,
    )  # fmt: skip
    sur_devis = SolutionFactory(
        publiee=True, certifications=[Certification.ISO_27001], langues=[], deploiement=Deploiement.SUR_SITE,
        tranche_prix=TranchePrix.SUR_DEVIS, description=FACTURES,
    )  # fmt: skip
    simple = _propositions(BesoinFactory(entreprise=boulangerie))
    assert pour_ge.pk not in simple
    assert "Conçue pour les TPE." in simple[certifiee.pk].pourquoi
    assert any("tailles d'entreprise" in t for t in simple[toutes_tailles.pk].a_verifier)

    exigeant = BesoinFactory(
        entreprise=boulangerie, certifications=[Certification.ISO_27001], langues=[Langue.FR], sur_site=True,
        budget=Budget.DE_50_A_200,
    )  # fmt: skip
    propositions = _propositions(exigeant)
    assert set(propositions) >= {certifiee.pk, sur_devis.pk}
    assert {toutes_tailles.pk, en_ligne.pk, en_anglais.pk, chere.pk}.isdisjoint(propositions)
    assert any("budget" in t for t in propositions[sur_devis.pk].a_verifier)
    assert any("français" in t for t in propositions[sur_devis.pk].a_verifier)
    assert "S'installe chez vous." in propositions[certifiee.pk].pourquoi


def test_intervention_sur_place_demande_un_fournisseur_de_la_region(boulangerie):
    lyonnais = SolutionFactory(publiee=True, fournisseur__region_id="84", description=FACTURES)
    breton = SolutionFactory(publiee=True, fournisseur__region_id="53", description=FACTURES)
    sans_region = SolutionFactory(publiee=True, fournisseur__region_id=None, description=FACTURES)
    besoin = BesoinFactory(entreprise=boulangerie, intervention_sur_place=True, region_id="84")
    propositions = _propositions(besoin)
    assert lyonnais.pk in propositions and sans_region.pk in propositions and breton.pk not in propositions
    assert any(t.startswith("Fournisseur installé en Auvergne") for t in propositions[lyonnais.pk].pourquoi)
    assert any("région" in t for t in propositions[sans_region.pk].a_verifier)


def test_la_pertinence_du_texte_classe_et_s_explique(boulangerie):
    parle_factures = SolutionFactory(publiee=True, description=FACTURES)
    hors_sujet = SolutionFactory(publiee=True, description="Un outil pour organiser le planning des équipes.")
    besoin = BesoinFactory(
        entreprise=boulangerie,
        description="Saisie des factures en comptabilité, rapprochement avec les bons de livraison",
    )
    propositions = _propositions(besoin)
    assert propositions[parle_factures.pk].score > propositions[hors_sujet.pk].score
    assert propositions[parle_factures.pk].pertinence > 0
    assert "Sa description ne reprend aucun mot de votre besoin." in propositions[hors_sujet.pk].ne_convient_pas


def test_une_proposition_par_fournisseur_et_les_fournisseurs_ecartes_ne_reviennent_pas(boulangerie):
    fournisseur = OrganisationFactory(fournisseur=True)
    premiere = SolutionFactory(publiee=True, fournisseur=fournisseur, description=FACTURES)
    seconde = SolutionFactory(publiee=True, fournisseur=fournisseur, description="Autre chose.")
    besoin = BesoinFactory(entreprise=boulangerie)
    propositions = appariement.proposer(besoin, nombre=500)
    du_fournisseur = [p for p in propositions if p.fournisseur_id == fournisseur.pk]
    assert len(du_fournisseur) == 1
    assert du_fournisseur[0].solution_id == premiere.pk and du_fournisseur[0].autres_solutions == 1
    assert seconde.pk not in {p.solution_id for p in propositions}
    assert fournisseur.pk not in {p.fournisseur_id for p in appariement.proposer(besoin, ecartes={fournisseur.pk})}


def test_une_vraie_entreprise_ne_recoit_pas_de_fiche_de_demonstration(boulangerie):
    demo = SolutionFactory(publiee=True, est_demo=True, description=FACTURES)
    assert demo.pk not in _propositions(BesoinFactory(entreprise=boulangerie))
    entreprise_demo = OrganisationFactory(est_demo=True, effectif=8, chiffre_affaires=600_000)
    propositions = _propositions(BesoinFactory(entreprise=entreprise_demo))
    assert propositions[demo.pk].est_demo
    assert propositions[demo.pk].a_verifier[0] == "Fiche de démonstration : ce fournisseur n'existe pas."


def test_la_proposition_se_lit_en_donnees(boulangerie):
    solution = SolutionFactory(publiee=True, complete=True, description=FACTURES)
    proposition = _propositions(BesoinFactory(entreprise=boulangerie))[solution.pk]
    donnees = proposition.en_donnees()
    assert donnees["solution_nom"] == solution.nom and donnees["fournisseur_nom"] == solution.fournisseur.nom
    assert donnees["completude"] == 100 and not any("sommaire" in t for t in donnees["ne_convient_pas"])
