from django.apps import AppConfig


class RecommandationConfig(AppConfig):
    name = "osezia.recommandation"
    label = "recommandation"
    verbose_name = "Moteur de recommandation"
