from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "osezia.www"
    label = "www"
    verbose_name = "Site web"
