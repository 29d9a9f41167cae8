"""`make run` : le serveur web, un travailleur de tâches et la boucle du travail périodique, arrêtés ensemble."""

import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Lance le serveur de développement, un travailleur de tâches (db_worker) et le travail périodique."

    def add_arguments(self, parser):
        parser.add_argument("adresse", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--periode", type=int, default=300, help="Secondes entre deux passages du travail périodique."
        )

    def handle(self, *args, adresse, periode, **options):
        manage = [sys.executable, "manage.py"]
        processus = {
            "travailleur": subprocess.Popen([*manage, "db_worker", "--queue-name", "*"]),
            "périodique": subprocess.Popen([*manage, "taches_periodiques", "--boucle", str(periode)]),
            "serveur web": subprocess.Popen([*manage, "runserver", adresse]),
        }

        def arreter(*_):
            for p in processus.values():
                if p.poll() is None:
                    p.terminate()
            for p in processus.values():
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()

        signal.signal(signal.SIGTERM, lambda *_: (arreter(), sys.exit(0)))
        try:
            # Si l'un s'arrête (erreur, Ctrl-C), tous s'arrêtent : pas de travailleur orphelin.
            while all(p.poll() is None for p in processus.values()):
                time.sleep(0.5)
            arretes = [nom for nom, p in processus.items() if p.poll() is not None]
            self.stderr.write(f"Arrêt de : {', '.join(arretes)} ; les autres processus sont arrêtés aussi.")
        except KeyboardInterrupt:
            pass
        finally:
            arreter()
