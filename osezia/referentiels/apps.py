from django.apps import AppConfig


class ReferentielsConfig(AppConfig):
    name = "osezia.referentiels"
    label = "referentiels"
    verbose_name = "Référentiels"
