from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse

from osezia.catalogue import services
from osezia.catalogue.enums import StatutSolution
from osezia.catalogue.models import Solution
from osezia.utils.formulaires import FormulaireDsfr
from osezia.www.decorateurs import pilote_requis


class FormulaireDecision(FormulaireDsfr):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("publier", "Publier la fiche"), ("refuser", "Renvoyer au fournisseur pour correction")],
        widget=forms.RadioSelect,
    )
    motif = forms.CharField(
        label="Message au fournisseur",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Obligatoire en cas de renvoi : ce qu'il faut corriger.",
    )


@pilote_requis
def moderation(request):
    return render(
        request,
        "pilotage/moderation.html",
        {
            "titre_page": "Modération des solutions",
            "fil_ariane": [("Modération", None)],
            "soumises": Solution.objects.filter(statut=StatutSolution.SOUMISE)
            .select_related("fournisseur")
            .order_by("modifie_le"),
        },
    )


@pilote_requis
def decision(request, slug):
    solution = get_object_or_404(
        Solution.objects.select_related("fournisseur").prefetch_related("cas_usage", "secteurs"), slug=slug
    )
    formulaire = FormulaireDecision(request.POST or None)
    if request.method == "POST" and formulaire.is_valid():
        publier = formulaire.cleaned_data["decision"] == "publier"
        try:
            services.changer_statut(
                solution=solution,
                utilisateur=request.user,
                statut=StatutSolution.PUBLIEE if publier else StatutSolution.BROUILLON,
                motif=formulaire.cleaned_data["motif"],
            )
        except ValidationError as erreur:
            if hasattr(erreur, "error_dict"):
                for champ, liste in erreur.error_dict.items():
                    formulaire.add_error(champ if champ in formulaire.fields else None, liste)
            else:
                formulaire.add_error(None, erreur)
        else:
            messages.success(request, f"« {solution.nom} » est {'publiée' if publier else 'renvoyée au fournisseur'}.")
            return redirect("pilotage:moderation")
    return render(
        request,
        "pilotage/decision.html",
        {
            "titre_page": f"Modérer « {solution.nom} »",
            "fil_ariane": [("Modération", reverse("pilotage:moderation")), (solution.nom, None)],
            "solution": solution,
            "formulaire": formulaire,
            "evenements": solution.evenements.select_related("auteur")[:10],
        },
    )


app_name = "pilotage"
urlpatterns = [
    path("moderation/", moderation, name="moderation"),
    path("moderation/<slug:slug>/", decision, name="decision"),
]
