from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "osezia.notifications"
    label = "notifications"
    verbose_name = "Notifications et e-mails"
