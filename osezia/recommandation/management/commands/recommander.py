"""Recommandations pour des profils d'entreprise lus dans un fichier JSON Lines."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from osezia.recommandation.moteur import Moteur
from osezia.recommandation.profils import ErreurProfil, profil_depuis_dict
from osezia.utils.base import preparer_si_neuve


class Command(BaseCommand):
    help = (
        "Lit des profils JSON Lines (id, naf, effectif, chiffre_affaires, region, description, besoins) et écrit "
        "une ligne JSON par profil : {id, recommandations: [{cas_usage, score, raisons}]}, la meilleure d'abord."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="fichier JSON Lines, ou « - » pour l'entrée standard")
        parser.add_argument("--top", type=int, default=5, help="nombre de recommandations par profil (défaut 5)")

    def handle(self, *args, fichier, top, **options):
        if top < 1:
            raise CommandError("--top doit valoir au moins 1.")
        try:
            source = sys.stdin if fichier == "-" else open(fichier, encoding="utf-8")  # noqa: SIM115
        except OSError as erreur:
            raise CommandError(f"Fichier illisible : {erreur}")
        preparer_si_neuve(journal=self.stderr)
        moteur = Moteur.depuis_la_base()
        erreurs = 0
        with source:
            for numero, ligne in enumerate(source, 1):
                if not ligne.strip():
                    continue
                try:
                    profil = profil_depuis_dict(json.loads(ligne))
                except (json.JSONDecodeError, ErreurProfil) as erreur:
                    erreurs += 1
                    self.stderr.write(f"Ligne {numero} ignorée : {erreur}")
                    continue
                recommandations = moteur.recommander(profil, top=top)
                sortie = {
                    "id": profil.identifiant,
                    "recommandations": [
                        {"cas_usage": r.cas_usage, "score": r.score, "raisons": r.textes_raisons}
                        for r in recommandations
                    ],
                }
                self.stdout.write(json.dumps(sortie, ensure_ascii=False))
        if erreurs:
            self.stderr.write(f"{erreurs} ligne(s) ignorée(s).")
