from django.core.management.base import BaseCommand, CommandError

from osezia.utils import sauvegarde


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde faite par « sauvegarder » (son dossier) dans la base configurée (DATABASE_URL) "
        "et MEDIA_ROOT, après vérification des empreintes. Arrêtez d'abord le serveur et les travailleurs."
    )

    def add_arguments(self, parser):
        parser.add_argument("chemin", metavar="SAUVEGARDE", help="Le dossier osezia-AAAAMMJJ-HHMMSS de la sauvegarde.")
        parser.add_argument(
            "--ecraser",
            action="store_true",
            help="Remplacer le contenu d'une base qui n'est pas vide (sans cette option, la commande refuse).",
        )

    def handle(self, *args, chemin, ecraser, **options):
        try:
            informations = sauvegarde.restaurer(chemin=chemin, ecraser=ecraser)
        except sauvegarde.ErreurSauvegarde as erreur:
            raise CommandError(str(erreur)) from erreur
        self.stdout.write(
            f"Sauvegarde du {informations['cree_le']} ({informations['moteur']}) restaurée. "
            "Lancez ensuite « manage.py migrate » si le code est plus récent que la sauvegarde."
        )
