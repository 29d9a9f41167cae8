import time

from django.core.management.base import BaseCommand

from osezia.utils import periodiques


class Command(BaseCommand):
    help = "Exécute le travail périodique (e-mails à réessayer…) une fois, ou en boucle avec --boucle SECONDES."

    def add_arguments(self, parser):
        parser.add_argument("--boucle", type=int, default=0, help="Recommencer toutes les N secondes (développement).")

    def handle(self, *args, boucle, **options):
        while True:
            for libelle, resultat in periodiques.executer():
                self.stdout.write(f"{libelle} : {resultat}")
            if boucle <= 0:
                return
            time.sleep(boucle)
