from django.apps import AppConfig


class RelationsConfig(AppConfig):
    name = "osezia.relations"
    verbose_name = "Besoins et mises en relation"
