"""Charge bornée sur un vrai serveur : gunicorn et un travailleur de tâches sur une base jetable (SQLite, ou
PostgreSQL si DATABASE_URL le désigne), des clients HTTP en parallèle. Chiffres imprimés, rien n'est affirmé."""

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from osezia.diagnostic.management.commands.bench_diagnostic import PROFILS, diagnostic_complet
from osezia.utils.banc import base_jetable, percentile, resume

PAGES_PUBLIQUES = [
    "/",
    "/cas-usage/",
    "/secteurs/10.71C/",
    "/solutions/?q=factures",
    "/recherche/?q=devis",
    "/api/v1/solutions/?q=planning",
    "/api/v1/cas-usage/",
]


def _url_de_la_base():
    """L'adresse de la base jetable, pour les processus du serveur et du travailleur."""
    reglages = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{reglages['NAME']}"
    utilisateur = reglages["USER"] + (f":{reglages['PASSWORD']}" if reglages.get("PASSWORD") else "")
    return f"postgres://{utilisateur}@{reglages['HOST'] or 'localhost'}:{reglages['PORT'] or 5432}/{reglages['NAME']}"


def _get(url, cookie=None):
    requete = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    debut = time.perf_counter()
    try:
        with urllib.request.urlopen(requete, timeout=60) as reponse:
            reponse.read()
            statut = reponse.status
    except urllib.error.HTTPError as erreur:
        statut = erreur.code
    except OSError:
        statut = 0
    return statut, (time.perf_counter() - debut) * 1000


class Command(BaseCommand):
    help = (
        "Charge bornée : page d'accueil seule puis pendant 4 boucles de téléchargement du PDF d'un même compte, "
        "puis pages publiques à 10 et 50 clients simultanés (requêtes/s, p50, p95, erreurs), sur gunicorn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8791)
        parser.add_argument("--workers", type=int, default=4, help="processus gunicorn (défaut 4)")
        parser.add_argument("--duree", type=float, default=10, help="secondes par scénario de charge (défaut 10)")
        parser.add_argument("--concurrences", default="10,50")

    def handle(self, *args, port, workers, duree, concurrences, **options):
        with base_jetable():
            call_command("charger_contenus", verbosity=0)
            call_command("charger_demo", "--sans-import", verbosity=0)
            ligne = json.loads(PROFILS.read_text(encoding="utf-8").splitlines()[0])
            diagnostic = diagnostic_complet(ligne)
            utilisateur = diagnostic.cree_par
            session = SessionStore()
            session[SESSION_KEY] = str(utilisateur.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = utilisateur.get_session_auth_hash()
            session.create()
            cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
            env = {**os.environ, "DATABASE_URL": _url_de_la_base(), "DJANGO_ENV": "development", "DJANGO_DEBUG": "0"}
            with tempfile.TemporaryDirectory() as medias:
                env["DJANGO_MEDIA_ROOT"] = medias
                connection.close()
                self._mesurer(env, port, workers, duree, concurrences, cookie, diagnostic.pk)

    def _mesurer(self, env, port, workers, duree, concurrences, cookie, pk):
        racine = f"http://127.0.0.1:{port}"
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        gunicorn = [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
        processus = [
            subprocess.Popen(gunicorn, cwd=settings.BASE_DIR, env=env, stderr=subprocess.DEVNULL),
            subprocess.Popen(
                [*manage, "db_worker", "--queue-name", "*", "--no-reload", "--interval", "0.2"],
                cwd=settings.BASE_DIR,
                env=env,
                stderr=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            ),
        ]
        try:
            for _ in range(100):
                if _get(racine + "/sante/")[0] == 200:
                    break
                time.sleep(0.2)
            base = "SQLite" if "sqlite" in env["DATABASE_URL"] else "PostgreSQL"
            self.stdout.write(f"gunicorn {workers} processus + 1 travailleur de tâches, base {base}")
            for _ in range(20):
                _get(racine + "/")
            seule = [_get(racine + "/")[1] for _ in range(200)]
            self.stdout.write(resume("accueil seule (200 requêtes)", seule))
            self._accueil_pendant_les_pdf(racine, cookie, pk)
            for concurrence in [int(c) for c in concurrences.split(",") if c.strip()]:
                self._charge(racine, concurrence, duree)
        finally:
            for p in processus:
                p.terminate()
            for p in processus:
                p.wait(timeout=20)

    def _accueil_pendant_les_pdf(self, racine, cookie, pk):
        arret = threading.Event()
        pdf = []

        def boucle():
            while not arret.is_set():
                pdf.append(_get(f"{racine}/diagnostic/{pk}/rapport.pdf", cookie))

        fils = [threading.Thread(target=boucle) for _ in range(4)]
        for fil in fils:
            fil.start()
        time.sleep(1)
        accueil = [_get(racine + "/")[1] for _ in range(200)]
        arret.set()
        for fil in fils:
            fil.join()
        temps = [t for _, t in pdf]
        self.stdout.write(
            f"{resume('accueil pendant 4 boucles PDF du même compte', accueil)} ; "
            f"{len(pdf)} demandes de PDF, p50 {percentile(temps, 50):.1f} ms, "
            f"erreurs {sum(1 for s, _ in pdf if s >= 500 or s == 0)}"
        )

    def _charge(self, racine, concurrence, duree):
        fin = time.perf_counter() + duree
        mesures = []

        def client(indice):
            n = indice
            while time.perf_counter() < fin:
                mesures.append(_get(racine + PAGES_PUBLIQUES[n % len(PAGES_PUBLIQUES)]))
                n += 1

        debut = time.perf_counter()
        with ThreadPoolExecutor(concurrence) as groupe:
            list(groupe.map(client, range(concurrence)))
        ecoule = time.perf_counter() - debut
        temps = [t for _, t in mesures]
        erreurs = sum(1 for s, _ in mesures if s >= 500 or s == 0)
        autres = sum(1 for s, _ in mesures if 400 <= s < 500)
        self.stdout.write(
            f"concurrence {concurrence} ({len(PAGES_PUBLIQUES)} pages publiques, {duree:.0f} s) : "
            f"{len(mesures) / ecoule:.0f} requêtes/s, p50 {percentile(temps, 50):.1f} ms, "
            f"p95 {percentile(temps, 95):.1f} ms, erreurs {erreurs} sur {len(mesures)}, réponses 4xx {autres}"
        )
