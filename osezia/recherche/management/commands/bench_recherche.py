"""Banc d'essai de la recherche du catalogue, à travers toute la pile Django (intergiciels, vue, gabarit).

Par défaut, une base jetable est créée (fichier SQLite temporaire, ou base PostgreSQL `test_…` sur le serveur
configuré), remplie, mesurée puis détruite ; `--base-configuree` mesure la base configurée telle quelle.
"""

import statistics
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings

from osezia.recherche import banc
from osezia.recherche.models import DocumentRecherche
from osezia.utils.banc import base_jetable, percentile, resume

# La vue triviale de référence : une page du site servie par toute la pile (intergiciels, gabarit de base
# DSFR, en-tête et pied de page) mais sans aucune requête en base ni logique métier.
VUE_TRIVIALE = "/cookies/"


class Command(BaseCommand):
    help = "Mesure p50/p95 de la recherche du catalogue (2-3 mots + 2 facettes) et d'une vue triviale ; dernière ligne : ratio."

    def add_arguments(self, parser):
        parser.add_argument(
            "--solutions", type=int, default=100_000, help="nombre de solutions synthétiques (défaut 100 000)"
        )
        parser.add_argument("--requetes", type=int, default=300, help="requêtes mesurées (défaut 300)")
        parser.add_argument(
            "--base-configuree", action="store_true", help="utiliser la base configurée au lieu d'une base jetable"
        )

    def handle(self, *args, solutions, requetes, base_configuree, **options):
        # Comme le lanceur de tests de Django : DEBUG=False, le réglage de la production. En développement, DEBUG
        # garde chaque requête SQL en mémoire, un coût que les pages avec base paient et la vue triviale non.
        with override_settings(DEBUG=False), base_jetable(utiliser_la_base_configuree=base_configuree):
            self._mesurer(solutions, requetes)

    def _mesurer(self, solutions, nombre_requetes):
        moteur = connection.vendor
        self.stdout.write(
            f"moteur : {moteur} {connection.Database.sqlite_version if moteur == 'sqlite' else connection.pg_version}"
            f" (DEBUG={settings.DEBUG})"
        )
        call_command("charger_contenus", verbosity=0)
        debut = time.perf_counter()
        if solutions:
            banc.generer(solutions)
        self.stdout.write(
            f"index : {DocumentRecherche.objects.count()} documents ({solutions} solutions synthétiques), "
            f"préparé en {time.perf_counter() - debut:.1f} s"
        )
        if moteur == "postgresql":
            # L'état d'une base en service après un chargement : l'autovacuum l'aurait nettoyée et analysée.
            with connection.cursor() as curseur:
                curseur.execute("VACUUM ANALYZE")

        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "127.0.0.1")
        requetes = banc.requetes(nombre_requetes)
        for parametres in requetes[:20]:  # chauffe : connexions, gabarits, caches
            assert client.get("/solutions/", parametres).status_code == 200
            assert client.get(VUE_TRIVIALE).status_code == 200
        recherche, api, triviale, sante, resultats = [], [], [], [], []
        for parametres in requetes:
            t = time.perf_counter()
            reponse = client.get("/solutions/", parametres)
            recherche.append((time.perf_counter() - t) * 1000)
            assert reponse.status_code == 200, reponse.status_code
            t = time.perf_counter()
            reponse = client.get("/api/v1/solutions/", parametres)
            api.append((time.perf_counter() - t) * 1000)
            resultats.append(reponse.json()["nombre"])
            t = time.perf_counter()
            client.get(VUE_TRIVIALE)
            triviale.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            client.get("/sante/")
            sante.append((time.perf_counter() - t) * 1000)

        self.stdout.write(
            f"requêtes : {len(requetes)} (2 à 3 mots + 2 facettes), résultats médians : {statistics.median(resultats):.0f}"
        )
        self.stdout.write(resume("recherche du catalogue (page HTML /solutions/)", recherche))
        self.stdout.write(resume("recherche du catalogue (API /api/v1/solutions/)", api))
        self.stdout.write(resume("sonde de vivacité (/sante/, JSON sans gabarit ni base)", sante))
        self.stdout.write(resume(f"vue triviale ({VUE_TRIVIALE}, gabarit du site, aucune requête en base)", triviale))
        self.stdout.write(f"ratio: {percentile(recherche, 95) / percentile(triviale, 95):.2f}")
