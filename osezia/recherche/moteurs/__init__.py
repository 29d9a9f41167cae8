from django.db import connection


def moteur():
    """Le moteur de recherche de la base configurée (PostgreSQL en production, SQLite en local)."""
    if connection.vendor == "postgresql":
        from osezia.recherche.moteurs.postgresql import MoteurPostgreSQL

        return MoteurPostgreSQL()
    from osezia.recherche.moteurs.sqlite import MoteurSQLite

    return MoteurSQLite()
