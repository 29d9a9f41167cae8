from django.shortcuts import render
from django.urls import path

from osezia.comptes.services import organisation_de
from osezia.organisations.enums import TypeOrganisation
from osezia.recherche.filtres import FiltresRecherche
from osezia.recherche.services import jetons_du_visiteur, rechercher_depuis_formulaire
from osezia.referentiels.enums import CategorieTaille


def visiteur(request):
    """Le secteur et la taille de l'entreprise pour laquelle agit le visiteur connecté, pour le classement."""
    entreprise = organisation_de(request.user)
    if entreprise is None or entreprise.type != TypeOrganisation.ENTREPRISE:
        return ()
    taille = entreprise.categorie_taille if entreprise.categorie_taille != CategorieTaille.INCONNUE else None
    return jetons_du_visiteur(naf=entreprise.naf_id, taille=taille)


def page_de_recherche(request, *, gabarit, titre, fil_ariane, groupes_imposes=None, groupes_affiches=None):
    """Vue commune à la recherche globale et au catalogue : mêmes filtres, même moteur que l'API."""
    donnees = request.GET.copy()
    for groupe, valeurs in (groupes_imposes or {}).items():
        donnees.setlist(groupe, valeurs)
    formulaire = FiltresRecherche(donnees)
    resultats = (
        rechercher_depuis_formulaire(formulaire, groupes_affiches=groupes_affiches, visiteur=visiteur(request))
        if formulaire.is_valid()
        else None
    )
    contexte = {
        "titre_page": titre,
        "fil_ariane": fil_ariane,
        "formulaire": formulaire,
        "q": request.GET.get("q", "")[:200],
        "resultats": resultats,
        "parametres": _parametres_sans_page(request),
    }
    gabarit_partiel = "recherche/_resultats.html"
    if request.htmx and not request.htmx.boosted:
        return render(request, gabarit_partiel, contexte)
    return render(request, gabarit, contexte)


def _parametres_sans_page(request):
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return parametres.urlencode()


def recherche(request):
    return page_de_recherche(
        request,
        gabarit="recherche/recherche.html",
        titre="Rechercher un cas d'usage ou une solution",
        fil_ariane=[("Recherche", None)],
    )


app_name = "recherche"
urlpatterns = [path("", recherche, name="recherche")]
