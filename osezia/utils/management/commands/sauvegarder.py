from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from osezia.utils import sauvegarde


class Command(BaseCommand):
    help = (
        "Sauvegarde cohérente de la base (SQLite : copie en ligne ; PostgreSQL : pg_dump) et des fichiers "
        "(MEDIA_ROOT), avec les empreintes SHA-256, dans un dossier daté."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dossier",
            default=str(settings.BASE_DIR / "var" / "sauvegardes"),
            help="Où écrire la sauvegarde (défaut : var/sauvegardes).",
        )
        parser.add_argument(
            "--garder",
            type=int,
            default=0,
            help="Ne garder que les N sauvegardes les plus récentes du dossier (défaut : toutes).",
        )

    def handle(self, *args, dossier, garder, **options):
        if garder < 0:
            raise CommandError("--garder attend un nombre positif.")
        try:
            chemin = sauvegarde.sauvegarder(dossier=dossier)
            effacees = sauvegarde.purger(dossier=dossier, garder=garder) if garder else []
        except sauvegarde.ErreurSauvegarde as erreur:
            raise CommandError(str(erreur)) from erreur
        self.stdout.write(f"Sauvegarde écrite : {chemin}")
        for ancienne in effacees:
            self.stdout.write(f"Ancienne sauvegarde effacée : {ancienne.name}")
