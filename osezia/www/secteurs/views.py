import re

from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse

from osezia.cas_usage.selectors import cas_usage_pour_secteur
from osezia.referentiels.enums import NiveauNAF
from osezia.referentiels.models import SecteurNAF
from osezia.referentiels.selectors import chercher_naf


def liste(request):
    texte = request.GET.get("q", "")[:100]
    resultats = chercher_naf(texte, limite=30) if texte else []
    contexte = {
        "titre_page": "L'IA dans mon secteur",
        "fil_ariane": [("L'IA dans mon secteur", None)],
        "texte": texte,
        "resultats": resultats,
        "sections": SecteurNAF.objects.sections(),
    }
    if request.htmx:
        return render(request, "secteurs/_suggestions.html", contexte)
    return render(request, "secteurs/liste.html", contexte)


def suggestions_naf(request):
    """Sous-classes NAF proposées dans le formulaire d'organisation (fragment htmx)."""
    texte = request.GET.get("q", "")[:100]
    champ = request.GET.get("champ", "id_naf")
    if not re.fullmatch(r"id_[a-z_-]{1,40}", champ):
        champ = "id_naf"
    resultats = chercher_naf(texte, niveaux=[NiveauNAF.SOUS_CLASSE], limite=12) if texte else []
    return render(request, "secteurs/_choix_naf.html", {"texte": texte, "resultats": resultats, "champ": champ})


def detail(request, code):
    secteur = SecteurNAF.objects.select_related("parent", "division", "section").filter(code=code.upper()).first()
    if secteur is None:
        raise Http404("Code NAF inconnu.")
    specifiques, transverses = cas_usage_pour_secteur(secteur)
    ancetres = []
    parent = secteur.parent
    while parent is not None:
        ancetres.insert(0, parent)
        parent = parent.parent
    fil = [("L'IA dans mon secteur", reverse("secteurs:liste"))]
    fil += [(f"{a.code}", reverse("secteurs:detail", args=[a.code])) for a in ancetres]
    fil.append((secteur.code, None))
    filtre_secteur = secteur.code if secteur.niveau == NiveauNAF.SECTION else secteur.division_id
    return render(
        request,
        "secteurs/detail.html",
        {
            "titre_page": f"L'IA dans le secteur : {secteur.libelle_lisible}",
            "fil_ariane": fil,
            "secteur": secteur,
            "ancetres": ancetres,
            "enfants": secteur.enfants.order_by("code"),
            "prioritaires": [c for c in specifiques if c.force == 3],
            "frequents": [c for c in specifiques if c.force == 2],
            "utiles": [c for c in specifiques if c.force == 1],
            "transverses": transverses,
            "filtre_secteur": filtre_secteur,
        },
    )


app_name = "secteurs"
urlpatterns = [
    path("", liste, name="liste"),
    path("suggestions-naf/", suggestions_naf, name="suggestions_naf"),
    path("<str:code>/", detail, name="detail"),
]
