from django.core.management.base import BaseCommand

from osezia.recherche.indexation import reindexer


class Command(BaseCommand):
    help = "Réécrit tout l'index de recherche (documents, cartes et lexique) à partir des fiches publiées."

    def handle(self, *args, **options):
        self.stdout.write(f"{reindexer(tout=True)} documents indexés.")
