from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "osezia.comptes"
    label = "comptes"
    verbose_name = "Comptes"
