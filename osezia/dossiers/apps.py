from django.apps import AppConfig


class DossiersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "osezia.dossiers"
    verbose_name = "Dossiers de financement"
