import csv

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone

from osezia.api.v1.routes import cellule_csv
from osezia.catalogue import services
from osezia.catalogue.enums import StatutSolution
from osezia.catalogue.models import Solution
from osezia.journal import selectors as journal
from osezia.journal.enums import Action
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


class FormulaireJournal(FormulaireDsfr):
    action = forms.ChoiceField(
        label="Action",
        required=False,
        choices=[("", "Toutes les actions"), *Action.choices],
        error_messages={"invalid_choice": "Choisissez une action de la liste."},
    )
    organisation = forms.CharField(label="Organisation", required=False, max_length=200, help_text="Une partie du nom.")
    acteur = forms.CharField(
        label="Adresse e-mail de l'acteur",
        required=False,
        max_length=254,
        help_text="Une partie de l'adresse ; un compte supprimé ne se retrouve plus par son adresse.",
    )
    du = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    au = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        donnees = super().clean()
        if donnees.get("du") and donnees.get("au") and donnees["du"] > donnees["au"]:
            self.add_error("au", "La date de fin précède la date de début.")
        return donnees


def _filtres(formulaire):
    """Les filtres valides seulement : un champ mal rempli affiche son erreur et ne filtre pas."""
    formulaire.is_valid()
    donnees = formulaire.cleaned_data
    return {
        "action": donnees.get("action", ""),
        "organisation": donnees.get("organisation", "").strip(),
        "acteur_email": donnees.get("acteur", "").strip(),
        "du": donnees.get("du"),
        "au": donnees.get("au"),
    }


def _acteur(evenement):
    return evenement.acteur.email if evenement.acteur_id else evenement.acteur_libelle


@pilote_requis
def journal_des_actions(request):
    formulaire = FormulaireJournal(request.GET)
    evenements = journal.evenements(**_filtres(formulaire))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    if request.GET.get("format") == "csv":
        return _export_csv(evenements)
    parametres.pop("format", None)
    page = Paginator(evenements, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "pilotage/journal.html",
        {
            "titre_page": "Journal des actions",
            "fil_ariane": [("Pilotage", reverse("pilotage:moderation")), ("Journal des actions", None)],
            "formulaire": formulaire,
            "page": page,
            "parametres": parametres.urlencode(),
            "filtre": any(_filtres(formulaire).values()),
        },
    )


class _Tampon:
    def write(self, valeur):
        return valeur


def _export_csv(evenements):
    """La liste filtrée entière, ligne à ligne (le journal d'une année peut être long)."""
    ecrivain = csv.writer(_Tampon(), delimiter=";")

    def lignes():
        yield "\ufeff"  # BOM : le tableur lit l'UTF-8
        yield ecrivain.writerow(["Date", "Action", "Acteur", "Organisation", "Objet", "Type d'objet", "Détails"])
        for e in evenements.iterator(chunk_size=500):
            details = " ; ".join(f"{libelle} : {valeur}" for libelle, valeur, _ in e.details_affiches())
            # Noms d'organisation et motifs sont saisis par les utilisateurs : pas de formule de tableur (cellule_csv).
            yield ecrivain.writerow(
                [
                    cellule_csv(valeur)
                    for valeur in (
                        timezone.localtime(e.cree_le).strftime("%d/%m/%Y %H:%M:%S"),
                        e.get_action_display(),
                        _acteur(e),
                        e.organisation_libelle,
                        e.objet_libelle,
                        e.objet_type,
                        details,
                    )
                ]
            )

    reponse = StreamingHttpResponse(lignes(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="journal-{timezone.localdate().isoformat()}.csv"'
    return reponse


app_name = "pilotage"
urlpatterns = [
    path("moderation/", moderation, name="moderation"),
    path("moderation/<slug:slug>/", decision, name="decision"),
    path("journal/", journal_des_actions, name="journal"),
]
