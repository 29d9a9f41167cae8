from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "osezia.journal"
    label = "journal"
    verbose_name = "Journal des actions"
