from django.apps import AppConfig


class RgpdConfig(AppConfig):
    name = "osezia.rgpd"
    label = "rgpd"
    verbose_name = "Données personnelles"

    def ready(self):
        from osezia.rgpd import signaux  # noqa: F401
