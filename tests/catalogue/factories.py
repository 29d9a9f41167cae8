import factory

from osezia.cas_usage.models import CasUsage
from osezia.catalogue.enums import Deploiement, Hebergement, OrigineSolution, StatutSolution, TranchePrix
from osezia.catalogue.models import Solution
from tests.organisations.factories import OrganisationFactory


class SolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Solution
        skip_postgeneration_save = True

    nom = factory.Sequence(lambda n: f"Solution de test {n}")
    slug = factory.Sequence(lambda n: f"solution-de-test-{n}")
    fournisseur = factory.SubFactory(OrganisationFactory, fournisseur=True)
    description_courte = "Une solution pour les tests."
    description = "Une description assez longue pour une solution de test."
    tailles_cibles = factory.LazyFunction(lambda: ["TPE", "PME"])
    tranche_prix = TranchePrix.DE_50_A_200
    hebergement = Hebergement.FRANCE
    statut = StatutSolution.BROUILLON

    class Params:
        publiee = factory.Trait(statut=StatutSolution.PUBLIEE)
        soumise = factory.Trait(statut=StatutSolution.SOUMISE)
        # Tout ce que la fiche pratique demande : fournisseur, prix, hébergement, RGPD, déploiement, références.
        complete = factory.Trait(
            dpa_rgpd=True, deploiement=Deploiement.SAAS, references="Boulangerie Martin, Lyon (depuis 2025)"
        )
        # Une notice #uneIAparjour : ni éditeur, ni prix, ni hébergement.
        sommaire = factory.Trait(
            fournisseur=None,
            tranche_prix=TranchePrix.NON_COMMUNIQUE,
            hebergement=Hebergement.NON_COMMUNIQUE,
            origine=OrigineSolution.IMPORT,
            source="#uneIAparjour",
        )

    @factory.post_generation
    def cas_usage(self, create, slugs, **kwargs):
        if create:
            self.cas_usage.set(CasUsage.objects.filter(slug__in=slugs or ["traitement-factures"]))
