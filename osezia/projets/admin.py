from django.contrib import admin

from osezia.projets.models import ChangementEtape, Indicateur, Projet, RelanceProjet


class ChangementEtapeEnLigne(admin.TabularInline):
    model = ChangementEtape
    extra = 0
    readonly_fields = ["de", "vers", "par", "motif", "detail", "le"]
    can_delete = False


class RelanceEnLigne(admin.TabularInline):
    """Les relances envoyées : en lecture (les effacer ferait renvoyer celles d'un silence déjà relancé)."""

    model = RelanceProjet
    extra = 0
    readonly_fields = ["rang", "silence_depuis", "etape", "envoyee_le", "destinataires"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


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
    # Le calendrier des relances suit les activités et la tâche (relances.py) : on le lit, on ne l'écrit pas ici.
    readonly_fields = ["etape", "etape_depuis", "derniere_activite_le", "prochaine_relance_le", "prochain_rang"]
    inlines = [ChangementEtapeEnLigne, IndicateurEnLigne, RelanceEnLigne]
