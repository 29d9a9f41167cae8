"""Le tunnel mesuré des mises en relation (pilote : tout ; fournisseur : ses demandes) et la modération des avis."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone

from osezia.api.v1.routes import cellule_csv
from osezia.comptes.enums import Role
from osezia.organisations.enums import TypeOrganisation
from osezia.relations import services, tunnel
from osezia.relations.enums import StatutAvis
from osezia.relations.models import Avis
from osezia.www.decorateurs import pilote_requis, role_requis
from osezia.www.tunnel.forms import FormulaireFiltresTunnel, FormulaireModerationAvis

FIL_PILOTAGE = ("Pilotage", reverse_lazy("pilotage:moderation"))


def _mesures(relations, dimension):
    return {
        "tunnel": tunnel.tunnel(relations),
        "repartition": tunnel.tunnel_par(relations, dimension),
        "dimension": tunnel.DIMENSIONS[dimension],
        "refus": tunnel.refus(relations),
        "etapes": tunnel.ETAPES,
    }


def _parametres(request):
    parametres = request.GET.copy()
    parametres.pop("format", None)
    return parametres.urlencode()


@pilote_requis
def tunnel_pilote(request):
    formulaire = FormulaireFiltresTunnel(request.GET or None)
    filtres = formulaire.filtres() if request.GET else {"origine": tunnel.Origine.REELLES}
    dimension = formulaire.dimension_choisie() if request.GET else "cas_usage"
    relations = tunnel.relations_mesurees(**filtres)
    if request.GET.get("format") == "csv":
        return _export_csv(tunnel.tunnel_par(relations, dimension), tunnel.DIMENSIONS[dimension])
    demo = tunnel.relations_mesurees(**{**filtres, "origine": tunnel.Origine.DEMO}).count()
    return render(
        request,
        "tunnel/pilote.html",
        {
            "titre_page": "Mises en relation : le tunnel mesuré",
            "fil_ariane": [FIL_PILOTAGE, ("Mises en relation", None)],
            "formulaire": formulaire,
            "filtre": bool(request.GET),
            "parametres": _parametres(request),
            "origine": filtres["origine"],
            "nombre_demo": demo,
            "enquetes": tunnel.enquetes(relations),
            **_mesures(relations, dimension),
        },
    )


def _export_csv(tunnels, dimension):
    reponse = HttpResponse(content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = (
        f'attachment; filename="tunnel-{dimension.cle}-{timezone.localdate().isoformat()}.csv"'
    )
    reponse.write("\ufeff")  # BOM : le tableur lit l'UTF-8
    ecrivain = csv.writer(reponse, delimiter=";")
    entetes = [dimension.libelle]
    for etape in tunnel.ETAPES:
        entetes += [etape.label, f"Taux « {etape.label} » (%)"]
    ecrivain.writerow(entetes + ["Délai médian de première réponse (heures)", "Demandes répondues"])
    for t in tunnels:
        ligne = [t.libelle]
        for etape in t.etapes:
            ligne += [etape.nombre, "" if etape.taux is None else etape.taux]
        heures = "" if t.delai.secondes is None else round(t.delai.secondes / 3600, 1)
        # Les noms de fournisseurs sont saisis par eux : pas de formule de tableur (cellule_csv).
        ecrivain.writerow([cellule_csv(valeur) for valeur in ligne + [heures, t.delai.nombre]])
    return reponse


@role_requis(Role.FOURNISSEUR, organisation=True)
def tunnel_fournisseur(request, organisation):
    if organisation.type != TypeOrganisation.FOURNISSEUR:
        raise PermissionDenied("Cette page est réservée aux fournisseurs.")
    formulaire = FormulaireFiltresTunnel(request.GET or None, pour_fournisseur=True)
    filtres = formulaire.filtres() if request.GET else {}
    # Ses demandes, réelles ou de démonstration (un fournisseur fictif n'en reçoit que de fictives).
    relations = tunnel.relations_mesurees(fournisseur=organisation, origine=tunnel.Origine.TOUTES, **filtres)
    return render(
        request,
        "tunnel/fournisseur.html",
        {
            "titre_page": "Le tunnel de vos demandes",
            "fil_ariane": [("Espace fournisseur", reverse("espace_fournisseur:solutions")), ("Tunnel", None)],
            "formulaire": formulaire,
            "filtre": bool(request.GET),
            "nombre_demo": relations.filter(est_demo=True).count(),
            **_mesures(relations, "cas_usage"),
        },
    )


def _file_des_avis(request, *, en_erreur=None, formulaire_en_erreur=None):
    file = list(tunnel.avis_a_moderer())
    lignes = [
        (avis, formulaire_en_erreur if avis.pk == en_erreur else FormulaireModerationAvis(prefix=f"avis-{avis.pk}"))
        for avis in file
    ]
    return render(
        request,
        "tunnel/avis.html",
        {
            "titre_page": "Modération des avis vérifiés",
            "fil_ariane": [FIL_PILOTAGE, ("Avis", None)],
            "lignes": lignes,
        },
        status=400 if formulaire_en_erreur else 200,
    )


@pilote_requis
def avis_a_moderer(request):
    return _file_des_avis(request)


@pilote_requis
def moderer_avis(request, pk):
    if request.method != "POST":
        return redirect("tunnel:avis")
    avis = get_object_or_404(Avis, pk=pk)
    formulaire = FormulaireModerationAvis(request.POST, prefix=f"avis-{avis.pk}")
    if avis.statut != StatutAvis.EN_ATTENTE:
        messages.info(request, f"Cet avis est déjà modéré : « {avis.get_statut_display()} ».")
        return redirect("tunnel:avis")
    if formulaire.is_valid():
        publier = formulaire.cleaned_data["decision"] == "publier"
        try:
            services.moderer_avis(avis=avis, par=request.user, publier=publier, motif=formulaire.cleaned_data["motif"])
        except ValidationError as erreur:
            erreurs = erreur.error_dict if hasattr(erreur, "error_dict") else {None: erreur.error_list}
            for champ, liste in erreurs.items():
                formulaire.add_error(champ if champ in formulaire.fields else None, liste)
        else:
            messages.success(request, f"L'avis sur {avis.fournisseur.nom} est {'publié' if publier else 'refusé'}.")
            return redirect("tunnel:avis")
    return _file_des_avis(request, en_erreur=avis.pk, formulaire_en_erreur=formulaire)


app_name = "tunnel"
urlpatterns = [
    path("pilotage/mises-en-relation/", tunnel_pilote, name="pilote"),
    path("pilotage/avis/", avis_a_moderer, name="avis"),
    path("pilotage/avis/<int:pk>/", moderer_avis, name="moderer_avis"),
    path("espace-fournisseur/tunnel/", tunnel_fournisseur, name="fournisseur"),
]
