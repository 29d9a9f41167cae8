from django.contrib import admin, messages

from osezia.organisations.models import Consentement, Membre, Organisation
from osezia.utils.admin import AdminOsezia


class MembreInline(admin.TabularInline):
    model = Membre
    extra = 0
    autocomplete_fields = ["utilisateur"]


@admin.register(Organisation)
class OrganisationAdmin(AdminOsezia):
    list_display = ["nom", "type", "siren", "categorie_taille", "region", "est_demo", "effacement_demande_le"]
    list_filter = ["type", "categorie_taille", "est_demo", "region"]
    search_fields = ["nom", "siren"]
    autocomplete_fields = ["naf"]
    readonly_fields = [
        "categorie_taille",
        "cree_le",
        "modifie_le",
        "effacement_demande_le",
        "effacement_demande_par",
        "effacement_motif",
    ]
    prepopulated_fields = {"slug": ["nom"]}
    inlines = [MembreInline]
    actions = ["programmer_effacement", "annuler_effacement"]

    def has_delete_permission(self, request, obj=None):
        # Une organisation ne se supprime pas d'un coup : son effacement passe par le délai de grâce
        # (osezia.rgpd.services), qui archive les fiches d'un fournisseur au lieu d'être bloqué par elles.
        return False

    @admin.action(description="Programmer l'effacement (annulable pendant le délai de grâce)")
    def programmer_effacement(self, request, queryset):
        from osezia.rgpd import services
        from osezia.rgpd.enums import MotifEffacement

        for organisation in queryset:
            services.demander_effacement(
                organisation=organisation, utilisateur=request.user, motif=MotifEffacement.ADMINISTRATION
            )
        self.message_user(request, f"Effacement programmé : {queryset.count()} organisation(s).", messages.WARNING)

    @admin.action(description="Annuler l'effacement programmé")
    def annuler_effacement(self, request, queryset):
        from osezia.rgpd import services

        programmees = queryset.filter(effacement_demande_le__isnull=False)
        nombre = 0
        for organisation in programmees:
            services.annuler_effacement(organisation=organisation, utilisateur=request.user)
            nombre += 1
        self.message_user(request, f"Effacement annulé : {nombre} organisation(s).", messages.SUCCESS)


@admin.register(Consentement)
class ConsentementAdmin(admin.ModelAdmin):
    list_display = ["entreprise", "structure", "accorde_le", "retire_le"]
    list_filter = ["structure"]
    raw_id_fields = ["entreprise", "structure", "accorde_par"]
