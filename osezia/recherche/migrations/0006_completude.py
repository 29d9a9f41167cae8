import importlib

from django.db import migrations, models

from osezia.utils.migrations_sql import SQLSelonBase

# Sur SQLite, ajouter une colonne NOT NULL refait la table (copie puis renommage) : ses déclencheurs, qui tiennent la
# table FTS5 à jour, disparaissent avec l'ancienne. On les recrée (dans les deux sens de la migration) et l'on
# reconstruit l'index plein texte par sûreté.
DECLENCHEURS = importlib.import_module("osezia.recherche.migrations.0002_index_moteur").SQLITE[1:]
RECREER = {"sqlite": [*DECLENCHEURS, "INSERT INTO recherche_fts(recherche_fts) VALUES ('rebuild')"]}
SUPPRIMER = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS recherche_fts_modification",
        "DROP TRIGGER IF EXISTS recherche_fts_suppression",
        "DROP TRIGGER IF EXISTS recherche_fts_ajout",
    ]
}
# Les cas d'usage du référentiel sont des fiches complètes ; les solutions sont réindexées après la migration
# (recherche.apps : leur carte n'a pas encore de complétude).
CAS_USAGE_COMPLETS = "UPDATE recherche_documentrecherche SET completude = 100 WHERE type = 'cas_usage'"


class Migration(migrations.Migration):
    dependencies = [
        ("recherche", "0005_racines_sans_accents"),
    ]

    operations = [
        SQLSelonBase(avant=SUPPRIMER, arriere=RECREER),
        migrations.AddField(
            model_name="documentrecherche",
            name="completude",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="complétude"),
        ),
        SQLSelonBase(avant=RECREER, arriere=SUPPRIMER),
        migrations.RunSQL(CAS_USAGE_COMPLETS, migrations.RunSQL.noop),
    ]
