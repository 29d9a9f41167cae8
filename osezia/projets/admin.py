from django.contrib import admin

from osezia.projets.models import ChangementEtape, Indicateur, Projet


class ChangementEtapeEnLigne(admin.TabularInline):
    model = ChangementEtape
    extra = 0
    readonly_fields = ["de", "vers", "par", "motif", "detail", "le"]
    can_delete = False


class IndicateurEnLigne(admin.TabularInline):
    model = Indicateur
    extra = 0


@admin.register(Projet)
class ProjetAdmin(admin.ModelAdmin):
    list_display = ["titre", "entreprise", "etape", "derniere_activite_le", "est_demo"]
    list_filter = ["etape", "est_demo"]
    search_fields = ["titre", "entreprise__nom"]
    raw_id_fields = ["entreprise", "responsable", "diagnostic", "recommandation", "cree_par"]
    filter_horizontal = ["equipe", "solutions"]
    # L'étape ne change que par services.changer_etape (table des transitions, historique).
    readonly_fields = ["etape", "etape_depuis", "derniere_activite_le"]
    inlines = [ChangementEtapeEnLigne, IndicateurEnLigne]
