import factory

from osezia.comptes.enums import Role
from osezia.comptes.models import Utilisateur

MOT_DE_PASSE = "un mot de passe solide 2026"


class UtilisateurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Utilisateur
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    role = Role.ENTREPRISE
    password = factory.django.Password(MOT_DE_PASSE)

    class Params:
        fournisseur = factory.Trait(role=Role.FOURNISSEUR)
        conseiller = factory.Trait(role=Role.CONSEILLER)
        pilote = factory.Trait(role=Role.PILOTE, is_staff=True)
        email_verifie = factory.Trait(
            email_verifie_le=factory.Faker("date_time_this_year", tzinfo=__import__("datetime").UTC)
        )
