from django.apps import AppConfig


class ConformiteConfig(AppConfig):
    name = "osezia.conformite"
    label = "conformite"
    verbose_name = "Conformité (AI Act, RGPD)"
