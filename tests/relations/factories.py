import factory

from osezia.cas_usage.models import CasUsage
from osezia.relations.models import Besoin
from tests.organisations.factories import MembreFactory, OrganisationFactory


class BesoinFactory(factory.django.DjangoModelFactory):
    """Un besoin en brouillon, sans propositions (relations.services.creer_besoin les calcule)."""

    class Meta:
        model = Besoin

    entreprise = factory.SubFactory(OrganisationFactory)
    cas_usage = factory.LazyFunction(lambda: CasUsage.objects.get(slug="traitement-factures"))
    description = "Nous recevons 200 factures fournisseurs par mois et les saisissons à la main dans la comptabilité."


def membre_de(organisation, **kwargs):
    return MembreFactory(organisation=organisation, **kwargs).utilisateur
