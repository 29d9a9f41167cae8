from django.contrib import admin

from osezia.labels.models import ChangementStatutLabel, Delegation, Label, RegimeLabel


@admin.register(RegimeLabel)
class RegimeLabelAdmin(admin.ModelAdmin):
    list_display = ["nom", "organisme", "validite_mois", "est_demo"]
    # Les régimes viennent de contenus/regimes.yaml (charger_contenus) : l'administration les montre sans les écrire.
    readonly_fields = ["code", "nom", "organisme", "description", "validite_mois", "criteres", "sources", "est_demo"]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["regime", "structure", "debut", "fin", "revoquee_le", "accordee_par"]
    raw_id_fields = ["structure", "accordee_par"]
    readonly_fields = ["accordee_par", "accordee_le", "revoquee_le", "revoquee_par", "motif_revocation"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.accordee_par = request.user
        super().save_model(request, obj, form, change)


class ChangementEnLigne(admin.TabularInline):
    model = ChangementStatutLabel
    extra = 0
    readonly_fields = ["de", "vers", "par", "motif", "le"]
    can_delete = False


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ["regime", "fournisseur", "statut", "delivre_le", "expire_le", "est_demo"]
    list_filter = ["statut", "regime", "est_demo"]
    # Le statut ne change que par services.changer_statut (table des transitions, historique, journal).
    readonly_fields = [
        "candidature",
        "regime",
        "fournisseur",
        "solutions",
        "delivre_le",
        "expire_le",
        "statut",
        "averti_le",
    ]
    inlines = [ChangementEnLigne]
