from django.apps import AppConfig


class RechercheConfig(AppConfig):
    name = "osezia.recherche"
    label = "recherche"
    verbose_name = "Recherche"

    def ready(self):
        from osezia.recherche import signaux  # noqa: F401
