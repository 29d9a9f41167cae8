from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse

from osezia.catalogue.filtres import PAR_PAGE, FiltresFournisseurs
from osezia.catalogue.models import Solution
from osezia.catalogue.selectors import fournisseurs_publics, solutions_publiees_du_fournisseur
from osezia.catalogue.services import peut_gerer
from osezia.labels.selectors import avec_labels_valides, labels_valides_de
from osezia.organisations.models import Organisation
from osezia.recherche.enums import TypeDocument
from osezia.relations.tunnel import avis_publies
from osezia.www.recherche.views import page_de_recherche

GROUPES_CATALOGUE = ["fonction", "secteur", "cas", "taille", "prix", "hebergement", "certification", "label"]


def solutions(request):
    return page_de_recherche(
        request,
        gabarit="catalogue/solutions.html",
        titre="Catalogue des solutions d'IA",
        fil_ariane=[("Solutions", None)],
        groupes_imposes={"type": [TypeDocument.SOLUTION]},
        groupes_affiches=GROUPES_CATALOGUE,
    )


def solution(request, slug):
    solution = get_object_or_404(
        Solution.objects.visibles_par(request.user)
        .select_related("fournisseur__region")
        .prefetch_related("cas_usage__fonction", "secteurs"),
        slug=slug,
    )
    return render(
        request,
        "catalogue/solution.html",
        {
            "titre_page": solution.nom,
            "fil_ariane": [("Solutions", reverse("catalogue:solutions")), (solution.nom, None)],
            "solution": solution,
            "peut_gerer": peut_gerer(request.user, solution),
            "labels": labels_valides_de([solution.pk]).get(solution.pk, []),
        },
    )


def fournisseurs(request):
    formulaire = FiltresFournisseurs(request.GET or None)
    valide = formulaire.is_valid() if request.GET else False
    requete = formulaire.requete() if valide else fournisseurs_publics().order_by("nom")
    page = Paginator(requete, PAR_PAGE).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        "catalogue/fournisseurs.html",
        {
            "titre_page": "Fournisseurs de solutions d'IA",
            "fil_ariane": [("Fournisseurs", None)],
            "page": page,
            "formulaire": formulaire if request.GET else FiltresFournisseurs(),
            "parametres": parametres.urlencode(),
        },
    )


def fournisseur(request, slug):
    fournisseur = get_object_or_404(Organisation.objects.fournisseurs().select_related("region"), slug=slug)
    solutions = avec_labels_valides(solutions_publiees_du_fournisseur(fournisseur).select_related("fournisseur"))
    return render(
        request,
        "catalogue/fournisseur.html",
        {
            "titre_page": fournisseur.nom,
            "fil_ariane": [("Fournisseurs", reverse("catalogue:fournisseurs")), (fournisseur.nom, None)],
            "fournisseur": fournisseur,
            "solutions": solutions,
            "avis": avis_publies(fournisseur),
        },
    )


app_name = "catalogue"
urlpatterns = [
    path("solutions/", solutions, name="solutions"),
    path("solutions/<slug:slug>/", solution, name="solution"),
    path("fournisseurs/", fournisseurs, name="fournisseurs"),
    path("fournisseurs/<slug:slug>/", fournisseur, name="fournisseur"),
]
