from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from osezia.catalogue import services
from osezia.catalogue.enums import StatutSolution
from osezia.catalogue.models import EvenementModeration, Solution
from osezia.utils.admin import AdminOsezia


class EvenementInline(admin.TabularInline):
    model = EvenementModeration
    extra = 0
    can_delete = False
    readonly_fields = ["cree_le", "auteur", "statut_avant", "statut_apres", "motif"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Solution)
class SolutionAdmin(AdminOsezia):
    list_display = ["nom", "fournisseur", "statut", "origine", "est_demo", "modifie_le"]
    list_filter = ["statut", "origine", "est_demo", "hebergement", "tranche_prix"]
    search_fields = ["nom", "description_courte", "fournisseur__nom"]
    autocomplete_fields = ["fournisseur", "secteurs"]
    filter_horizontal = ["cas_usage"]
    # Le statut ne change que par le circuit de modération (actions ci-dessous), pour garder l'historique.
    readonly_fields = ["statut", "motif_moderation", "publiee_le", "cree_le", "modifie_le"]
    inlines = [EvenementInline]
    actions = ["publier", "archiver"]

    def _changer(self, request, queryset, statut):
        faites = 0
        for solution in queryset:
            try:
                services.changer_statut(solution=solution, utilisateur=request.user, statut=statut)
                faites += 1
            except (ValidationError, PermissionDenied) as erreur:  # une fiche refusée n'empêche pas les autres
                self.message_user(request, f"{solution} : {erreur}", messages.WARNING)
        self.message_user(request, f"{faites} fiche(s) mise(s) à jour.")

    @admin.action(description="Publier les fiches soumises sélectionnées")
    def publier(self, request, queryset):
        self._changer(request, queryset, StatutSolution.PUBLIEE)

    @admin.action(description="Archiver les fiches publiées sélectionnées")
    def archiver(self, request, queryset):
        self._changer(request, queryset, StatutSolution.ARCHIVEE)
