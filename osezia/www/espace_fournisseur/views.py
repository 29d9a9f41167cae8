from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from osezia.catalogue import services
from osezia.catalogue.enums import StatutSolution
from osezia.catalogue.models import Solution
from osezia.comptes.enums import Role
from osezia.www.decorateurs import role_requis
from osezia.www.espace_fournisseur import demandes
from osezia.www.espace_fournisseur.forms import FormulaireSolution

ACTIONS = {
    "soumettre": (StatutSolution.SOUMISE, "Votre fiche est soumise : un pilote du programme va la relire."),
    "retirer": (StatutSolution.BROUILLON, "Votre fiche est retirée de la modération et repasse en brouillon."),
    "archiver": (StatutSolution.ARCHIVEE, "Votre fiche est archivée : elle n'est plus visible dans le catalogue."),
    "reprendre": (StatutSolution.BROUILLON, "Votre fiche repasse en brouillon : modifiez-la puis soumettez-la."),
}


def _ma_solution(organisation, slug):
    # Une fiche d'une autre organisation répond 404 : on ne révèle même pas qu'elle existe.
    return get_object_or_404(Solution.objects.de_l_organisation(organisation), slug=slug)


@role_requis(Role.FOURNISSEUR, organisation=True)
def solutions(request, organisation):
    return render(
        request,
        "espace_fournisseur/solutions.html",
        {
            "titre_page": "Mes solutions",
            "fil_ariane": [("Mon espace", reverse("comptes:tableau_de_bord")), ("Mes solutions", None)],
            "organisation": organisation,
            "solutions": Solution.objects.de_l_organisation(organisation).prefetch_related("cas_usage").order_by("nom"),
        },
    )


@role_requis(Role.FOURNISSEUR, organisation=True)
def edition(request, organisation, slug=None):
    solution = _ma_solution(organisation, slug) if slug else None
    formulaire = FormulaireSolution(request.POST or None, instance=solution)
    if request.method == "POST" and formulaire.is_valid():
        donnees = {k: v for k, v in formulaire.cleaned_data.items() if k not in ("cas_usage", "secteurs")}
        try:
            solution = services.enregistrer_solution(
                utilisateur=request.user,
                fournisseur=organisation,
                donnees=donnees,
                cas_usage=formulaire.cleaned_data["cas_usage"],
                secteurs=formulaire.cleaned_data["secteurs"],
                solution=solution,
            )
        except ValidationError as erreur:
            formulaire.add_error(None, erreur)
        else:
            messages.success(request, "Fiche enregistrée en brouillon. Soumettez-la quand elle est prête.")
            return redirect("espace_fournisseur:solutions")
    titre = f"Modifier « {solution.nom} »" if solution else "Nouvelle solution"
    return render(
        request,
        "espace_fournisseur/edition.html",
        {
            "titre_page": titre,
            "fil_ariane": [
                ("Mon espace", reverse("comptes:tableau_de_bord")),
                ("Mes solutions", reverse("espace_fournisseur:solutions")),
                (titre, None),
            ],
            "formulaire": formulaire,
            "solution": solution,
        },
    )


@require_POST
@role_requis(Role.FOURNISSEUR, organisation=True)
def action(request, organisation, slug, action):
    solution = _ma_solution(organisation, slug)
    if action not in ACTIONS:
        raise PermissionDenied("Action inconnue.")
    statut, message = ACTIONS[action]
    try:
        services.changer_statut(solution=solution, utilisateur=request.user, statut=statut)
    except ValidationError as erreur:
        for texte in erreur.messages:
            messages.error(request, texte)
    else:
        messages.success(request, message)
    return redirect("espace_fournisseur:solutions")


app_name = "espace_fournisseur"
urlpatterns = [
    path("demandes/", demandes.demandes, name="demandes"),
    path("demandes/<int:pk>/", demandes.demande, name="demande"),
    path("avis/", demandes.avis, name="avis"),
    path("avis/<int:pk>/repondre/", demandes.repondre_avis, name="repondre_avis"),
    path("solutions/", solutions, name="solutions"),
    path("solutions/nouvelle/", edition, name="nouvelle"),
    path("solutions/<slug:slug>/modifier/", edition, name="modifier"),
    path("solutions/<slug:slug>/<slug:action>/", action, name="action"),
]
