from django.apps import AppConfig


class ProjetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "osezia.projets"
    verbose_name = "Projets IA"
