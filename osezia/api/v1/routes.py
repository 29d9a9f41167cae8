"""Points d'entrée de l'API v1 (lecture publique du référentiel et du catalogue publié)."""

import csv
import io
import json
from functools import lru_cache

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router

from osezia.api.v1 import serialisation as s
from osezia.api.v1.erreurs import ErreurParametres, refuser_valeurs_vides, verifier_parametres
from osezia.api.v1.openapi import valeurs_en_base
from osezia.api.v1.schemas import (
    CasUsageDetail,
    FournisseurDetail,
    ListeCasUsage,
    PageFournisseurs,
    PageRecherche,
    PageSolutions,
    SecteurDetail,
    SecteurNoeud,
    SolutionDetail,
    erreurs,
)
from osezia.cas_usage.connaissance import TAILLES
from osezia.cas_usage.filtres import FiltreTaille
from osezia.cas_usage.models import CasUsage
from osezia.cas_usage.selectors import solutions_du_cas_usage, usages_du_secteur
from osezia.catalogue.filtres import PAR_PAGE as PAR_PAGE_FOURNISSEURS
from osezia.catalogue.filtres import FiltresFournisseurs
from osezia.catalogue.models import Solution
from osezia.catalogue.selectors import solutions_publiees_du_fournisseur
from osezia.organisations.models import Organisation
from osezia.recherche.cartes import absolue
from osezia.recherche.enums import TypeDocument
from osezia.recherche.filtres import FiltresRecherche, erreurs_en_francais
from osezia.recherche.services import rechercher_depuis_formulaire
from osezia.recommandation.services import connaissance_courante
from osezia.referentiels.models import SecteurNAF
from osezia.referentiels.selectors import chercher_naf

# 400 : paramètre inconnu ou invalide, caractère nul ; 404 : fiche inconnue ; 422 : paramètre validé par ninja.
LISTE = erreurs(400)
FICHE = erreurs(400, 404)

cas_usage = Router(tags=["Cas d'usage"])
secteurs = Router(tags=["Secteurs NAF"])
solutions = Router(tags=["Solutions"])
fournisseurs = Router(tags=["Fournisseurs"])
recherche = Router(tags=["Recherche"])
export = Router(tags=["Données ouvertes"])


# Les champs de filtres dont les valeurs permises sont en base : énumérées quand l'OpenAPI est demandé.
VALEURS_DES_FILTRES = {"fonction": "fonctions", "secteur": "secteurs", "cas": "cas", "region": "regions"}


def parametres_openapi(formulaire, exclus=()):
    """Les champs du formulaire de filtres, décrits comme paramètres de requête dans l'OpenAPI (bornes comprises)."""
    parametres = []
    for nom, champ in formulaire.base_fields.items():
        if nom in exclus:
            continue
        multiple = hasattr(champ, "choices") and champ.widget.allow_multiple_selected
        if isinstance(champ, forms.IntegerField):
            schema = {"type": "integer", "minimum": champ.min_value, "maximum": champ.max_value}
        elif nom in VALEURS_DES_FILTRES:
            schema = {"type": "string", **valeurs_en_base(VALEURS_DES_FILTRES[nom])}
        elif isinstance(champ, forms.ChoiceField):
            schema = {"type": "string", "enum": [str(v) for v, _ in champ.choices if v != ""]}
        else:
            schema = {"type": "string", **({"maxLength": champ.max_length} if champ.max_length else {})}
        if multiple:
            schema = {"type": "array", "items": schema}
        parametres.append(
            {
                "name": nom,
                "in": "query",
                "required": False,
                "description": str(champ.help_text or champ.label),
                "schema": schema,
                **({"style": "form", "explode": True} if multiple else {}),
            }
        )
    return parametres


def _formulaire_valide(request, imposes=None):
    refuser_valeurs_vides(request, FiltresRecherche)
    donnees = request.GET.copy()
    if imposes:
        for cle in imposes:
            if cle in donnees:
                raise ErreurParametres({cle: ["Ce paramètre n'est pas accepté ici."]})
        for cle, valeurs in imposes.items():
            donnees.setlist(cle, valeurs)
    formulaire = FiltresRecherche(donnees, refuser_inconnus=True)
    if not formulaire.is_valid():
        raise ErreurParametres(erreurs_en_francais(formulaire))
    return formulaire


@cas_usage.get("/", response={200: ListeCasUsage, **LISTE}, summary="Tous les cas d'usage publiés")
def liste_cas_usage(request):
    verifier_parametres(request, [])
    objets = CasUsage.objects.publies().select_related("fonction").order_by("fonction__ordre", "slug")
    resultats = [s.cas_usage_resume(request, c) for c in objets]
    return {"nombre": len(resultats), "resultats": resultats}


@cas_usage.get("/{slug}", response={200: CasUsageDetail, **FICHE}, summary="Un cas d'usage")
def detail_cas_usage(request, slug: str):
    verifier_parametres(request, [])
    cas = get_object_or_404(CasUsage.objects.publies().select_related("fonction"), slug=slug)
    return s.cas_usage_detail(request, cas, nombre_solutions=solutions_du_cas_usage(cas).count())


@lru_cache(maxsize=1)
def _arbre_naf():
    secteurs = list(SecteurNAF.objects.order_by("code"))
    noeuds = {
        s.code: {"code": s.code, "niveau": s.niveau, "libelle": s.libelle_lisible, "enfants": []} for s in secteurs
    }
    racines = []
    for secteur in secteurs:
        (noeuds[secteur.parent_id]["enfants"] if secteur.parent_id else racines).append(noeuds[secteur.code])
    return racines


@secteurs.get(
    "/",
    response={200: list[SecteurNoeud], **erreurs(400, 422)},
    summary="La NAF rév. 2 en arbre (sections → sous-classes), ou les postes qui correspondent à q",
)
def liste_secteurs(request, q: str = Query("", max_length=100, description="des mots du libellé ou un code")):
    verifier_parametres(request, ["q"])
    if q:
        return [{**r, "enfants": []} for r in chercher_naf(q, limite=50)]
    return _arbre_naf()


@secteurs.get(
    "/{code}",
    response={200: SecteurDetail, **FICHE},
    summary="Un poste NAF et ses cas d'usage, classés pour une taille d'entreprise si elle est donnée",
    openapi_extra={
        "parameters": [
            {
                "name": "taille",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "enum": list(TAILLES)},
                "description": "TPE, PME, ETI ou GE : les usages adaptés à cette taille d'abord",
            }
        ]
    },
)
def detail_secteur(request, code: str):
    verifier_parametres(request, ["taille"])
    refuser_valeurs_vides(request, FiltreTaille)
    formulaire = FiltreTaille(request.GET)
    if not formulaire.is_valid():
        raise ErreurParametres(erreurs_en_francais(formulaire))
    taille = formulaire.cleaned_data["taille"] or None
    secteur = SecteurNAF.objects.filter(code=code.upper()).first()
    if secteur is None:
        raise Http404
    usages = usages_du_secteur(secteur, connaissance_courante(), taille=taille)
    return {
        "code": secteur.code,
        "niveau": secteur.niveau,
        "libelle": secteur.libelle_lisible,
        "parent": secteur.parent_id,
        "division": secteur.division_id,
        "section": secteur.section_id,
        "enfants": [{"code": e.code, "libelle": e.libelle} for e in secteur.enfants.order_by("code")],
        "metier": usages.connaissance.nom_metier or None,
        "taille": taille,
        "cas_usage": [
            {
                "slug": u.cas.slug,
                "titre": u.cas.titre,
                "force": u.force,
                "adequation_taille": u.adequation.statut,
                "condition_ou_raison": u.adequation.texte,
            }
            for u in usages.tous
        ]
        + [
            {"slug": c.slug, "titre": c.titre, "force": 0, "adequation_taille": "adaptee", "condition_ou_raison": ""}
            for c in usages.transverses
        ],
    }


@solutions.get(
    "/",
    response={200: PageSolutions, **LISTE},
    summary="Chercher dans les solutions publiées (mêmes filtres que la page Solutions)",
    openapi_extra={"parameters": parametres_openapi(FiltresRecherche, exclus=("type",))},
)
def liste_solutions(request):
    formulaire = _formulaire_valide(request, imposes={"type": [TypeDocument.SOLUTION]})
    resultats = rechercher_depuis_formulaire(formulaire)
    return {
        "nombre": resultats.total,
        "page": resultats.page,
        "pages": resultats.pages,
        "par_page": resultats.par_page,
        "requete_corrigee": resultats.requete_corrigee,
        "tous_les_mots": resultats.tous_les_mots,
        "resultats": [absolue(request, r.carte) for r in resultats.elements],
        "facettes": s.facettes(resultats),
    }


@solutions.get("/{slug}", response={200: SolutionDetail, **FICHE}, summary="Une solution publiée")
def detail_solution(request, slug: str):
    verifier_parametres(request, [])
    solution = get_object_or_404(
        Solution.objects.publiees().select_related("fournisseur__region").prefetch_related("cas_usage", "secteurs"),
        slug=slug,
    )
    return s.solution_detail(request, solution)


@recherche.get(
    "/",
    response={200: PageRecherche, **LISTE},
    summary="Recherche commune aux cas d'usage et aux solutions",
    openapi_extra={"parameters": parametres_openapi(FiltresRecherche)},
)
def recherche_globale(request):
    resultats = rechercher_depuis_formulaire(_formulaire_valide(request))
    return {
        "nombre": resultats.total,
        "page": resultats.page,
        "pages": resultats.pages,
        "par_page": resultats.par_page,
        "requete_corrigee": resultats.requete_corrigee,
        "tous_les_mots": resultats.tous_les_mots,
        "resultats": [s.resultat_recherche(request, r) for r in resultats.elements],
        "facettes": s.facettes(resultats),
    }


@fournisseurs.get(
    "/",
    response={200: PageFournisseurs, **LISTE},
    summary="Fournisseurs ayant une solution publiée (mêmes filtres que la page Fournisseurs)",
    openapi_extra={"parameters": parametres_openapi(FiltresFournisseurs)},
)
def liste_fournisseurs(request):
    refuser_valeurs_vides(request, FiltresFournisseurs)
    formulaire = FiltresFournisseurs(request.GET, refuser_inconnus=True)
    if not formulaire.is_valid():
        raise ErreurParametres(erreurs_en_francais(formulaire))
    paginateur = Paginator(formulaire.requete(), PAR_PAGE_FOURNISSEURS)
    page = formulaire.cleaned_data.get("page") or 1
    # Au-delà de la dernière page, une page vide, comme /solutions/ et /recherche/.
    elements = paginateur.page(page) if page <= paginateur.num_pages else []
    return {
        "nombre": paginateur.count,
        "page": page,
        "pages": paginateur.num_pages,
        "resultats": [s.fournisseur_resume(request, f) for f in elements],
    }


@fournisseurs.get("/{slug}", response={200: FournisseurDetail, **FICHE}, summary="Un fournisseur")
def detail_fournisseur(request, slug: str):
    verifier_parametres(request, [])
    fournisseur = get_object_or_404(Organisation.objects.fournisseurs().select_related("region"), slug=slug)
    return s.fournisseur_detail(request, fournisseur, solutions_publiees_du_fournisseur(fournisseur))


COLONNES_EXPORT = [
    "slug", "nom", "fournisseur", "fournisseur_siren", "description_courte", "description", "cas_usage", "fonctions",
    "secteurs", "tailles_cibles", "modele_tarifaire", "tranche_prix", "deploiement", "hebergement", "certifications",
    "dpa_rgpd", "role_ai_act", "langues", "site_web", "est_demo", "origine", "source", "source_url", "credit",
    "publiee_le", "url",
]  # fmt: skip


def _lignes_export(request):
    requete = (
        Solution.objects.publiees()
        .select_related("fournisseur")
        .prefetch_related("cas_usage__fonction", "secteurs")
        .order_by("slug")
    )
    for sol in requete.iterator(chunk_size=500):
        cas = list(sol.cas_usage.all())
        yield {
            "slug": sol.slug,
            "nom": sol.nom,
            "fournisseur": sol.fournisseur.nom if sol.fournisseur_id else "",
            "fournisseur_siren": (sol.fournisseur.siren or "") if sol.fournisseur_id else "",
            "description_courte": sol.description_courte,
            "description": sol.description,
            "cas_usage": [c.slug for c in cas],
            "fonctions": sorted({c.fonction_id for c in cas}),
            "secteurs": [d.code for d in sol.secteurs.all()],
            "tailles_cibles": sol.tailles_cibles,
            "modele_tarifaire": sol.modele_tarifaire,
            "tranche_prix": sol.tranche_prix,
            "deploiement": sol.deploiement,
            "hebergement": sol.hebergement,
            "certifications": sol.certifications,
            "dpa_rgpd": sol.dpa_rgpd,
            "role_ai_act": sol.role_ai_act,
            "langues": sol.langues,
            "site_web": sol.site_web,
            "est_demo": sol.est_demo,
            "origine": sol.origine,
            "source": sol.source,
            "source_url": sol.source_url,
            "credit": sol.credit,
            "publiee_le": sol.publiee_le.isoformat() if sol.publiee_le else "",
            "url": request.build_absolute_uri(sol.get_absolute_url()),
        }


LICENCE_EXPORT = (
    "Licence Ouverte 2.0 (etalab-2.0) ; les lignes dont la colonne « credit » est remplie sont réutilisables "
    "selon la licence qui y est indiquée (CC BY 4.0 pour #uneIAparjour). Les lignes « est_demo » sont fictives."
)


# Injection de formules (OWASP « CSV injection ») : une cellule qui commence par l'un de ces caractères serait lue comme
# une formule par un tableur ; une apostrophe en tête la garde comme texte.
DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def cellule_csv(valeur):
    if valeur is None:
        return ""
    if isinstance(valeur, list):
        valeur = ";".join(str(v) for v in valeur)
    if isinstance(valeur, str) and valeur.startswith(DEBUTS_DE_FORMULE):
        return "'" + valeur
    return valeur


def _reponse_fichier(type_contenu, schema):
    return {"responses": {200: {"content": {type_contenu: {"schema": schema}}}}}


@export.get(
    "/solutions.csv",
    response={200: None, **LISTE},
    summary="Catalogue publié, en CSV (UTF-8, séparateur virgule, listes séparées par « ; »)",
    openapi_extra=_reponse_fichier("text/csv", {"type": "string"}),
)
def export_csv(request):
    verifier_parametres(request, [])
    tampon = io.StringIO()
    ecrivain = csv.DictWriter(tampon, fieldnames=COLONNES_EXPORT, lineterminator="\n")
    ecrivain.writeheader()
    for ligne in _lignes_export(request):
        ecrivain.writerow({k: cellule_csv(v) for k, v in ligne.items()})
    reponse = HttpResponse(tampon.getvalue(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = 'attachment; filename="osezia-solutions.csv"'
    return reponse


@export.get(
    "/solutions.json",
    response={200: None, **LISTE},
    summary="Catalogue publié, en JSON",
    openapi_extra=_reponse_fichier("application/json", {"type": "object"}),
)
def export_json(request):
    verifier_parametres(request, [])
    contenu = {
        "titre": "Catalogue des solutions d'IA publiées sur osezia",
        "genere_le": timezone.now().isoformat(),
        "licence": LICENCE_EXPORT,
        "solutions": list(_lignes_export(request)),
    }
    reponse = HttpResponse(json.dumps(contenu, ensure_ascii=False, indent=1), content_type="application/json")
    reponse["Content-Disposition"] = 'attachment; filename="osezia-solutions.json"'
    return reponse
