"""La base embarquée (SQLite) doit servir sans préparation : une commande qui lit le référentiel la prépare elle-même
si elle la trouve neuve, comme le ferait `make run`."""

from django.core.management import call_command
from django.db import connection


def preparer_si_neuve(*, journal):
    """Migre une base sans tables et charge les contenus d'un référentiel vide ; ne touche pas une base en service.
    Ce qui a été fait s'écrit dans `journal`."""
    from osezia.cas_usage.models import CasUsage

    fait = []
    if CasUsage._meta.db_table not in connection.introspection.table_names():
        call_command("migrate", verbosity=0, interactive=False)
        fait.append("base migrée")
    if not CasUsage.objects.exists():
        call_command("charger_contenus", verbosity=0)
        fait.append(f"contenus chargés ({CasUsage.objects.publies().count()} cas d'usage)")
    if fait:
        journal.write(f"Base neuve : {', '.join(fait)}.")
