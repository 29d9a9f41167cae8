from django.contrib import admin

from osezia.organisations.models import Membre, Organisation
from osezia.utils.admin import AdminOsezia


class MembreInline(admin.TabularInline):
    model = Membre
    extra = 0
    autocomplete_fields = ["utilisateur"]


@admin.register(Organisation)
class OrganisationAdmin(AdminOsezia):
    list_display = ["nom", "type", "siren", "categorie_taille", "region", "est_demo"]
    list_filter = ["type", "categorie_taille", "est_demo", "region"]
    search_fields = ["nom", "siren"]
    autocomplete_fields = ["naf"]
    readonly_fields = ["categorie_taille", "cree_le", "modifie_le"]
    prepopulated_fields = {"slug": ["nom"]}
    inlines = [MembreInline]
