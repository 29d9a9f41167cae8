from django.core.management.base import BaseCommand
from django.db import transaction

from osezia.referentiels import chargement
from osezia.referentiels.models import CategorieEntreprise, Departement, Region, SecteurNAF


class Command(BaseCommand):
    help = (
        "Charge ou met à jour (sans doublon) la NAF rév. 2, les régions et départements, les catégories d'entreprise."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            resultats = chargement.charger_tout(
                {
                    "SecteurNAF": SecteurNAF,
                    "Region": Region,
                    "Departement": Departement,
                    "CategorieEntreprise": CategorieEntreprise,
                }
            )
        for nom, nombre in resultats.items():
            self.stdout.write(f"{nom} : {nombre}")
