from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path

from osezia.api.v1 import api as api_v1
from osezia.www.accueil import pages
from osezia.www.accueil.views import accueil
from osezia.www.securite import rapport_csp

admin.site.site_header = "Administration osezia"
admin.site.site_title = "osezia"
admin.site.index_title = "Pilotage du programme"


def sante(request):
    """Vivacité pour le répartiteur de charge : répond sans toucher à la base."""
    return JsonResponse({"statut": "ok"})


urlpatterns = [
    path("sante/", sante, name="sante"),
    path("csp/rapport/", rapport_csp, name="rapport_csp"),
    path("", accueil, name="accueil"),
    path("", include(pages)),
    path("recherche/", include("osezia.www.recherche.views")),
    path("cas-usage/", include("osezia.www.cas_usage.views")),
    path("secteurs/", include("osezia.www.secteurs.views")),
    path("", include("osezia.www.catalogue.views")),
    path("comptes/", include("osezia.www.comptes.views")),
    path("comptes/", include("osezia.www.rgpd.views")),
    # Avant « espace-fournisseur/ » et « pilotage/ » : /espace-fournisseur/tunnel/, /pilotage/mises-en-relation/, /pilotage/avis/.
    path("", include("osezia.www.tunnel.views")),
    path("espace-fournisseur/", include("osezia.www.espace_fournisseur.views")),
    path("besoins/", include("osezia.www.relations.views")),
    path("pilotage/", include("osezia.www.pilotage.views")),
    path("diagnostic/", include("osezia.www.diagnostic.views")),
    path("conseiller/", include("osezia.www.conseiller.views")),
    path("projets/registre-ia/", include("osezia.www.projets.registre")),
    path("projets/", include("osezia.www.projets.views")),
    path("dossiers/", include("osezia.www.dossiers.views")),
    path("labels/", include("osezia.www.labels.views")),
    path("financements/", include("osezia.www.financement.views")),
    path("notifications/", include("osezia.www.notifications.views")),
    path("rendez-vous/", include("osezia.www.rendezvous.views")),
    path("api/v1/", api_v1.urls),
    path("admin/", admin.site.urls),
]

handler400 = "osezia.www.erreurs.requete_invalide"
handler403 = "osezia.www.erreurs.interdit"
handler404 = "osezia.www.erreurs.introuvable"
handler500 = "osezia.www.erreurs.erreur_serveur"
