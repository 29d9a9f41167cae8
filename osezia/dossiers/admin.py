from django.contrib import admin

from osezia.dossiers.models import ChangementEtat, Dossier, Guichet


@admin.register(Guichet)
class GuichetAdmin(admin.ModelAdmin):
    list_display = ["dispositif", "operateur", "delai_decision_jours", "est_demo"]
    raw_id_fields = ["operateur"]


class ChangementEtatEnLigne(admin.TabularInline):
    model = ChangementEtat
    extra = 0
    readonly_fields = ["de", "vers", "par", "texte", "montant", "le"]
    can_delete = False


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ["pk", "dispositif", "entreprise", "etat", "echeance", "est_demo"]
    list_filter = ["etat", "dispositif", "est_demo"]
    search_fields = ["entreprise__nom", "projet__titre"]
    raw_id_fields = ["projet", "entreprise", "operateur", "instructeur", "decide_par", "cree_par"]
    # L'état ne change que par services.changer_etat (table des transitions, historique, version).
    readonly_fields = ["etat", "version", "eligibilite_statut", "eligibilite_raisons", "depose_le", "decide_le"]
    inlines = [ChangementEtatEnLigne]
