import pytest

from osezia.relations import services
from tests.catalogue.factories import SolutionFactory
from tests.comptes.factories import UtilisateurFactory
from tests.organisations.factories import MembreFactory, OrganisationFactory

DESCRIPTION = (
    "Lecture automatique des factures fournisseurs, rapprochement avec les bons de livraison, saisie en comptabilité."
)


@pytest.fixture
def boulangerie():
    return OrganisationFactory(nom="Boulangerie de test", effectif=8, chiffre_affaires=600_000, region_id="84")


@pytest.fixture
def gerante(boulangerie):
    return MembreFactory(organisation=boulangerie).utilisateur


@pytest.fixture
def fournisseurs():
    """Quatre fournisseurs fictifs, chacun avec une solution publiée du cas d'usage « traitement des factures » et
    un membre."""
    resultat = []
    for i in range(4):
        organisation = OrganisationFactory(fournisseur=True, nom=f"Fournisseur fictif {i}")
        MembreFactory(organisation=organisation, utilisateur=UtilisateurFactory(fournisseur=True))
        SolutionFactory(publiee=True, complete=True, fournisseur=organisation, description=DESCRIPTION)
        resultat.append(organisation)
    return resultat


def membre(organisation):
    return organisation.membres.select_related("utilisateur").first().utilisateur


@pytest.fixture
def besoin(boulangerie, gerante, fournisseurs):
    from osezia.cas_usage.models import CasUsage

    return services.creer_besoin(
        entreprise=boulangerie,
        par=gerante,
        cas_usage=CasUsage.objects.get(slug="traitement-factures"),
        description="Nous saisissons à la main 200 factures par mois et les rapprochons des bons de livraison.",
    )


@pytest.fixture
def petits_lots(settings):
    settings.OSEZIA = {**settings.OSEZIA, "RELATIONS_TAILLE_LOT": 2, "RELATIONS_INTERESSES_VOULUS": 2}
