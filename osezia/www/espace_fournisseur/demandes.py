"""Boîte de réception du fournisseur : les demandes qui lui ont été envoyées, avec les seules informations que
l'entreprise a choisi de montrer ; ses réponses, ses messages, et les avis vérifiés reçus."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from osezia.comptes.enums import Role
from osezia.relations import services, transitions
from osezia.relations.enums import ChampVisible, Cote, HebergementExige, Statut
from osezia.relations.models import Avis, MiseEnRelation
from osezia.www.decorateurs import role_requis
from osezia.www.relations.forms import FormulaireReponseAvis
from osezia.www.relations.views import contexte_relation


def _fil(*suite):
    return [("Mon espace", reverse("comptes:tableau_de_bord")), *suite]


def ce_que_voit_le_fournisseur(relation):
    """[(libellé, valeur)] : le besoin et ce que l'entreprise a accepté de montrer, rien d'autre."""
    besoin = relation.besoin
    entreprise = relation.entreprise
    nom = entreprise.nom if relation.montre_au_fournisseur(ChampVisible.NOM) else "Nom non communiqué"
    if besoin is None:  # née d'un rendez-vous d'affaires : pas de besoin à décrire
        return [("Entreprise", nom)]
    lignes = [
        ("Entreprise", nom),
        ("Cas d'usage", besoin.cas_usage.titre),
    ]
    if besoin.montre(ChampVisible.SECTEUR) and entreprise.naf_id:
        lignes.append(("Secteur", str(entreprise.naf)))
    if besoin.montre(ChampVisible.TAILLE):
        lignes.append(("Taille", entreprise.get_categorie_taille_display()))
    if besoin.montre(ChampVisible.REGION) and entreprise.region_id:
        lignes.append(("Région", entreprise.region.nom))
    if besoin.montre(ChampVisible.BUDGET):
        lignes.append(("Budget", besoin.get_budget_display()))
    if besoin.montre(ChampVisible.DATE) and besoin.date_souhaitee:
        lignes.append(("Date souhaitée", besoin.date_souhaitee.strftime("%d/%m/%Y")))
    criteres = [besoin.get_hebergement_display()] if besoin.hebergement != HebergementExige.INDIFFERENT else []
    criteres += [f"certification {c}" for c in besoin.libelles_certifications]
    if besoin.sur_site:
        criteres.append("installation chez le client")
    if besoin.intervention_sur_place and besoin.region_id:
        criteres.append(f"intervention sur place ({besoin.region.nom})")
    if criteres:
        lignes.append(("Exigences", ", ".join(criteres)))
    if besoin.montre(ChampVisible.CONTACT) and besoin.cree_par:
        lignes.append(("Contact", f"{besoin.cree_par.nom_affiche} <{besoin.cree_par.email}>"))
    return lignes


@role_requis(Role.FOURNISSEUR, organisation=True)
def demandes(request, organisation):
    statut = request.GET.get("statut", "")
    recues = (
        MiseEnRelation.objects.recues_par(organisation)
        .select_related("besoin__cas_usage", "entreprise", "solution")
        .order_by("-modifiee_le", "-pk")
    )
    if statut in transitions.RECUES:
        recues = recues.filter(statut=statut)
    page = Paginator(recues, 30).get_page(request.GET.get("page"))
    return render(request, "espace_fournisseur/demandes.html", {
        "titre_page": "Demandes reçues", "fil_ariane": _fil(("Demandes reçues", None)), "page": page,
        "statuts": [s for s in Statut if s in transitions.RECUES], "statut": statut, "organisation": organisation,
        "a_traiter": MiseEnRelation.objects.recues_par(organisation)
        .filter(statut__in=[Statut.ENVOYEE, Statut.VUE]).count(),
    })  # fmt: skip


def page_demande(request, relation, *, actions=None, message=None, status=200):
    contexte = contexte_relation(relation, Cote.FOURNISSEUR, actions=actions, message=message)
    contexte.update({
        "titre_page": f"Demande : {relation.besoin.cas_usage.titre}" if relation.besoin_id else "Mise en relation",
        "fil_ariane": _fil(("Demandes reçues", reverse("espace_fournisseur:demandes")), ("Demande", None)),
        "informations": ce_que_voit_le_fournisseur(relation),
    })  # fmt: skip
    return render(request, "espace_fournisseur/demande.html", contexte, status=status)


@role_requis(Role.FOURNISSEUR, organisation=True)
def demande(request, organisation, pk):
    # Une demande non envoyée à ce fournisseur (ou à un autre) répond 404 : elle n'existe pas pour lui.
    relation = get_object_or_404(
        MiseEnRelation.objects.recues_par(organisation).select_related(
            "entreprise__naf", "entreprise__region", "besoin__cas_usage", "besoin__region", "besoin__cree_par",
            "solution",
        ),
        pk=pk,
    )  # fmt: skip
    try:
        relation = services.ouvrir(relation=relation, par=request.user)
    except PermissionDenied:
        raise Http404("Demande introuvable.") from None
    return page_demande(request, relation)


@role_requis(Role.FOURNISSEUR, organisation=True)
def avis(request, organisation):
    recus = Avis.objects.filter(fournisseur=organisation).select_related("relation").order_by("-cree_le")
    return render(request, "espace_fournisseur/avis.html", {
        "titre_page": "Avis reçus", "fil_ariane": _fil(("Avis reçus", None)), "avis": recus,
    })  # fmt: skip


@require_POST
@role_requis(Role.FOURNISSEUR, organisation=True)
def repondre_avis(request, organisation, pk):
    avis = get_object_or_404(Avis, pk=pk, fournisseur=organisation)
    formulaire = FormulaireReponseAvis(request.POST)
    if formulaire.is_valid():
        try:
            services.repondre_avis(avis=avis, par=request.user, texte=formulaire.cleaned_data["texte"])
        except (ValidationError, PermissionDenied) as erreur:
            for texte in getattr(erreur, "messages", [str(erreur)]):
                messages.error(request, texte)
        else:
            messages.success(request, "Réponse publiée sous l'avis.")
    else:
        messages.error(request, "Écrivez votre réponse.")
    return redirect(reverse("espace_fournisseur:avis") + f"#avis-{avis.pk}")
