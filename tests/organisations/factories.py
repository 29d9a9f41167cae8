import factory

from osezia.organisations.enums import TypeOrganisation
from osezia.organisations.models import Membre, Organisation
from tests.comptes.factories import UtilisateurFactory


def siren_valide(n):
    """Un SIREN dont la clé de Luhn est juste (fabriqué, pas une vraie entreprise : préfixe 9xxxxxxx)."""
    base = f"9{n:07d}"
    for cle in range(10):
        candidat = f"{base}{cle}"
        total = 0
        for i, chiffre in enumerate(reversed(candidat)):
            valeur = int(chiffre) * (2 if i % 2 else 1)
            total += valeur - 9 if valeur > 9 else valeur
        if total % 10 == 0:
            return candidat
    raise AssertionError


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    type = TypeOrganisation.ENTREPRISE
    nom = factory.Sequence(lambda n: f"Entreprise de test {n}")
    siren = factory.Sequence(siren_valide)
    naf_id = "47.11F"
    effectif = 12
    chiffre_affaires = 1_500_000
    region_id = "84"

    class Params:
        fournisseur = factory.Trait(
            type=TypeOrganisation.FOURNISSEUR,
            nom=factory.Sequence(lambda n: f"Fournisseur de test {n}"),
            description="Un fournisseur créé pour les tests.",
        )
        structure = factory.Trait(
            type=TypeOrganisation.STRUCTURE,
            nom=factory.Sequence(lambda n: f"CCI de test {n}"),
            naf_id=None,
        )


class MembreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membre

    utilisateur = factory.SubFactory(UtilisateurFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    est_administrateur = True
