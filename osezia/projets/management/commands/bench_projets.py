"""Banc d'essai des projets IA, à travers toute la pile Django (intergiciels, vue, gabarit), DEBUG=False.

Une base jetable (fichier SQLite temporaire, ou base PostgreSQL `test_…` sur le serveur configuré) est remplie de
20 000 entreprises, 100 000 projets, 1 000 000 d'événements de chronologie et 50 000 dossiers de financement
(`--echelle` réduit ou grossit ces nombres), puis on mesure p50 et p95 : la page d'un projet et « Mes projets » d'une entreprise, les chiffres de la
sortie du POC d'un pilote (tous les projets, puis filtrés), et une vue triviale ; dernière ligne : le ratio du p95 le
plus lent à celui de la vue triviale.

Les chiffres du pilote sont mesurés deux fois : calculés (cache vidé avant chaque requête : le premier affichage après
un changement d'étape) et servis du cache (version des données inchangée).

S'y ajoutent 50 000 dossiers de financement (osezia/dossiers/banc.py) sur les guichets de guichets.yaml confiés à
des structures du banc, et l'on mesure la file d'instruction d'un instructeur (50 lignes), par défaut et filtrée.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from osezia.dossiers import banc as dossiers_banc
from osezia.dossiers.enums import Etat
from osezia.projets import banc
from osezia.utils.banc import base_jetable, percentile, resume

VUE_TRIVIALE = "/cookies/"
ENTREPRISES, PROJETS, EVENEMENTS, DOSSIERS = 20_000, 100_000, 1_000_000, 50_000
CIBLE_PAGES_MS, CIBLE_COHORTES_MS = 50, 300


def _dossiers(donnees, nombre, ecrire):
    """Remplit `nombre` dossiers de financement (osezia/dossiers/banc.py) et renvoie les pages à mesurer :
    [(libellé, utilisateur, [(url, paramètres)])] : la file de l'instructeur d'une structure, par défaut et filtrée
    (dispositif, état, région, âge du dépôt, et les quatre ensemble), 50 lignes par page."""
    file = dossiers_banc.generer(nombre=nombre, ecrire=ecrire)
    if file is None:
        return None
    url = reverse("dossiers:instruction")
    dispositif = file["dispositifs"][0]
    region = file["regions"][0] if file["regions"] else ""
    filtres = [
        {"dispositif": dispositif},
        {"etat": Etat.EN_INSTRUCTION},
        {"region": region},
        {"age": "30"},
        {"dispositif": dispositif, "etat": Etat.DEPOSE, "region": region, "age": "plus"},
    ]
    return [
        ("file d'instruction d'un instructeur, par défaut", file["instructeur"], [(url, None), (url, {"page": 2})]),
        ("file d'instruction d'un instructeur, filtrée", file["instructeur"], [(url, f) for f in filtres]),
    ]


class Command(BaseCommand):
    help = (
        "Mesure p50/p95 de la page d'un projet, de « Mes projets », des chiffres de la sortie du POC d'un pilote, de "
        "la file d'instruction d'un instructeur (par défaut et filtrée) et d'une vue triviale, sur une base jetable "
        "remplie de projets et de dossiers synthétiques ; dernière ligne : ratio."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--echelle", type=float, default=1.0, help="multiplie les volumes (défaut 1 : 20 000 entreprises, …)"
        )
        parser.add_argument("--requetes", type=int, default=200, help="requêtes mesurées par page (défaut 200)")
        parser.add_argument(
            "--requetes-cohortes", type=int, default=50, help="requêtes mesurées des chiffres du POC (défaut 50)"
        )
        parser.add_argument(
            "--base-configuree", action="store_true", help="utiliser la base configurée au lieu d'une base jetable"
        )

    def handle(self, *args, echelle, requetes, requetes_cohortes, base_configuree, **options):
        # Les connexions des clients du banc (force_login) ne sont pas des événements à journaliser.
        logging.getLogger("axes").setLevel(logging.WARNING)
        with override_settings(DEBUG=False), base_jetable(utiliser_la_base_configuree=base_configuree):
            self._mesurer(echelle, max(requetes, 1), max(requetes_cohortes, 1))

    def _mesurer(self, echelle, nombre, nombre_cohortes):
        moteur = connection.vendor
        version = connection.Database.sqlite_version if moteur == "sqlite" else connection.pg_version
        self.stdout.write(f"moteur : {moteur} {version} (DEBUG={settings.DEBUG}), échelle {echelle:g}")
        call_command("charger_contenus", verbosity=0)
        debut = time.perf_counter()
        donnees = banc.generer(
            entreprises=max(1, round(ENTREPRISES * echelle)),
            projets=max(1, round(PROJETS * echelle)),
            evenements=max(1, round(EVENEMENTS * echelle)),
            ecrire=self.stdout.write,
        )
        pages_dossiers = _dossiers(donnees, max(1, round(DOSSIERS * echelle)), self.stdout.write)
        # L'état d'une base en service après un chargement : l'autovacuum l'aurait nettoyée et analysée. VACUUM ne
        # s'exécute pas dans une transaction (le test du banc, sur la base configurée) : ANALYZE seul alors.
        vacuum = moteur == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as curseur:
            curseur.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.stdout.write(f"base remplie en {time.perf_counter() - debut:.1f} s")

        hote = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "127.0.0.1"
        entreprises = []
        for utilisateur, projet in donnees["membres"] or []:
            client = Client(HTTP_HOST=hote)
            client.force_login(utilisateur)
            entreprises.append((client, projet.get_absolute_url()))
        pilote = Client(HTTP_HOST=hote)
        pilote.force_login(donnees["pilote"])
        anonyme = Client(HTTP_HOST=hote)
        url_poc = reverse("projets:sortie_du_poc")
        filtres = [{"region": r} for r in donnees["regions"]]

        pages = [
            ("page d'un projet d'une entreprise", [(c, url, None) for c, url in entreprises], nombre),
            ("« Mes projets » d'une entreprise", [(c, reverse("projets:liste"), None) for c, _ in entreprises], nombre),
            ("sortie du POC, pilote, tous les projets, calcul", [(pilote, url_poc, None)], nombre_cohortes),
            (
                "sortie du POC, pilote, filtrée par région, calcul",
                [(pilote, url_poc, f) for f in filtres],
                nombre_cohortes,
            ),
            ("sortie du POC, pilote, tous les projets, en cache", [(pilote, url_poc, None)], nombre),
        ]
        if pages_dossiers is None:
            self.stdout.write("dossiers : aucun guichet chargé, pas de file d'instruction à mesurer")
        else:
            for libelle, utilisateur, urls in pages_dossiers:
                client = Client(HTTP_HOST=hote)
                client.force_login(utilisateur)
                pages.append((libelle, [(client, url, parametres) for url, parametres in urls], nombre))
        pages = [(libelle, cibles, n) for libelle, cibles, n in pages if cibles]

        for _, cibles, _ in pages:  # chauffe : connexions, gabarits, caches
            for client, url, parametres in cibles[:3]:
                assert client.get(url, parametres).status_code == 200, url
        for _ in range(10):
            anonyme.get(VUE_TRIVIALE)

        mesures = {libelle: [] for libelle, _, _ in pages}
        triviale = []
        # Deux passes : les pages et les calculs (cache vidé avant chacun), puis les pages servies du cache seules,
        # pour qu'un calcul ne vide pas le cache qu'elles mesurent.
        passes = [
            [p for p in pages if not p[0].endswith("en cache")],
            [p for p in pages if p[0].endswith("en cache")],
        ]
        for passe in passes:
            cache.clear()
            for client, url, parametres in [c for _, cibles, _ in passe for c in cibles[:1]]:
                client.get(url, parametres)  # remplit le cache des pages de la seconde passe
            self._passe(passe, mesures, triviale, anonyme)

        for libelle, temps in mesures.items():
            cible = CIBLE_COHORTES_MS if "POC" in libelle else CIBLE_PAGES_MS
            self.stdout.write(f"{resume(libelle, temps)} ({len(temps)} requêtes ; cible PostgreSQL p95 ≤ {cible} ms)")
        self.stdout.write(resume(f"vue triviale ({VUE_TRIVIALE}, gabarit du site, aucune requête en base)", triviale))
        plus_lent = max(percentile(temps, 95) for temps in mesures.values())
        self.stdout.write(f"ratio: {plus_lent / percentile(triviale, 95):.2f}")

    def _passe(self, pages, mesures, triviale, anonyme):
        """Les pages à tour de rôle, chacune `n` fois, et la vue triviale après chaque tour."""
        if not pages:
            return
        for i in range(max(n for _, _, n in pages)):
            for libelle, cibles, n in pages:
                if i >= n:
                    continue
                client, url, parametres = cibles[i % len(cibles)]
                if libelle.endswith("calcul"):
                    cache.clear()  # le calcul complet, comme au premier affichage après un changement d'étape
                t = time.perf_counter()
                reponse = client.get(url, parametres)
                mesures[libelle].append((time.perf_counter() - t) * 1000)
                assert reponse.status_code == 200, (url, reponse.status_code)
            t = time.perf_counter()
            anonyme.get(VUE_TRIVIALE)
            triviale.append((time.perf_counter() - t) * 1000)
