from django.db import migrations

from osezia.referentiels import chargement


def charger(apps, schema_editor):
    chargement.charger_tout(
        {
            nom: apps.get_model("referentiels", nom)
            for nom in ("SecteurNAF", "Region", "Departement", "CategorieEntreprise")
        }
    )


class Migration(migrations.Migration):
    dependencies = [("referentiels", "0001_initial")]

    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
