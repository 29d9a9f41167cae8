from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse

from osezia.cas_usage.connaissance import TAILLES, adequation_du_cas
from osezia.cas_usage.models import CasUsage, FonctionMetier, PertinenceMetier
from osezia.cas_usage.selectors import fonctions_avec_cas_usage, solutions_du_cas_usage
from osezia.conformite.ai_act import date_application
from osezia.conformite.ai_act import version as version_ai_act
from osezia.labels.selectors import avec_labels_valides
from osezia.referentiels.enums import CategorieTaille
from osezia.referentiels.models import SecteurNAF

SOLUTIONS_AFFICHEES = 12


def liste(request):
    return render(
        request,
        "cas_usage/liste.html",
        {
            "titre_page": "Cas d'usage de l'IA par fonction",
            "fil_ariane": [("Cas d'usage", None)],
            "fonctions": fonctions_avec_cas_usage(),
        },
    )


def fonction(request, slug):
    fonction = get_object_or_404(FonctionMetier, slug=slug)
    return render(
        request,
        "cas_usage/fonction.html",
        {
            "titre_page": fonction.nom,
            "fil_ariane": [("Cas d'usage", reverse("cas_usage:liste")), (fonction.nom, None)],
            "fonction": fonction,
            "cas_usage": fonction.cas_usage.publies().order_by("titre"),
            "autres_fonctions": FonctionMetier.objects.exclude(pk=fonction.pk),
        },
    )


def detail(request, slug):
    cas = get_object_or_404(CasUsage.objects.publies().select_related("fonction"), slug=slug)
    pertinences = cas.pertinences.select_related("division").order_by("-force", "division_id")
    solutions = solutions_du_cas_usage(cas)
    sections = SecteurNAF.objects.filter(
        code__in={p.division.section_id for p in pertinences if p.force == 3}
    ).order_by("code")
    return render(
        request,
        "cas_usage/detail.html",
        {
            "titre_page": cas.titre,
            "fil_ariane": [
                ("Cas d'usage", reverse("cas_usage:liste")),
                (cas.fonction.nom, cas.fonction.get_absolute_url()),
                (cas.titre, None),
            ],
            "cas": cas,
            "pertinences": pertinences,
            "sections_prioritaires": sections,
            "solutions": avec_labels_valides(solutions[:SOLUTIONS_AFFICHEES]),
            "nombre_solutions": solutions.count(),
            "tailles": [(CategorieTaille(t).label, adequation_du_cas(cas, t)) for t in TAILLES],
            "metiers": PertinenceMetier.objects.filter(cas_usage=cas, force=3).select_related("metier"),
            "date_ai_act": date_application(cas.risque_ai_act, cas.ai_act_reference),
            "version_ai_act": version_ai_act(),
        },
    )


app_name = "cas_usage"
urlpatterns = [
    path("", liste, name="liste"),
    path("fonction/<slug:slug>/", fonction, name="fonction"),
    path("<slug:slug>/", detail, name="detail"),
]
