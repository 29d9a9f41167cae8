from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from osezia.cas_usage.chargement import ErreurContenu, charger_exigences, charger_metiers, charger_referentiel
from osezia.dossiers.chargement import ErreurGuichet, charger_guichets
from osezia.financement.chargement import ErreurDispositif, charger_dispositifs
from osezia.labels.chargement import ErreurRegime, charger_regimes
from osezia.recherche.indexation import indexation_differee


class Command(BaseCommand):
    help = (
        "Charge les contenus éditoriaux versionnés dans le dépôt (fonctions métier, cas d'usage, dispositifs de "
        "financement, guichets, labels). "
        "Idempotent ; une fiche existante n'est réécrite qu'avec --mettre-a-jour."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--verifier",
            action="store_true",
            help="valider tous les fichiers comme pour un chargement complet, puis tout annuler (pour les rédacteurs)",
        )
        parser.add_argument(
            "--mettre-a-jour",
            action="store_true",
            help="réécrire aussi les fiches déjà en base (écrase les modifications faites dans l'administration)",
        )

    def handle(self, *args, mettre_a_jour, verifier, **options):
        try:
            with transaction.atomic():
                with indexation_differee():
                    compte = charger_referentiel(mettre_a_jour=mettre_a_jour or verifier)
                    charger_exigences(mettre_a_jour=mettre_a_jour or verifier)
                    metiers = charger_metiers(mettre_a_jour=mettre_a_jour or verifier)
                dispositifs = charger_dispositifs(mettre_a_jour=mettre_a_jour or verifier)
                charger_guichets()
                regimes = charger_regimes()
                if verifier:
                    transaction.set_rollback(True)
        except (ErreurContenu, ErreurDispositif, ErreurGuichet, ErreurRegime) as erreur:
            for ligne in erreur.erreurs:
                self.stderr.write(ligne)
            raise CommandError(f"Contenus non chargés : {len(erreur.erreurs)} erreur(s), rien n'a été écrit.")
        if verifier:
            self.stdout.write(
                f"Contenus valides : {compte['crees'] + compte['mis_a_jour']} cas d'usage, {metiers['metiers']} métiers, "
                f"{dispositifs['crees'] + dispositifs['mis_a_jour']} dispositifs de financement, {regimes['regimes']} labels "
                "(rien n'a été écrit)."
            )
            return
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            f"Fonctions métier : {compte['fonctions']} ; cas d'usage : {compte['crees']} créés, "
            f"{compte['mis_a_jour']} mis à jour, {compte['inchanges']} déjà présents ; métiers : {metiers['metiers']} ; dispositifs de financement : "
            f"{dispositifs['crees']} créés, {dispositifs['mis_a_jour']} mis à jour, {dispositifs['inchanges']} déjà présents ; "
            f"labels : {regimes['regimes']}."
        )
