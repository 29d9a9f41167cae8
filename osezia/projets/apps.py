from django.apps import AppConfig


class ProjetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "osezia.projets"
    verbose_name = "Projets IA"

    def ready(self):
        # Les délais des relances sont des données : une erreur dans le fichier empêche de démarrer, en clair.
        from osezia.projets import relances

        relances.delais()
