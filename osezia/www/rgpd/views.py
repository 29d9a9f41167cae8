"""Pages du RGPD : données de l'organisation (export, effacement programmé et son annulation), suppression du
compte."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from osezia.organisations.models import Organisation
from osezia.rgpd import export, services
from osezia.rgpd.enums import DELAI_EFFACEMENT, CauseSuppression
from osezia.utils.dates import date_lisible
from osezia.www.rgpd.forms import FormulaireEffacement, FormulaireSuppressionCompte


def _organisation_geree(request, pk):
    """404 pour l'organisation d'un autre, 403 pour un membre qui n'en est pas administrateur."""
    organisation = get_object_or_404(Organisation.objects.de_l_utilisateur(request.user), pk=pk)
    if not services.peut_gerer_les_donnees(request.user, organisation):
        raise PermissionDenied("Seul un administrateur de l'organisation gère ses données.")
    return organisation


def _fil(titre):
    return [("Mon espace", reverse("comptes:tableau_de_bord")), (titre, None)]


@login_required
def donnees(request, pk):
    organisation = _organisation_geree(request, pk)
    formulaire = FormulaireEffacement(
        request.POST if request.method == "POST" else None, organisation=organisation, utilisateur=request.user
    )
    if request.method == "POST":
        if organisation.effacement_demande_le is not None:
            messages.info(request, "L'effacement de cette organisation est déjà programmé.")
            return redirect("rgpd:donnees", organisation.pk)
        if formulaire.is_valid():
            organisation = services.demander_effacement(organisation=organisation, utilisateur=request.user)
            messages.warning(
                request,
                f"L'effacement de « {organisation.nom} » est programmé le "
                f"{date_lisible(timezone.localtime(organisation.efface_le).date())}. "
                "Vous pouvez l'annuler d'ici là.",
            )
            return redirect("rgpd:donnees", organisation.pk)
    return render(
        request,
        "rgpd/donnees.html",
        {
            "titre_page": "Données de l'organisation",
            "fil_ariane": _fil("Données de l'organisation"),
            "organisation": organisation,
            "formulaire": formulaire,
            "jours": DELAI_EFFACEMENT.days,
        },
    )


@login_required
@never_cache
def telecharger(request, pk):
    organisation = _organisation_geree(request, pk)
    reponse = HttpResponse(
        services.exporter(organisation=organisation, utilisateur=request.user), content_type="application/zip"
    )
    reponse["Content-Disposition"] = f'attachment; filename="{export.nom_archive(organisation)}"'
    reponse["Cache-Control"] = "no-store"
    return reponse


@login_required
@require_POST
def annuler(request, pk):
    organisation = _organisation_geree(request, pk)
    if organisation.effacement_demande_le is None:
        messages.info(request, "Aucun effacement n'était programmé.")
    else:
        services.annuler_effacement(organisation=organisation, utilisateur=request.user)
        messages.success(request, f"L'effacement de « {organisation.nom} » est annulé : rien n'a été effacé.")
    # Le bandeau d'effacement, présent sur chaque page, ramène à la page d'où l'on vient.
    suivant = request.POST.get("suivant", "")
    if suivant and url_has_allowed_host_and_scheme(suivant, allowed_hosts={request.get_host()}):
        return redirect(suivant)
    return redirect("rgpd:donnees", organisation.pk)


@login_required
def supprimer_compte(request):
    utilisateur = request.user
    formulaire = FormulaireSuppressionCompte(
        request.POST if request.method == "POST" else None, utilisateur=utilisateur
    )
    if request.method == "POST" and formulaire.is_valid():
        services.supprimer_compte(utilisateur=utilisateur, par=utilisateur, cause=CauseSuppression.DEMANDE)
        logout(request)
        messages.success(request, "Votre compte est supprimé. Un e-mail vous le confirme.")
        return redirect("accueil")
    adhesions = [
        {
            "organisation": adhesion.organisation,
            "seul_membre": not adhesion.organisation.membres.exclude(utilisateur=utilisateur).exists(),
        }
        for adhesion in utilisateur.adhesions.select_related("organisation")
    ]
    return render(
        request,
        "rgpd/supprimer_compte.html",
        {
            "titre_page": "Supprimer mon compte",
            "fil_ariane": _fil("Supprimer mon compte"),
            "formulaire": formulaire,
            "adhesions": adhesions,
            "jours": DELAI_EFFACEMENT.days,
        },
    )


app_name = "rgpd"
urlpatterns = [
    path("organisation/<int:pk>/donnees/", donnees, name="donnees"),
    path("organisation/<int:pk>/donnees/telecharger/", telecharger, name="telecharger"),
    path("organisation/<int:pk>/donnees/annuler-effacement/", annuler, name="annuler"),
    path("supprimer-mon-compte/", supprimer_compte, name="supprimer_compte"),
]
