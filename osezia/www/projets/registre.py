"""Registre IA de l'entreprise (règlement européen sur l'IA) : la page, son PDF et son CSV ; la déclaration du
système d'IA d'un projet. Les règles sont dans conformite/registre.py, les droits dans projets/droits.py."""

import csv

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse

from osezia.api.v1.routes import cellule_csv
from osezia.cas_usage.enums import NiveauRisqueAIAct
from osezia.comptes.enums import Role
from osezia.conformite import ai_act, registre, services
from osezia.conformite.enums import RoleAIAct
from osezia.diagnostic.pdf import POLICES, ecrire_pdf
from osezia.projets import droits
from osezia.projets.models import Projet
from osezia.utils import dates
from osezia.utils.formulaires import FormulaireDsfr
from osezia.www.decorateurs import role_requis


class FormulaireSystemeIA(FormulaireDsfr):
    nom = forms.CharField(label="Nom du système d'IA", max_length=200, help_text="Le logiciel ou le modèle utilisé.")
    fournisseur = forms.CharField(
        label="Qui le fournit", max_length=200, required=False, help_text="L'éditeur, ou votre entreprise."
    )
    role = forms.ChoiceField(label="Rôle de votre entreprise", choices=RoleAIAct.choices, widget=forms.RadioSelect)
    niveau_risque = forms.ChoiceField(label="Niveau de risque", choices=NiveauRisqueAIAct.choices)
    motif_ajustement = forms.CharField(
        label="Si ce niveau n'est pas celui du cas d'usage : pourquoi ?",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, niveau_cas, **kwargs):
        super().__init__(*args, **kwargs)
        self.niveau_cas = niveau_cas

    def clean(self):
        donnees = super().clean()
        niveau = donnees.get("niveau_risque")
        if niveau and niveau != self.niveau_cas and not (donnees.get("motif_ajustement") or "").strip():
            self.add_error(
                "motif_ajustement",
                f"Le cas d'usage indique « {NiveauRisqueAIAct(self.niveau_cas).label} » : dites pourquoi votre "
                "système relève d'un autre niveau.",
            )
        return donnees


def _projets_du_registre(organisation):
    return (
        Projet.objects.filter(entreprise=organisation)
        .select_related("cas_usage", "systeme_ia")
        .order_by("cree_le", "pk")
    )


def _contexte(organisation):
    return {
        "organisation": organisation,
        "lignes": registre.lignes(_projets_du_registre(organisation)),
        "version_ai_act": ai_act.version(),
        "aujourdhui": dates.aujourdhui(),
    }


@role_requis(Role.ENTREPRISE, organisation=True)
def page(request, organisation):
    contexte = _contexte(organisation)
    contexte.update(
        titre_page="Registre IA de l'entreprise",
        fil_ariane=[("Mes projets", reverse("projets:liste")), ("Registre IA", None)],
    )
    return render(request, "projets/registre.html", contexte)


@role_requis(Role.ENTREPRISE, organisation=True)
def pdf(request, organisation):
    html = render_to_string("projets/registre_pdf.html", {**_contexte(organisation), "polices": POLICES.as_uri()})
    reponse = HttpResponse(ecrire_pdf(html), content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="registre-ia-{organisation.slug}.pdf"'
    return reponse


COLONNES = [
    "projet",
    "etape",
    "cas_usage",
    "systeme",
    "fournisseur",
    "role",
    "niveau_risque",
    "motif_ajustement",
    "obligation",
    "reference",
    "applicable_le",
]


@role_requis(Role.ENTREPRISE, organisation=True)
def csv_(request, organisation):
    reponse = HttpResponse(content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="registre-ia-{organisation.slug}.csv"'
    reponse.write("\ufeff")  # pour qu'un tableur ouvre l'UTF-8 tel quel
    ecrivain = csv.writer(reponse, delimiter=";")
    ecrivain.writerow(COLONNES)
    for ligne in _contexte(organisation)["lignes"]:
        systeme = ligne.systeme
        commun = [
            ligne.projet.titre,
            ligne.projet.get_etape_display(),
            ligne.projet.cas_usage.titre,
            systeme.nom if systeme else "non déclaré",
            systeme.fournisseur if systeme else "",
            systeme.get_role_display() if systeme else "",
            ligne.niveau_libelle,
            systeme.motif_ajustement if systeme else "",
        ]
        for obligation in ligne.obligations:
            ecrivain.writerow(
                [cellule_csv(v) for v in commun]
                + [cellule_csv(obligation.libelle), obligation.reference, obligation.applicable_le.isoformat()]
            )
    return reponse


@role_requis(Role.ENTREPRISE)
def declarer(request, pk):
    projet = get_object_or_404(Projet.objects.visibles_par(request.user).select_related("cas_usage"), pk=pk)
    if not droits.peut_modifier(request.user, projet):
        raise PermissionDenied("Seuls les membres de l'entreprise déclarent le système d'IA de ses projets.")
    systeme = getattr(projet, "systeme_ia", None)
    initial = {"niveau_risque": projet.cas_usage.risque_ai_act, "role": RoleAIAct.DEPLOYEUR}
    if systeme:
        initial = {c: getattr(systeme, c) for c in ("nom", "fournisseur", "role", "niveau_risque", "motif_ajustement")}
    formulaire = FormulaireSystemeIA(request.POST or None, initial=initial, niveau_cas=projet.cas_usage.risque_ai_act)
    if request.method == "POST" and formulaire.is_valid():
        try:
            services.declarer_systeme(projet=projet, utilisateur=request.user, **formulaire.cleaned_data)
        except ValidationError as erreur:
            for champ, textes in erreur.message_dict.items():
                for texte in textes:
                    formulaire.add_error(champ if champ in formulaire.fields else None, texte)
        else:
            messages.success(request, "Le système d'IA est inscrit au registre.")
            return redirect("registre_ia:page")
    return render(
        request,
        "projets/declarer_systeme.html",
        {
            "titre_page": f"Système d'IA du projet « {projet.titre} »",
            "fil_ariane": [
                ("Mes projets", reverse("projets:liste")),
                ("Registre IA", reverse("registre_ia:page")),
                ("Déclarer le système", None),
            ],
            "projet": projet,
            "formulaire": formulaire,
            "niveau_cas": NiveauRisqueAIAct(projet.cas_usage.risque_ai_act).label,
        },
    )


app_name = "registre_ia"
urlpatterns = [
    path("", page, name="page"),
    path("registre-ia.pdf", pdf, name="pdf"),
    path("registre-ia.csv", csv_, name="csv"),
    path("<int:pk>/declarer/", declarer, name="declarer"),
]
