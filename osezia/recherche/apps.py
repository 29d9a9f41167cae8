from django.apps import AppConfig
from django.db.models.signals import post_migrate


def completer_les_cartes_apres_migration(sender, using, **kwargs):
    """Après `migrate` (schéma à jour), les documents indexés avant la migration 0003 reçoivent leur carte."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from osezia.recherche.indexation import completer_les_cartes

    if ("recherche", "0003_carte") in MigrationRecorder(connections[using]).applied_migrations():
        completer_les_cartes()


class RechercheConfig(AppConfig):
    name = "osezia.recherche"
    label = "recherche"
    verbose_name = "Recherche"

    def ready(self):
        from osezia.recherche import signaux  # noqa: F401

        post_migrate.connect(completer_les_cartes_apres_migration, sender=self)
