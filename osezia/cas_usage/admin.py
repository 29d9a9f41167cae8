from django.contrib import admin

from osezia.cas_usage.models import CasUsage, FonctionMetier, PertinenceSectorielle
from osezia.utils.admin import AdminOsezia


@admin.register(FonctionMetier)
class FonctionMetierAdmin(AdminOsezia):
    list_display = ["nom", "slug", "ordre"]


class PertinenceInline(admin.TabularInline):
    model = PertinenceSectorielle
    extra = 0
    autocomplete_fields = ["division"]


@admin.register(CasUsage)
class CasUsageAdmin(AdminOsezia):
    list_display = ["titre", "fonction", "risque_ai_act", "sensibilite_rgpd", "est_publie", "modifie_le"]
    list_filter = ["fonction", "risque_ai_act", "sensibilite_rgpd", "est_publie", "transversal"]
    search_fields = ["titre", "slug", "resume"]
    readonly_fields = ["slug", "modifie_le"]
    inlines = [PertinenceInline]
