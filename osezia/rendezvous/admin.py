from django.contrib import admin

from osezia.rendezvous.models import Creneau, Evenement, Participant, RendezVous, Souhait


class CreneauEnLigne(admin.TabularInline):
    model = Creneau
    extra = 0


@admin.register(Evenement)
class EvenementAdmin(admin.ModelAdmin):
    list_display = ["nom", "date", "lieu", "en_ligne", "tables", "statut_planification", "est_demo"]
    list_filter = ["en_ligne", "est_demo"]
    search_fields = ["nom", "lieu"]
    raw_id_fields = ["organisateur"]
    # Le résultat du calcul ne s'écrit que par services.planifier.
    readonly_fields = [
        "planifie_le",
        "planifie_par",
        "objectif",
        "borne",
        "statut_planification",
        "duree_planification",
        "publie_le",
    ]
    inlines = [CreneauEnLigne]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["organisation", "evenement", "nature", "max_rendez_vous", "desiste_le"]
    list_filter = ["nature", "evenement"]
    search_fields = ["organisation__nom"]
    raw_id_fields = ["organisation", "inscrit_par"]
    filter_horizontal = ["disponibilites"]


@admin.register(Souhait)
class SouhaitAdmin(admin.ModelAdmin):
    list_display = ["entreprise", "fournisseur", "mutuel", "priorite", "evenement"]
    list_filter = ["mutuel", "priorite", "evenement"]
    raw_id_fields = ["entreprise", "fournisseur"]
    readonly_fields = ["mutuel"]  # les deux côtés l'ont demandé : recalculé à l'enregistrement


@admin.register(RendezVous)
class RendezVousAdmin(admin.ModelAdmin):
    list_display = ["creneau", "table", "entreprise", "fournisseur", "evenement", "notifie_le", "annule_le"]
    list_filter = ["evenement"]
    raw_id_fields = ["creneau", "entreprise", "fournisseur", "souhait"]
