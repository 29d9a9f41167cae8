from django.contrib import admin

from osezia.journal.models import EvenementJournal


@admin.register(EvenementJournal)
class EvenementJournalAdmin(admin.ModelAdmin):
    """Consultation seule : le journal ne s'écrit que par les services, et ne se corrige jamais."""

    list_display = ["cree_le", "action", "acteur_libelle", "organisation_libelle", "objet_libelle"]
    list_filter = ["action"]
    search_fields = ["acteur__email", "organisation_libelle", "objet_libelle"]
    readonly_fields = [f.name for f in EvenementJournal._meta.fields]
    date_hierarchy = "cree_le"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
