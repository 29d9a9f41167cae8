from django.contrib import admin

from osezia.referentiels.models import CategorieEntreprise, Departement, Region, SecteurNAF


class LectureSeuleAdmin(admin.ModelAdmin):
    """Référentiels chargés depuis les fichiers officiels : on les consulte, on ne les modifie pas à la main."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SecteurNAF)
class SecteurNAFAdmin(LectureSeuleAdmin):
    list_display = ["code", "niveau", "libelle"]
    list_filter = ["niveau"]
    search_fields = ["code", "libelle"]


@admin.register(Region)
class RegionAdmin(LectureSeuleAdmin):
    list_display = ["code", "nom"]


@admin.register(Departement)
class DepartementAdmin(LectureSeuleAdmin):
    list_display = ["code", "nom", "region"]
    list_filter = ["region"]


@admin.register(CategorieEntreprise)
class CategorieEntrepriseAdmin(LectureSeuleAdmin):
    list_display = ["code", "nom", "effectif_inferieur_a", "chiffre_affaires_max", "total_bilan_max"]
