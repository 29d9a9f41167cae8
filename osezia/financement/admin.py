from django.contrib import admin

from osezia.financement.models import DispositifFinancement
from osezia.utils.admin import AdminOsezia


@admin.register(DispositifFinancement)
class DispositifFinancementAdmin(AdminOsezia):
    list_display = ["nom", "porteur", "type", "finance", "taux", "plafond", "actif", "modifie_le"]
    list_filter = ["type", "finance", "actif"]
    search_fields = ["nom", "porteur"]
