from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "osezia.organisations"
    label = "organisations"
    verbose_name = "Organisations"
