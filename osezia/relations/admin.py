from django.contrib import admin

from osezia.relations.models import Avis, Besoin, ChangementStatutRelation, MiseEnRelation


@admin.register(Besoin)
class BesoinAdmin(admin.ModelAdmin):
    list_display = ["entreprise", "cas_usage", "statut", "dernier_lot", "cree_le", "est_demo"]
    list_filter = ["statut", "est_demo"]
    raw_id_fields = ["entreprise", "cree_par", "consentement_par", "recommandation", "projet"]


class ChangementInline(admin.TabularInline):
    model = ChangementStatutRelation
    extra = 0
    readonly_fields = ["de", "vers", "cote", "par", "motif", "precision", "le"]
    can_delete = False


@admin.register(MiseEnRelation)
class MiseEnRelationAdmin(admin.ModelAdmin):
    list_display = ["entreprise", "fournisseur", "statut", "lot", "envoyee_le", "est_demo"]
    list_filter = ["statut", "origine", "est_demo"]
    raw_id_fields = ["entreprise", "fournisseur", "besoin", "solution", "rendez_vous", "projet"]
    inlines = [ChangementInline]


@admin.register(Avis)
class AvisAdmin(admin.ModelAdmin):
    list_display = ["fournisseur", "note", "statut", "cree_le"]
    list_filter = ["statut"]
    raw_id_fields = ["relation", "fournisseur", "auteur", "modere_par"]
