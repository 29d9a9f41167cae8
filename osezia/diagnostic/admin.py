from django.contrib import admin

from osezia.diagnostic.models import Diagnostic, ElementInventaire, FichierPDF, Recommandation


class RecommandationInline(admin.TabularInline):
    model = Recommandation
    extra = 0
    fields = [
        "rang_auto",
        "cas_usage",
        "score",
        "horizon_auto",
        "rang_conseiller",
        "horizon_conseiller",
        "retenue",
        "motif_ajustement",
    ]
    readonly_fields = ["rang_auto", "cas_usage", "score", "horizon_auto"]

    def has_add_permission(self, request, obj=None):
        return False


class InventaireInline(admin.TabularInline):
    model = ElementInventaire
    extra = 0


@admin.register(Diagnostic)
class DiagnosticAdmin(admin.ModelAdmin):
    list_display = ["entreprise", "numero", "statut", "score_global", "conseiller", "cree_le"]
    list_filter = ["statut"]
    search_fields = ["entreprise__nom", "entreprise__siren"]
    readonly_fields = [
        "reponses",
        "scores",
        "score_global",
        "questionnaire_version",
        "cree_le",
        "modifie_le",
        "termine_le",
        "valide_le",
    ]
    raw_id_fields = ["entreprise", "cree_par", "conseiller", "valide_par", "naf"]
    inlines = [RecommandationInline, InventaireInline]


@admin.register(FichierPDF)
class FichierPDFAdmin(admin.ModelAdmin):
    list_display = ["diagnostic", "statut", "demande_le", "pret_le"]
    list_filter = ["statut"]
    readonly_fields = ["diagnostic", "empreinte", "statut", "fichier", "erreur", "demande_le", "pret_le"]
    exclude = ["html"]

    def has_add_permission(self, request):
        return False
