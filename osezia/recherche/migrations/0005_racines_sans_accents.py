"""Racines recalculées : les accents s'ôtent désormais avant la racinisation (`osezia.utils.texte.racine`), comme
dans la configuration `osezia_fr` de PostgreSQL. Sous SQLite, les colonnes racinisées lues par la table FTS5 sont
réécrites (ses déclencheurs la tiennent à jour) ; sur les deux moteurs, la racine de chaque mot du lexique est
vérifiée. Le vecteur de PostgreSQL ne change pas."""

from django.db import migrations

from osezia.utils.texte import racine, texte_racinise

LOT = 2000


def recalculer_les_racines(apps, schema_editor):
    connexion = schema_editor.connection
    documents = apps.get_model("recherche", "DocumentRecherche").objects.using(connexion.alias)
    lexique = apps.get_model("recherche", "MotLexique").objects.using(connexion.alias)
    with connexion.cursor() as curseur:
        if connexion.vendor == "sqlite":
            dernier = 0
            while True:
                lot = list(
                    documents.filter(pk__gt=dernier)
                    .order_by("pk")
                    .values_list(
                        "pk", "titre", "mots_cles", "texte", "racines_titre", "racines_mots_cles", "racines_texte"
                    )[:LOT]
                )
                if not lot:
                    break
                changes = []
                for pk, titre, mots_cles, texte, *anciennes in lot:
                    nouvelles = [texte_racinise(titre), texte_racinise(mots_cles), texte_racinise(texte)]
                    if nouvelles != anciennes:
                        changes.append([*nouvelles, pk])
                if changes:
                    curseur.executemany(
                        "UPDATE recherche_documentrecherche SET racines_titre = %s, racines_mots_cles = %s, "
                        "racines_texte = %s WHERE id = %s",
                        changes,
                    )
                dernier = lot[-1][0]
        changes = [
            [racine(mot), pk]
            for pk, mot, ancienne in lexique.values_list("pk", "mot", "racine")
            if racine(mot) != ancienne
        ]
        if changes:
            curseur.executemany("UPDATE recherche_motlexique SET racine = %s WHERE id = %s", changes)


class Migration(migrations.Migration):
    dependencies = [("recherche", "0004_etat_index")]

    # Retour en arrière : rien à défaire, les racines sont celles que calcule le code en place.
    operations = [migrations.RunPython(recalculer_les_racines, migrations.RunPython.noop)]
