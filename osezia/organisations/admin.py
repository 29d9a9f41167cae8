from django.contrib import admin

from osezia.organisations.models import Consentement, Membre, Organisation
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


@admin.register(Consentement)
class ConsentementAdmin(admin.ModelAdmin):
    list_display = ["entreprise", "structure", "accorde_le", "retire_le"]
    list_filter = ["structure"]
    raw_id_fields = ["entreprise", "structure", "accorde_par"]
