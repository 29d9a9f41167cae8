"""Outils des bancs d'essai (commandes bench_*) : base jetable et percentiles."""

import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.db import connection


def percentile(valeurs, p):
    valeurs = sorted(valeurs)
    return valeurs[min(len(valeurs) - 1, round(p / 100 * (len(valeurs) - 1)))]


def resume(nom, mesures_ms):
    return f"{nom} : p50 {percentile(mesures_ms, 50):.1f} ms, p95 {percentile(mesures_ms, 95):.1f} ms"


@contextmanager
def base_jetable(*, utiliser_la_base_configuree=False):
    """Une base neuve et migrée le temps du banc (fichier SQLite temporaire, ou base `test_…` sur le serveur
    PostgreSQL configuré), détruite ensuite ; ou la base configurée telle quelle si on le demande."""
    if utiliser_la_base_configuree:
        yield
        return
    ancien_nom = connection.settings_dict["NAME"]
    dossier = None
    if connection.vendor == "sqlite":
        dossier = tempfile.TemporaryDirectory()
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(dossier.name) / "banc.sqlite3")
    else:
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"test_osezia_banc_{int(time.time())}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(ancien_nom, verbosity=0)
        if dossier:
            dossier.cleanup()
