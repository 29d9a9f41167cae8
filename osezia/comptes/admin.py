from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from osezia.comptes.models import JetonAPI, Utilisateur


@admin.register(Utilisateur)
class UtilisateurAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "email_verifie_le", "is_active", "is_staff"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name", "role", "email_verifie_le"]}),
        ("Droits", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined", "inactivite_avertie_le"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "role", "password1", "password2"]})]
    readonly_fields = ["inactivite_avertie_le"]

    # Supprimer un compte ici suit la règle du site : dernier membre d'une organisation, son effacement est
    # programmé ; e-mails et tentatives de connexion qui gardent l'adresse partent avec lui.
    def delete_model(self, request, obj):
        from osezia.rgpd.enums import CauseSuppression
        from osezia.rgpd.services import supprimer_compte

        supprimer_compte(utilisateur=obj, par=request.user, cause=CauseSuppression.ADMINISTRATION)

    def delete_queryset(self, request, queryset):
        from osezia.rgpd.enums import CauseSuppression
        from osezia.rgpd.services import supprimer_compte

        for utilisateur in queryset:
            supprimer_compte(utilisateur=utilisateur, par=request.user, cause=CauseSuppression.ADMINISTRATION)


@admin.register(JetonAPI)
class JetonAPIAdmin(admin.ModelAdmin):
    """Lecture et révocation seulement : la valeur d'un jeton n'est jamais connue de la plateforme."""

    list_display = ["nom", "utilisateur", "prefixe", "cree_le", "derniere_utilisation", "revoque_le"]
    readonly_fields = ["utilisateur", "nom", "prefixe", "empreinte", "cree_le", "derniere_utilisation"]

    def has_add_permission(self, request):
        return False
