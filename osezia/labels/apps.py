from django.apps import AppConfig


class LabelsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "osezia.labels"
    verbose_name = "Labels de confiance"
