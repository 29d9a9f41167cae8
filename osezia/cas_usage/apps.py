from django.apps import AppConfig


class CasUsageConfig(AppConfig):
    name = "osezia.cas_usage"
    label = "cas_usage"
    verbose_name = "Référentiel des cas d'usage"
