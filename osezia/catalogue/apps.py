from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "osezia.catalogue"
    label = "catalogue"
    verbose_name = "Catalogue des solutions"
