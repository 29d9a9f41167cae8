from django.apps import AppConfig


class UtilsConfig(AppConfig):
    name = "osezia.utils"
    label = "utils"
    verbose_name = "Outils communs"
