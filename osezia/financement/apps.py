from django.apps import AppConfig


class FinancementConfig(AppConfig):
    name = "osezia.financement"
    label = "financement"
    verbose_name = "Financements"
