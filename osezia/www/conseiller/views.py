from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from osezia.comptes.enums import Role
from osezia.diagnostic import services
from osezia.diagnostic.enums import CategorieInventaire, Horizon
from osezia.diagnostic.models import Diagnostic, ElementInventaire, Recommandation
from osezia.diagnostic.rapport import construire
from osezia.organisations.models import Consentement, Organisation
from osezia.utils.formulaires import FormulaireDsfr
from osezia.www.decorateurs import role_requis


class FormulaireInventaire(FormulaireDsfr):
    categorie = forms.ChoiceField(label="Catégorie", choices=CategorieInventaire.choices)
    libelle = forms.CharField(
        label="Élément", max_length=200, help_text="Ex. « Logiciel de caisse », « Historique des ventes depuis 2019 »."
    )
    detail = forms.CharField(
        label="Précisions", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FormulaireAjustement(FormulaireDsfr):
    rang = forms.IntegerField(label="Nouveau rang", min_value=1, max_value=99, required=False)
    horizon = forms.ChoiceField(label="Horizon", choices=[("", "Inchangé")] + list(Horizon.choices), required=False)
    retenue = forms.BooleanField(label="Garder cet usage dans la feuille de route", required=False, initial=True)
    motif = forms.CharField(
        label="Pourquoi ce changement ?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Obligatoire : l'entreprise lira cette raison dans son rapport validé.",
        error_messages={"required": "Indiquez pourquoi vous modifiez cette priorité : l'entreprise la lira."},
    )


class FormulaireSynthese(FormulaireDsfr):
    synthese = forms.CharField(
        label="Synthèse pour l'entreprise", max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )


def _structures(utilisateur):
    return Organisation.objects.structures().filter(membres__utilisateur=utilisateur)


@role_requis(Role.CONSEILLER)
def portefeuille(request):
    structures = _structures(request.user)
    consentements = (
        Consentement.objects.actifs()
        .filter(structure__in=structures)
        .select_related("entreprise__naf", "entreprise__region", "structure")
        .prefetch_related(Prefetch("entreprise__diagnostics", queryset=Diagnostic.objects.order_by("-numero")))
        .annotate(nombre_projets=Count("entreprise__projets"))
        .order_by("entreprise__nom")
    )
    return render(
        request,
        "conseiller/portefeuille.html",
        {
            "titre_page": "Mon portefeuille d'entreprises",
            "fil_ariane": [("Portefeuille", None)],
            "structures": structures,
            "consentements": consentements,
        },
    )


def _diagnostic(request, pk):
    return get_object_or_404(Diagnostic.objects.visibles_par(request.user).select_related("entreprise"), pk=pk)


@role_requis(Role.CONSEILLER)
def diagnostic(request, pk):
    diagnostic = _diagnostic(request, pk)
    recommandations = diagnostic.recommandations.select_related("cas_usage").order_by("rang_auto")
    return render(
        request,
        "conseiller/diagnostic.html",
        {
            "titre_page": f"Diagnostic {diagnostic.libelle} — {diagnostic.entreprise.nom}",
            "fil_ariane": [
                ("Portefeuille", reverse("conseiller:portefeuille")),
                (f"{diagnostic.entreprise.nom} {diagnostic.libelle}", None),
            ],
            "diagnostic": diagnostic,
            "rapport": construire(diagnostic, vue_conseiller=True) if diagnostic.est_termine else None,
            "recommandations": recommandations,
            "formulaire_inventaire": FormulaireInventaire(),
            "formulaire_synthese": FormulaireSynthese(initial={"synthese": diagnostic.synthese_conseiller}),
            "formulaires_ajustement": {
                r.pk: FormulaireAjustement(
                    prefix=f"r{r.pk}",
                    initial={
                        "rang": r.rang_conseiller,
                        "horizon": r.horizon_conseiller,
                        "retenue": r.retenue,
                        "motif": r.motif_ajustement,
                    },
                )
                for r in recommandations
            },
            "est_en_charge": diagnostic.conseiller_id == request.user.pk,
        },
    )


def _executer(request, action, message_succes):
    try:
        action()
    except ValidationError as erreur:
        for texte in erreur.messages:
            messages.error(request, texte)
    except PermissionDenied as erreur:
        messages.error(request, str(erreur) or "Action impossible.")
    else:
        messages.success(request, message_succes)


@require_POST
@role_requis(Role.CONSEILLER)
def prendre_en_charge(request, pk):
    diagnostic = _diagnostic(request, pk)
    _executer(
        request,
        lambda: services.prendre_en_charge(diagnostic=diagnostic, conseiller=request.user),
        "Vous suivez ce diagnostic.",
    )
    return redirect("conseiller:diagnostic", pk)


@require_POST
@role_requis(Role.CONSEILLER)
def inventaire(request, pk):
    diagnostic = _diagnostic(request, pk)
    if "retirer" in request.POST:
        element = get_object_or_404(ElementInventaire, pk=request.POST["retirer"], diagnostic=diagnostic)
        _executer(
            request, lambda: services.retirer_inventaire(element=element, conseiller=request.user), "Élément retiré."
        )
        return redirect("conseiller:diagnostic", pk)
    formulaire = FormulaireInventaire(request.POST)
    if formulaire.is_valid():
        _executer(
            request,
            lambda: services.ajouter_inventaire(
                diagnostic=diagnostic, conseiller=request.user, **formulaire.cleaned_data
            ),
            "Élément ajouté à l'inventaire.",
        )
    else:
        for champ, erreurs in formulaire.errors.items():
            messages.error(
                request,
                f"{formulaire.fields[champ].label if champ in formulaire.fields else 'Inventaire'} : {' '.join(erreurs)}",
            )
    return redirect("conseiller:diagnostic", pk)


@require_POST
@role_requis(Role.CONSEILLER)
def ajuster(request, pk, recommandation_pk):
    diagnostic = _diagnostic(request, pk)
    recommandation = get_object_or_404(Recommandation, pk=recommandation_pk, diagnostic=diagnostic)
    formulaire = FormulaireAjustement(request.POST, prefix=f"r{recommandation.pk}")
    if formulaire.is_valid():
        donnees = formulaire.cleaned_data
        _executer(
            request,
            lambda: services.ajuster(
                recommandation=recommandation,
                conseiller=request.user,
                rang=donnees["rang"],
                horizon=donnees["horizon"],
                retenue=donnees["retenue"],
                motif=donnees["motif"],
            ),
            f"Priorité de « {recommandation.cas_usage.titre} » ajustée.",
        )
    else:
        for erreurs in formulaire.errors.values():
            messages.error(request, " ".join(erreurs))
    return redirect(reverse("conseiller:diagnostic", args=[pk]) + f"#recommandation-{recommandation.pk}")


@require_POST
@role_requis(Role.CONSEILLER)
def synthese(request, pk):
    diagnostic = _diagnostic(request, pk)
    formulaire = FormulaireSynthese(request.POST)
    if formulaire.is_valid():
        _executer(
            request,
            lambda: services.enregistrer_synthese(
                diagnostic=diagnostic, conseiller=request.user, synthese=formulaire.cleaned_data["synthese"]
            ),
            "Synthèse enregistrée.",
        )
    else:
        messages.error(request, "La synthèse est vide ou trop longue (10 000 caractères au plus).")
    return redirect("conseiller:diagnostic", pk)


@require_POST
@role_requis(Role.CONSEILLER)
def valider(request, pk):
    diagnostic = _diagnostic(request, pk)
    _executer(
        request,
        lambda: services.valider(diagnostic=diagnostic, conseiller=request.user),
        "Livrable validé : l'entreprise voit maintenant la version validée.",
    )
    return redirect("conseiller:diagnostic", pk)


@require_POST
@role_requis(Role.CONSEILLER)
def ouvrir(request, entreprise_pk):
    """Le conseiller ouvre un diagnostic pour une entreprise de son portefeuille (elle a consenti au partage)."""
    entreprise = get_object_or_404(Organisation.objects.entreprises(), pk=entreprise_pk)
    try:
        nouveau = services.demarrer(utilisateur=request.user, entreprise=entreprise)
    except (ValidationError, PermissionDenied) as erreur:
        messages.error(request, " ".join(getattr(erreur, "messages", [str(erreur)])))
        return redirect("conseiller:portefeuille")
    return redirect("diagnostic:etape", nouveau.pk, 0)


app_name = "conseiller"
urlpatterns = [
    path("", portefeuille, name="portefeuille"),
    path("entreprises/<int:entreprise_pk>/diagnostic/", ouvrir, name="ouvrir"),
    path("diagnostics/<int:pk>/", diagnostic, name="diagnostic"),
    path("diagnostics/<int:pk>/prendre-en-charge/", prendre_en_charge, name="prendre_en_charge"),
    path("diagnostics/<int:pk>/inventaire/", inventaire, name="inventaire"),
    path("diagnostics/<int:pk>/recommandations/<int:recommandation_pk>/", ajuster, name="ajuster"),
    path("diagnostics/<int:pk>/synthese/", synthese, name="synthese"),
    path("diagnostics/<int:pk>/valider/", valider, name="valider"),
]
