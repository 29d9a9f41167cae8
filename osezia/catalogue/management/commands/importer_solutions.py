from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from osezia.catalogue.importation import ERREURS_AFFICHEES_MAX, ErreurImport, importer

CORRESPONDANCE_UNEIAPARJOUR = Path(__file__).resolve().parents[2] / "imports" / "uneiaparjour.yaml"


class Command(BaseCommand):
    help = (
        "Importe des solutions depuis un CSV, tout ou rien : un fichier invalide n'écrit rien et le rapport "
        "donne le numéro de ligne de chaque erreur."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="fichier CSV (UTF-8, avec en-tête)")
        parser.add_argument(
            "--correspondance",
            default=str(CORRESPONDANCE_UNEIAPARJOUR),
            help="fichier YAML de correspondance des colonnes (par défaut : celui de la base #uneIAparjour)",
        )
        parser.add_argument("--delimiteur", default=",", help="séparateur de colonnes (par défaut « , »)")
        parser.add_argument("--simulation", action="store_true", help="valider sans rien écrire")

    def handle(self, *args, fichier, correspondance, delimiteur, simulation, **options):
        try:
            rapport = importer(fichier, correspondance, delimiteur=delimiteur, simulation=simulation)
        except ErreurImport as erreur:
            for ligne in erreur.erreurs[:ERREURS_AFFICHEES_MAX]:
                self.stderr.write(ligne)
            if len(erreur.erreurs) > ERREURS_AFFICHEES_MAX:
                self.stderr.write(f"… et {len(erreur.erreurs) - ERREURS_AFFICHEES_MAX} autres erreurs.")
            raise CommandError(f"Import annulé, rien n'a été écrit : {len(erreur.erreurs)} erreur(s).")
        prefixe = "Simulation : " if simulation else ""
        self.stdout.write(
            f"{prefixe}{rapport.lues} lignes lues, {rapport.creees} solutions créées, "
            f"{rapport.mises_a_jour} mises à jour, {len(rapport.ignorees)} ignorées (aucun cas d'usage professionnel)."
        )
