from django.apps import AppConfig


class DiagnosticConfig(AppConfig):
    name = "osezia.diagnostic"
    label = "diagnostic"
    verbose_name = "Diagnostics"
