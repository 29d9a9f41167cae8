"""Pages de l'entreprise : exprimer un besoin, voir la liste proposée et ses explications, l'envoyer (consentement),
suivre chaque mise en relation (messages, issue, avis, enquête, rattachement au projet). L'action qui change un
statut sert aussi le fournisseur (`changer`) : le côté se lit dans les adhésions (relations.droits)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from osezia.comptes.enums import Role
from osezia.diagnostic.models import Diagnostic, Recommandation
from osezia.projets.models import Projet
from osezia.relations import appariement, droits, services, transitions
from osezia.relations.enums import ChampVisible, Cote, OrigineBesoin, Statut, StatutBesoin
from osezia.relations.models import Besoin, MiseEnRelation
from osezia.rendezvous.models import RendezVous
from osezia.www.decorateurs import role_requis
from osezia.www.relations.forms import (
    FormulaireAvis,
    FormulaireBesoin,
    FormulaireConclusion,
    FormulaireEnquete,
    FormulaireEnvoi,
    FormulaireMessage,
    FormulairePerte,
    FormulaireRefus,
)

app_name = "relations"
FIL = ("Mes besoins", "relations:liste")


def _fil(*suite):
    return [("Mon espace", reverse("comptes:tableau_de_bord")), (FIL[0], reverse(FIL[1])), *suite]


def _erreurs(request, erreur, formulaire=None):
    if isinstance(erreur, PermissionDenied):
        messages.error(request, str(erreur) or "Action impossible.")
    elif formulaire is not None and hasattr(erreur, "error_dict"):
        formulaire.add_error(None, erreur)
    else:
        for texte in erreur.messages:
            messages.error(request, texte)


def _besoin(organisation, pk):
    # Le besoin d'une autre entreprise répond 404 : on ne révèle pas qu'il existe.
    return get_object_or_404(Besoin.objects.select_related("cas_usage", "region"), pk=pk, entreprise=organisation)


@role_requis(Role.ENTREPRISE, organisation=True)
def liste(request, organisation):
    besoins = (
        Besoin.objects.filter(entreprise=organisation)
        .select_related("cas_usage")
        .annotate(
            envoyees=Count("relations", filter=Q(relations__statut__in=transitions.RECUES)),
            interesses=Count(
                "relations", filter=Q(relations__statut__in=transitions.REPONSES - {Statut.PAS_INTERESSE})
            ),
        )
    )
    relations = (
        MiseEnRelation.objects.filter(entreprise=organisation, statut__in=transitions.RECUES)
        .select_related("fournisseur", "besoin__cas_usage")
        .order_by("-modifiee_le")[:50]
    )
    return render(request, "relations/liste.html", {
        "titre_page": "Mes besoins et mises en relation", "fil_ariane": _fil()[:-1] + [(FIL[0], None)],
        "organisation": organisation, "besoins": besoins, "relations": relations,
    })  # fmt: skip


def _origine(request, organisation):
    """(origine, recommandation, projet, cas d'usage fixé, valeurs initiales) d'après ?recommandation= ou ?projet=."""
    source = request.GET
    if str(source.get("recommandation", "")).isdigit():
        recommandation = get_object_or_404(
            Recommandation.objects.select_related("cas_usage", "diagnostic"),
            pk=source["recommandation"],
            diagnostic__in=Diagnostic.objects.visibles_par(request.user).filter(entreprise=organisation),
        )
        return OrigineBesoin.RECOMMANDATION, recommandation, None, recommandation.cas_usage, {}
    if str(source.get("projet", "")).isdigit():
        projet = get_object_or_404(Projet.objects.select_related("cas_usage"), pk=source["projet"],
                                   entreprise=organisation)  # fmt: skip
        initial = {"description": projet.objectif[:3000]}
        return OrigineBesoin.PROJET, None, projet, projet.cas_usage, initial
    return OrigineBesoin.LIBRE, None, None, None, {}


@role_requis(Role.ENTREPRISE, organisation=True)
def nouveau(request, organisation):
    origine, recommandation, projet, cas_fixe, initial = _origine(request, organisation)
    if request.GET.get("cas_usage") and cas_fixe is None:
        initial["cas_usage"] = request.GET["cas_usage"]
    if organisation.region_id:
        initial.setdefault("region", organisation.region_id)
    formulaire = FormulaireBesoin(request.POST or None, initial=initial, cas_usage_fixe=cas_fixe)
    if request.method == "POST" and formulaire.is_valid():
        try:
            besoin = services.creer_besoin(
                entreprise=organisation, par=request.user, origine=origine, recommandation=recommandation,
                projet=projet, **formulaire.cleaned_data,
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as erreur:
            _erreurs(request, erreur, formulaire)
        else:
            messages.success(request, "Besoin enregistré. Rien n'est encore envoyé : vérifiez la liste proposée.")
            return redirect("relations:besoin", besoin.pk)
    return render(request, "relations/nouveau.html", {
        "titre_page": "Exprimer un besoin", "fil_ariane": _fil(("Nouveau besoin", None)), "formulaire": formulaire,
        "recommandation": recommandation, "projet": projet,
    })  # fmt: skip


def _page_besoin(request, besoin, *, formulaire_envoi=None, status=200):
    relations = list(besoin.relations.select_related("fournisseur", "solution").order_by("rang", "pk"))
    proposees = [r for r in relations if r.statut in (Statut.PROPOSEE, Statut.RETIREE)]
    if formulaire_envoi is None and besoin.statut == StatutBesoin.BROUILLON:
        formulaire_envoi = FormulaireEnvoi()
    return render(request, "relations/besoin.html", {
        "titre_page": f"Besoin : {besoin.cas_usage.titre}", "fil_ariane": _fil((besoin.cas_usage.titre, None)),
        "besoin": besoin, "proposees": proposees, "envoyees": [r for r in relations if r.recue],
        "formulaire_envoi": formulaire_envoi,
        # Liste vide : personne ne propose ce cas d'usage, ou les exigences écartent tout le monde ? On le dit.
        "offre_existe": bool(proposees) or appariement.offre_du_cas_usage(besoin),
        "a_envoyer": sum(1 for r in proposees if r.statut == Statut.PROPOSEE),
        "taille_lot": settings.OSEZIA["RELATIONS_TAILLE_LOT"],
    }, status=status)  # fmt: skip


@role_requis(Role.ENTREPRISE, organisation=True)
def besoin(request, organisation, pk):
    return _page_besoin(request, _besoin(organisation, pk))


@require_POST
@role_requis(Role.ENTREPRISE, organisation=True)
def envoyer(request, organisation, pk):
    besoin = _besoin(organisation, pk)
    formulaire = FormulaireEnvoi(request.POST)
    if formulaire.is_valid():
        try:
            lot = services.envoyer(besoin=besoin, par=request.user, **formulaire.cleaned_data)
        except (ValidationError, PermissionDenied) as erreur:
            _erreurs(request, erreur)
        else:
            messages.success(request, f"Besoin envoyé à {len(lot)} fournisseur{'s' if len(lot) > 1 else ''}. "
                                      "Vous serez prévenu de leurs réponses.")  # fmt: skip
            return redirect("relations:besoin", besoin.pk)
    return _page_besoin(request, besoin, formulaire_envoi=formulaire, status=400)


@require_POST
@role_requis(Role.ENTREPRISE, organisation=True)
def ecarter(request, organisation, pk, relation):
    besoin = _besoin(organisation, pk)
    relation = get_object_or_404(MiseEnRelation, pk=relation, besoin=besoin)
    try:
        services.ecarter(relation=relation, par=request.user, remettre=request.POST.get("remettre") == "1")
    except (ValidationError, PermissionDenied) as erreur:
        _erreurs(request, erreur)
    return redirect(reverse("relations:besoin", args=[besoin.pk]) + f"#proposition-{relation.pk}")


def _relation_visible(request, pk):
    """La mise en relation et le côté de la personne ; 404 pour qui n'en est pas (ni entreprise, ni fournisseur
    destinataire) : une demande non envoyée à un fournisseur n'existe pas pour lui."""
    relation = get_object_or_404(
        MiseEnRelation.objects.select_related("entreprise", "fournisseur", "solution", "besoin__cas_usage",
                                              "besoin__region", "projet"),
        pk=pk,
    )  # fmt: skip
    cote = droits.cote_de(request.user, relation)
    if cote is None:
        raise Http404("Mise en relation introuvable.")
    return relation, cote


def formulaires_d_action(relation, cote, donnees=None, vers_envoye=None):
    """Les actions permises à ce côté, chacune avec son formulaire s'il en faut un (motif, montant)."""
    actions = []
    for vers in transitions.suivants(relation.statut, cote):
        if vers in (Statut.PROPOSEE, Statut.RETIREE, Statut.VUE):
            continue
        classe = {Statut.PAS_INTERESSE: FormulaireRefus, Statut.PERDUE: FormulairePerte,
                  Statut.CONCLUE: FormulaireConclusion}.get(vers)  # fmt: skip
        formulaire = None
        if classe:
            lie = donnees if vers_envoye == vers else None
            formulaire = classe(lie, prefix=vers.value)
        actions.append({"vers": vers, "formulaire": formulaire})
    return actions


def contexte_relation(relation, cote, *, message=None, actions=None):
    # Le fournisseur ne voit le nom des personnes de l'entreprise que si elle a choisi de montrer son contact.
    contact_visible = cote == Cote.ENTREPRISE or relation.montre_au_fournisseur(ChampVisible.CONTACT)
    # Les rendez-vous d'affaires publiés entre les deux organisations, à venir ou passés.
    prevus = RendezVous.objects.filter(
        entreprise__organisation=relation.entreprise_id, fournisseur__organisation=relation.fournisseur_id,
        notifie_le__isnull=False, annule_le__isnull=True,
    ).select_related("evenement", "creneau").order_by("evenement__date", "creneau__ordre")  # fmt: skip
    return {
        "relation": relation,
        "cote": cote,
        "contact_visible": contact_visible,
        "rendez_vous_prevus": prevus,
        "changements": relation.changements.select_related("par"),
        "messages_relation": relation.messages.select_related("auteur"),
        "formulaire_message": message
        or (FormulaireMessage() if relation.statut in services.ECRITURE_PERMISE else None),
        "actions": actions if actions is not None else formulaires_d_action(relation, cote),
    }


@role_requis(Role.ENTREPRISE, Role.FOURNISSEUR)
def relation(request, pk):
    relation, cote = _relation_visible(request, pk)
    if cote == Cote.FOURNISSEUR:
        return redirect("espace_fournisseur:demande", relation.pk)
    avis_permis = (
        not hasattr(relation, "avis") and relation.changements.filter(vers__in=transitions.AVIS_PERMIS).exists()
    )
    return _page_entreprise(
        request, relation, status=200, formulaire_avis=FormulaireAvis() if avis_permis else None,
        projets=Projet.objects.filter(entreprise=relation.entreprise).order_by("titre")
        if relation.statut == Statut.CONCLUE and relation.projet_id is None else None,
        enquete_ouverte=relation.echange_le is not None and not hasattr(relation, "enquete"),
    )  # fmt: skip


def _page_entreprise(request, relation, *, status=400, actions=None, message=None, formulaire_avis=None,
                     projets=None, enquete_ouverte=False):  # fmt: skip
    """La page d'une mise en relation côté entreprise ; réaffichée (400) avec les erreurs d'un formulaire."""
    contexte = contexte_relation(relation, Cote.ENTREPRISE, actions=actions, message=message)
    contexte.update({
        "titre_page": f"Mise en relation avec {relation.fournisseur.nom}",
        "fil_ariane": _fil((relation.fournisseur.nom, None)),
        "formulaire_avis": formulaire_avis, "projets": projets, "enquete_ouverte": enquete_ouverte,
    })  # fmt: skip
    return render(request, "relations/relation.html", contexte, status=status)


def _page_de(relation, cote):
    if cote == Cote.FOURNISSEUR:
        return reverse("espace_fournisseur:demande", args=[relation.pk])
    return reverse("relations:relation", args=[relation.pk])


@require_POST
@role_requis(Role.ENTREPRISE, Role.FOURNISSEUR)
def changer(request, pk):
    relation, cote = _relation_visible(request, pk)
    try:
        vers = Statut(request.POST.get("vers", ""))
    except ValueError:
        messages.error(request, "Action inconnue.")
        return redirect(_page_de(relation, cote))
    actions = formulaires_d_action(relation, cote, request.POST, vers)
    action = next((a for a in actions if a["vers"] == vers), None)
    if action is None:
        messages.error(request, f"Impossible de passer de « {relation.get_statut_display()} » à « {vers.label} ».")
        return redirect(_page_de(relation, cote))
    formulaire = action["formulaire"]
    if formulaire is None or formulaire.is_valid():
        donnees = formulaire.cleaned_data if formulaire else {}
        try:
            services.changer_statut(relation=relation, vers=vers, par=request.user, motif=donnees.get("motif", ""),
                                    precision=donnees.get("precision", ""), montant=donnees.get("montant"))  # fmt: skip
        except (ValidationError, PermissionDenied) as erreur:
            _erreurs(request, erreur, formulaire)
        else:
            messages.success(request, f"Statut mis à jour : « {vers.label} ».")
            return redirect(_page_de(relation, cote))
    messages.error(request, "Corrigez le formulaire ci-dessous.")
    return _reafficher(request, relation, cote, actions=actions)


def _reafficher(request, relation, cote, *, actions=None, message=None):
    if cote == Cote.FOURNISSEUR:
        from osezia.www.espace_fournisseur.demandes import page_demande

        return page_demande(request, relation, actions=actions, message=message, status=400)
    return _page_entreprise(request, relation, actions=actions, message=message)


@require_POST
@role_requis(Role.ENTREPRISE, Role.FOURNISSEUR)
def ecrire(request, pk):
    relation, cote = _relation_visible(request, pk)
    formulaire = FormulaireMessage(request.POST)
    if formulaire.is_valid():
        try:
            services.ecrire(relation=relation, par=request.user, texte=formulaire.cleaned_data["texte"])
        except (ValidationError, PermissionDenied) as erreur:
            _erreurs(request, erreur, formulaire)
        else:
            messages.success(request, "Message envoyé.")
            return redirect(_page_de(relation, cote) + "#messages")
    return _reafficher(request, relation, cote, message=formulaire)


@require_POST
@role_requis(Role.ENTREPRISE)
def donner_avis(request, pk):
    relation, cote = _relation_visible(request, pk)
    formulaire = FormulaireAvis(request.POST)
    if formulaire.is_valid():
        try:
            services.deposer_avis(relation=relation, par=request.user, **formulaire.cleaned_data)
        except (ValidationError, PermissionDenied) as erreur:
            _erreurs(request, erreur)
        else:
            messages.success(request, "Merci : votre avis sera publié après relecture.")
            return redirect("relations:relation", relation.pk)
    return _page_entreprise(request, relation, formulaire_avis=formulaire)


@require_POST
@role_requis(Role.ENTREPRISE)
def rattacher(request, pk):
    relation, _ = _relation_visible(request, pk)
    projet = None
    if request.POST.get("projet"):
        projet = Projet.objects.filter(pk=request.POST["projet"] if request.POST["projet"].isdigit() else 0,
                                       entreprise=relation.entreprise).first()  # fmt: skip
        if projet is None:
            messages.error(request, "Choisissez un de vos projets.")
            return redirect("relations:relation", relation.pk)
    try:
        projet = services.rattacher_au_projet(relation=relation, par=request.user, projet=projet)
    except (ValidationError, PermissionDenied) as erreur:
        _erreurs(request, erreur)
        return redirect("relations:relation", relation.pk)
    messages.success(request, f"Affaire rattachée au projet « {projet.titre} ».")
    return redirect(projet)


@role_requis(Role.ENTREPRISE)
def enquete(request, pk):
    relation, cote = _relation_visible(request, pk)
    if cote != Cote.ENTREPRISE:
        raise Http404("Enquête introuvable.")
    if hasattr(relation, "enquete"):
        messages.info(request, "Vous avez déjà répondu à cette enquête : merci.")
        return redirect("relations:relation", relation.pk)
    formulaire = FormulaireEnquete(request.POST or None)
    if request.method == "POST" and formulaire.is_valid():
        try:
            services.repondre_enquete(relation=relation, par=request.user, **formulaire.cleaned_data)
        except (ValidationError, PermissionDenied) as erreur:
            _erreurs(request, erreur, formulaire)
        else:
            messages.success(request, "Merci pour votre réponse.")
            return redirect("relations:relation", relation.pk)
    return render(request, "relations/enquete.html", {
        "titre_page": f"Votre échange avec {relation.fournisseur.nom}",
        "fil_ariane": _fil((relation.fournisseur.nom, reverse("relations:relation", args=[relation.pk])),
                           ("Enquête", None)),
        "relation": relation, "formulaire": formulaire,
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


urlpatterns = [
    path("", liste, name="liste"),
    path("nouveau/", nouveau, name="nouveau"),
    path("<int:pk>/", besoin, name="besoin"),
    path("<int:pk>/envoyer/", envoyer, name="envoyer"),
    path("<int:pk>/propositions/<int:relation>/", ecarter, name="ecarter"),
    path("mises-en-relation/<int:pk>/", relation, name="relation"),
    path("mises-en-relation/<int:pk>/statut/", changer, name="changer"),
    path("mises-en-relation/<int:pk>/message/", ecrire, name="ecrire"),
    path("mises-en-relation/<int:pk>/avis/", donner_avis, name="avis"),
    path("mises-en-relation/<int:pk>/projet/", rattacher, name="rattacher"),
    path("mises-en-relation/<int:pk>/enquete/", enquete, name="enquete"),
]
