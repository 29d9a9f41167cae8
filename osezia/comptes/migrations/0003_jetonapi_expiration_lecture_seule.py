import datetime

from django.db import migrations, models
from django.utils import timezone


def expiration_des_jetons_existants(apps, schema_editor):
    # Un jeton créé avant les dates d'expiration garde 90 jours (la durée par défaut) à partir de la migration :
    # aucun programme ne perd son accès sans prévenir ; il garde aussi ses droits d'écriture.
    JetonAPI = apps.get_model("comptes", "JetonAPI")
    JetonAPI.objects.filter(expire_le__isnull=True).update(expire_le=timezone.now() + datetime.timedelta(days=90))


class Migration(migrations.Migration):
    dependencies = [
        ("comptes", "0002_jetonapi"),
    ]

    operations = [
        migrations.AddField(
            model_name="jetonapi",
            name="expire_le",
            field=models.DateTimeField(null=True, verbose_name="expire le"),
        ),
        migrations.RunPython(expiration_des_jetons_existants, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="jetonapi",
            name="expire_le",
            field=models.DateTimeField(verbose_name="expire le"),
        ),
        migrations.AddField(
            model_name="jetonapi",
            name="lecture_seule",
            field=models.BooleanField(
                default=False, help_text="Le jeton lit, mais ne crée ni ne modifie rien.", verbose_name="lecture seule"
            ),
        ),
    ]
