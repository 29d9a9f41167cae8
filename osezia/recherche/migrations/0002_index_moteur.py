"""Colonnes et index propres au moteur de base de données (voir DocumentRecherche)."""

from django.db import migrations

from osezia.utils.migrations_sql import SQLSelonBase

TABLE = "recherche_documentrecherche"

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Français sans accents : « ecole » trouve « école », « factures » trouve « facture ».
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS osezia_fr",
    "CREATE TEXT SEARCH CONFIGURATION osezia_fr (COPY = pg_catalog.french)",
    "ALTER TEXT SEARCH CONFIGURATION osezia_fr ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem",
    # Le vecteur porte aussi les jetons de facettes (« hebergement:france », poids D, jamais produits par l'analyseur
    # de texte) : sans mots cherchés, les filtres passent par l'index GIN (voir moteurs/postgresql.py).
    f"""ALTER TABLE {TABLE} ADD COLUMN vecteur tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('osezia_fr'::regconfig, coalesce(titre, '')), 'A')
        || setweight(to_tsvector('osezia_fr'::regconfig, coalesce(mots_cles, '')), 'B')
        || setweight(to_tsvector('osezia_fr'::regconfig, coalesce(texte, '')), 'C')
        || array_to_tsvector(string_to_array(facettes, ' '))
    ) STORED""",
    f"CREATE INDEX recherche_document_vecteur ON {TABLE} USING GIN (vecteur)",
    f"""ALTER TABLE {TABLE} ADD COLUMN facettes_tableau text[]
        GENERATED ALWAYS AS (string_to_array(facettes, ' ')) STORED""",
    "CREATE INDEX recherche_lexique_trigrammes ON recherche_motlexique USING GIN (mot gin_trgm_ops)",
]

POSTGRESQL_ARRIERE = [
    "DROP INDEX IF EXISTS recherche_lexique_trigrammes",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS facettes_tableau",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS vecteur",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS osezia_fr",
]

SQLITE = [
    # Table FTS5 « à contenu externe » : elle indexe les colonnes racinisées de la table des documents.
    f"""CREATE VIRTUAL TABLE recherche_fts USING fts5(
        racines_titre, racines_mots_cles, racines_texte, facettes,
        content='{TABLE}', content_rowid='id', tokenize="unicode61 tokenchars ':-_'"
    )""",
    f"""CREATE TRIGGER recherche_fts_ajout AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO recherche_fts(rowid, racines_titre, racines_mots_cles, racines_texte, facettes)
        VALUES (new.id, new.racines_titre, new.racines_mots_cles, new.racines_texte, new.facettes);
    END""",
    f"""CREATE TRIGGER recherche_fts_suppression AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO recherche_fts(recherche_fts, rowid, racines_titre, racines_mots_cles, racines_texte, facettes)
        VALUES ('delete', old.id, old.racines_titre, old.racines_mots_cles, old.racines_texte, old.facettes);
    END""",
    f"""CREATE TRIGGER recherche_fts_modification AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO recherche_fts(recherche_fts, rowid, racines_titre, racines_mots_cles, racines_texte, facettes)
        VALUES ('delete', old.id, old.racines_titre, old.racines_mots_cles, old.racines_texte, old.facettes);
        INSERT INTO recherche_fts(rowid, racines_titre, racines_mots_cles, racines_texte, facettes)
        VALUES (new.id, new.racines_titre, new.racines_mots_cles, new.racines_texte, new.facettes);
    END""",
]

SQLITE_ARRIERE = [
    "DROP TRIGGER IF EXISTS recherche_fts_modification",
    "DROP TRIGGER IF EXISTS recherche_fts_suppression",
    "DROP TRIGGER IF EXISTS recherche_fts_ajout",
    "DROP TABLE IF EXISTS recherche_fts",
]


class Migration(migrations.Migration):
    dependencies = [("recherche", "0001_initial")]

    operations = [
        SQLSelonBase(
            avant={"postgresql": POSTGRESQL, "sqlite": SQLITE},
            arriere={"postgresql": POSTGRESQL_ARRIERE, "sqlite": SQLITE_ARRIERE},
        )
    ]
