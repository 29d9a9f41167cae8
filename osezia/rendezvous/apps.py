from django.apps import AppConfig


class RendezVousConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "osezia.rendezvous"
    verbose_name = "Rendez-vous d'affaires"
