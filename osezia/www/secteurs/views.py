import re

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse

from osezia.cas_usage.connaissance import LIBELLES_TAILLE_COURTS, TAILLES
from osezia.cas_usage.filtres import CHOIX_TAILLE, FiltreTaille
from osezia.cas_usage.models import Metier
from osezia.cas_usage.selectors import usages_du_secteur
from osezia.comptes.services import organisation_de
from osezia.organisations.enums import TypeOrganisation
from osezia.recommandation.services import connaissance_courante
from osezia.referentiels.enums import NiveauNAF
from osezia.referentiels.models import SecteurNAF
from osezia.referentiels.selectors import chercher_naf, code_naf_exact

CLE_TAILLE = "osezia_taille"
NOMBRE_POUR_COMMENCER = 6


def liste(request):
    texte = request.GET.get("q", "")[:100]
    code = code_naf_exact(texte)
    if code and not request.htmx:
        # Un code exact saisi (« 10.71C », « 1071c ») ouvre la page du secteur ; la saisie au fil de l'eau
        # (htmx) ne redirige pas, elle propose le code en tête.
        return redirect("secteurs:detail", code=code)
    resultats = chercher_naf(texte, limite=30) if texte else []
    contexte = {
        "titre_page": "L'IA dans mon secteur",
        "fil_ariane": [("L'IA dans mon secteur", None)],
        "texte": texte,
        "resultats": resultats,
        "sections": SecteurNAF.objects.sections(),
    }
    if request.htmx:
        return render(request, "secteurs/_suggestions.html", contexte)
    return render(request, "secteurs/liste.html", contexte)


def suggestions_naf(request):
    """Sous-classes NAF proposées dans le formulaire d'organisation (fragment htmx)."""
    texte = request.GET.get("q", "")[:100]
    champ = request.GET.get("champ", "id_naf")
    if not re.fullmatch(r"id_[a-z_-]{1,40}", champ):
        champ = "id_naf"
    resultats = chercher_naf(texte, niveaux=[NiveauNAF.SOUS_CLASSE], limite=12) if texte else []
    return render(request, "secteurs/_choix_naf.html", {"texte": texte, "resultats": resultats, "champ": champ})


def taille_du_visiteur(request):
    """(taille, formulaire) : la taille choisie sur la page (retenue pour la suite de la visite), sinon celle
    déjà retenue, sinon celle de l'entreprise du compte connecté."""
    formulaire = FiltreTaille(request.GET if "taille" in request.GET else None)
    if formulaire.is_bound and formulaire.is_valid():
        taille = formulaire.cleaned_data["taille"] or None
        if taille:
            request.session[CLE_TAILLE] = taille
        else:
            request.session.pop(CLE_TAILLE, None)
        return taille, formulaire
    taille = request.session.get(CLE_TAILLE)
    if taille not in TAILLES and request.user.is_authenticated:
        organisation = organisation_de(request.user)
        if organisation is not None and organisation.type == TypeOrganisation.ENTREPRISE:
            taille = organisation.categorie_taille
    return (taille if taille in TAILLES else None), formulaire


def explication_taille(usages, taille):
    """Ce que change la taille choisie, en une ou deux phrases."""
    if not taille:
        return ""
    phrase = (
        f"Pour une entreprise de {LIBELLES_TAILLE_COURTS[taille]}, la liste commence par les usages les plus "
        f"répandus {usages.connaissance.locution} et les plus simples à démarrer (effort, coût de la première année)."
    )
    sous_conditions, inadaptes = len(usages.sous_conditions), len(usages.inadaptes)
    morceaux = []
    if sous_conditions:
        pluriel = "s" if sous_conditions > 1 else ""
        morceaux.append(f"{sous_conditions} usage{pluriel} possible{pluriel} sous condition")
    if inadaptes:
        morceaux.append(f"{inadaptes} qui ne convien{'nent' if inadaptes > 1 else 't'} pas à cette taille")
    if morceaux:
        phrase += f" En fin de page, avec la raison : {' et '.join(morceaux)}."
    return phrase


def detail(request, code):
    secteur = SecteurNAF.objects.select_related("parent", "division", "section").filter(code=code.upper()).first()
    if secteur is None:
        exact = code_naf_exact(code)
        if exact:
            return redirect("secteurs:detail", code=exact)
        raise Http404("Code NAF inconnu.")
    taille, formulaire = taille_du_visiteur(request)
    usages = usages_du_secteur(secteur, connaissance_courante(), taille=taille)
    ancetres = []
    parent = secteur.parent
    while parent is not None:
        ancetres.insert(0, parent)
        parent = parent.parent
    fil = [("L'IA dans mon secteur", reverse("secteurs:liste"))]
    fil += [(a.libelle_lisible, reverse("secteurs:detail", args=[a.code])) for a in ancetres]
    fil.append((secteur.libelle_lisible, None))
    filtre_secteur = secteur.code if secteur.niveau == NiveauNAF.SECTION else secteur.division_id
    metier = Metier.objects.filter(slug=usages.connaissance.metier).first() if usages.connaissance.metier else None
    adaptes = usages.adaptes
    return render(
        request,
        "secteurs/detail.html",
        {
            "titre_page": f"L'IA dans le secteur : {secteur.libelle_lisible}",
            "fil_ariane": fil,
            "secteur": secteur,
            "ancetres": ancetres,
            "enfants": secteur.enfants.order_by("code"),
            "usages": usages,
            "metier": metier,
            "taille": taille,
            "explication_taille": explication_taille(usages, taille),
            "choix_taille": CHOIX_TAILLE,
            "erreur_taille": " ".join(formulaire.errors.get("taille", [])) if formulaire.is_bound else "",
            "pour_commencer": adaptes[:NOMBRE_POUR_COMMENCER] if taille else [],
            "aussi_adaptes": adaptes[NOMBRE_POUR_COMMENCER:] if taille else [],
            "prioritaires": [] if taille else [u for u in adaptes if u.force == 3],
            "frequents": [] if taille else [u for u in adaptes if u.force == 2],
            "utiles": [] if taille else [u for u in adaptes if u.force == 1],
            "filtre_secteur": filtre_secteur,
        },
    )


app_name = "secteurs"
urlpatterns = [
    path("", liste, name="liste"),
    path("suggestions-naf/", suggestions_naf, name="suggestions_naf"),
    path("<str:code>/", detail, name="detail"),
]
