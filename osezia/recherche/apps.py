from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

# Requêtes de recherche préparées gardées par connexion PostgreSQL (une par forme : nombre de mots, groupes filtrés,
# tri). Le plan d'une forme occupe près de 0,5 Mo dans le processus serveur (mesuré : 48 formes, 22 Mo) ; au-delà, la
# moins récemment servie est libérée. psycopg en garde 100 par défaut.
PREPAREES_PAR_CONNEXION = 24


def completer_les_cartes_apres_migration(sender, using, **kwargs):
    """Après `migrate` (schéma à jour), les documents indexés avant la migration 0003 reçoivent leur carte."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from osezia.recherche.indexation import completer_les_cartes

    if ("recherche", "0003_carte") in MigrationRecorder(connections[using]).applied_migrations():
        completer_les_cartes()


def limiter_les_requetes_preparees(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        connection.connection.prepared_max = PREPAREES_PAR_CONNEXION


class RechercheConfig(AppConfig):
    name = "osezia.recherche"
    label = "recherche"
    verbose_name = "Recherche"

    def ready(self):
        from osezia.recherche import signaux  # noqa: F401

        post_migrate.connect(completer_les_cartes_apres_migration, sender=self)
        connection_created.connect(limiter_les_requetes_preparees)
