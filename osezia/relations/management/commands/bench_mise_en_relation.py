"""Banc d'essai de l'appariement d'un besoin avec le catalogue (contraintes, pertinence, confiance, explications).

Par défaut, une base jetable est créée (fichier SQLite temporaire, ou base PostgreSQL `test_…` sur le serveur
configuré), remplie de solutions synthétiques, mesurée puis détruite."""

import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import override_settings

from osezia.recherche import banc as banc_recherche
from osezia.relations import appariement, banc
from osezia.utils.banc import base_jetable, percentile, resume


class Command(BaseCommand):
    help = "Mesure p50/p95 de l'appariement d'un besoin avec 100 000 solutions ; dernière ligne : p95 en ms."

    def add_arguments(self, parser):
        parser.add_argument("--solutions", type=int, default=100_000, help="solutions synthétiques (défaut 100 000)")
        parser.add_argument("--besoins", type=int, default=200, help="besoins mesurés (défaut 200)")
        parser.add_argument("--base-configuree", action="store_true", help="mesurer la base configurée telle quelle")

    def handle(self, *args, solutions, besoins, base_configuree, **options):
        with override_settings(DEBUG=False), base_jetable(utiliser_la_base_configuree=base_configuree):
            self._mesurer(solutions, besoins)

    def _mesurer(self, solutions, nombre):
        vendor = connection.vendor
        self.stdout.write(f"moteur : {vendor} {connection.pg_version if vendor == 'postgresql' else ''}".rstrip())
        call_command("charger_contenus", verbosity=0)
        debut = time.perf_counter()
        if solutions:
            banc_recherche.generer(solutions)
        self.stdout.write(
            f"catalogue : {solutions} solutions synthétiques, préparé en {time.perf_counter() - debut:.1f} s"
        )
        if vendor == "postgresql":
            with connection.cursor() as curseur:
                curseur.execute("VACUUM ANALYZE")
        besoins = banc.besoins(nombre)
        for besoin in besoins[:10]:  # chauffe
            appariement.proposer(besoin)
        durees, tailles, candidates = [], [], []
        for besoin in besoins:
            t = time.perf_counter()
            propositions = appariement.proposer(besoin)
            durees.append((time.perf_counter() - t) * 1000)
            tailles.append(len(propositions))
            candidates.append(appariement.candidates(besoin).count())
        self.stdout.write(
            f"besoins : {len(besoins)}, solutions candidates par besoin (après contraintes en base) : médiane "
            f"{statistics.median(candidates):.0f}, max {max(candidates)} ; propositions rendues : médiane "
            f"{statistics.median(tailles):.0f}"
        )
        self.stdout.write(resume("appariement d'un besoin (contraintes, pertinence, confiance, explications)", durees))
        self.stdout.write(f"p95: {percentile(durees, 95):.1f} ms")
