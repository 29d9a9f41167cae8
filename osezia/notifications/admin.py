from django.contrib import admin

from osezia.notifications.models import Courriel, Notification


@admin.register(Courriel)
class CourrielAdmin(admin.ModelAdmin):
    list_display = ["cree_le", "destinataire", "sujet", "categorie", "statut", "tentatives"]
    list_filter = ["statut", "categorie"]
    search_fields = ["destinataire", "sujet"]
    readonly_fields = [f.name for f in Courriel._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["cree_le", "utilisateur", "titre", "categorie", "lue_le"]
    list_filter = ["categorie"]
    search_fields = ["utilisateur__email", "titre"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False
