"""Pages d'information : accessibilité, mentions légales, données personnelles, cookies, plan du site, open data."""

from django.shortcuts import render
from django.urls import path

from osezia.cas_usage.models import FonctionMetier


def _page(gabarit, titre, **contexte):
    def vue(request):
        return render(request, gabarit, {"titre_page": titre, "fil_ariane": [(titre, None)], **contexte})

    return vue


def donnees_personnelles(request):
    from osezia.rgpd.enums import durees

    titre = "Données personnelles"
    return render(
        request,
        "pages/donnees_personnelles.html",
        {"titre_page": titre, "fil_ariane": [(titre, None)], "durees": durees()},
    )


def plan_du_site(request):
    return render(
        request,
        "pages/plan_du_site.html",
        {
            "titre_page": "Plan du site",
            "fil_ariane": [("Plan du site", None)],
            "fonctions": FonctionMetier.objects.all(),
        },
    )


app_name = "pages"
urlpatterns = [
    path("accessibilite/", _page("pages/accessibilite.html", "Déclaration d'accessibilité"), name="accessibilite"),
    path("mentions-legales/", _page("pages/mentions_legales.html", "Mentions légales"), name="mentions_legales"),
    path("donnees-personnelles/", donnees_personnelles, name="donnees_personnelles"),
    path("cookies/", _page("pages/cookies.html", "Gestion des cookies"), name="cookies"),
    path("donnees-ouvertes/", _page("pages/donnees_ouvertes.html", "Données ouvertes et API"), name="donnees_ouvertes"),
    path("plan-du-site/", plan_du_site, name="plan_du_site"),
]
