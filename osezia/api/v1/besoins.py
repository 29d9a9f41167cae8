"""API de la mise en relation : les besoins d'une entreprise (création, lecture avec les propositions, envoi avec
consentement) et les demandes reçues par un fournisseur. Mêmes services et mêmes droits que les pages
(`relations.services`, `relations.droits`) ; session + CSRF ou jeton personnel.

Codes : 422 pour un champ invalide en lui-même (type, borne, valeur hors liste, consentement absent ou faux) ; 409
quand la demande contredit les règles ou l'état du besoin (intervention sur place sans région, cas d'usage, région,
recommandation ou projet inconnus, besoin déjà envoyé, aucun fournisseur à qui l'envoyer) ; 403 pour un compte qui
n'est pas du bon côté ; 404 pour un besoin ou une demande qui n'est pas le sien."""

from datetime import date, datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import StrictBool

from osezia.api.v1.authentification import AUTHENTIFICATION
from osezia.api.v1.corps import CorpsJSON
from osezia.api.v1.erreurs import verifier_parametres
from osezia.api.v1.openapi import valeurs_en_base
from osezia.api.v1.schemas import erreurs
from osezia.api.v1.types import TEXTE_UTILE, Date, Identifiant, SchemaStrict
from osezia.cas_usage.models import CasUsage
from osezia.catalogue.enums import Certification, Langue
from osezia.comptes.services import organisation_de
from osezia.diagnostic.models import Diagnostic, Recommandation
from osezia.organisations.enums import TypeOrganisation
from osezia.projets.models import Projet
from osezia.referentiels.models import Region
from osezia.relations import droits, services
from osezia.relations.enums import Budget, ChampVisible, HebergementExige, OrigineBesoin
from osezia.relations.models import Besoin, MiseEnRelation

besoins = Router(tags=["Mise en relation"])
demandes = Router(tags=["Mise en relation"])


class BesoinEcriture(SchemaStrict):
    cas_usage: str = Field(description="identifiant du cas d'usage", json_schema_extra=valeurs_en_base("cas"))
    description: str = Field(
        max_length=3000, pattern=TEXTE_UTILE, description="ce que vous voulez faire, avec quels outils aujourd'hui"
    )
    origine: Literal[tuple(OrigineBesoin.values)] = "libre"
    recommandation: Identifiant | None = Field(None, description="avec l'origine « recommandation »")
    projet: Identifiant | None = Field(None, description="avec l'origine « projet »")
    budget: Literal[tuple(Budget.values)] = Budget.A_DEFINIR.value
    date_souhaitee: Date | None = None
    hebergement: Literal[tuple(HebergementExige.values)] = HebergementExige.INDIFFERENT.value
    certifications: list[Literal[tuple(Certification.values)]] = Field([], max_length=len(Certification.values))
    sur_site: StrictBool = Field(False, description="installation sur vos propres serveurs")
    langues: list[Literal[tuple(Langue.values)]] = Field([], max_length=len(Langue.values))
    intervention_sur_place: StrictBool = Field(False, description="avec la région d'intervention")
    region: str | None = Field(
        None, description="code INSEE de la région", json_schema_extra=valeurs_en_base("regions")
    )


class EnvoiEntree(SchemaStrict):
    champs_visibles: list[Literal[tuple(ChampVisible.values)]] = Field(
        max_length=len(ChampVisible.values),
        description="ce que verront les fournisseurs, en plus de la description et du cas d'usage",
    )
    consentement: Literal[True] = Field(
        description="true : vous acceptez que ces informations soient envoyées aux fournisseurs"
    )


class PropositionSortie(Schema):
    id: int
    rang: int | None
    statut: str
    fournisseur: str
    solution: int | None
    solution_nom: str
    score: float | None
    pourquoi: list[str] = Field(description="ce qui convient")
    ne_convient_pas: list[str] = Field(description="ce qui ne convient pas")
    a_verifier: list[str] = Field(description="ce que la fiche ne dit pas et qui reste à vérifier")


class BesoinResume(Schema):
    id: int
    cas_usage: str
    cas_usage_titre: str
    statut: str
    origine: str
    cree_le: datetime
    url: str


class BesoinDetail(BesoinResume):
    description: str
    budget: str
    date_souhaitee: date | None
    hebergement: str
    certifications: list[str]
    sur_site: bool
    langues: list[str]
    intervention_sur_place: bool
    region: str | None
    champs_visibles: list[str]
    consentement_le: datetime | None
    propositions: list[PropositionSortie]


class Contact(Schema):
    nom: str
    email: str


class DemandeSortie(Schema):
    """Une demande reçue : la description et le cas d'usage, et les seuls champs que l'entreprise a choisi de
    montrer (`champs_visibles`) ; un champ non montré vaut null."""

    id: int
    statut: str
    envoyee_le: datetime | None
    cas_usage: str | None
    cas_usage_titre: str | None
    description: str | None
    champs_visibles: list[str]
    entreprise: str | None
    secteur: str | None = Field(description="code NAF")
    taille: str | None
    region: str | None
    budget: str | None
    date_souhaitee: date | None
    contact: Contact | None


def _conflit(erreur):
    if isinstance(erreur, PermissionDenied):
        raise HttpError(403, str(erreur) or "Vous ne pouvez pas faire cela sur ce besoin.")
    champs = erreur.message_dict if hasattr(erreur, "error_dict") else None
    return Status(409, {"detail": " ".join(erreur.messages), "erreurs": champs})


def _entreprise(request):
    organisation = organisation_de(request.user)
    if organisation is None or organisation.type != TypeOrganisation.ENTREPRISE:
        raise HttpError(403, "Les besoins sont ceux d'une entreprise : renseignez d'abord votre entreprise.")
    return organisation


def _fournisseur(request):
    organisation = organisation_de(request.user)
    if organisation is None or organisation.type != TypeOrganisation.FOURNISSEUR:
        raise HttpError(403, "Les demandes reçues sont celles d'un fournisseur : ce compte n'en est pas un.")
    return organisation


def _besoin(request, pk):
    besoin = get_object_or_404(Besoin.objects.select_related("cas_usage", "entreprise"), pk=pk)
    if not droits.peut_gerer_besoin(request.user, besoin):
        raise HttpError(404, "Ressource introuvable.")
    return besoin


def _resume(request, b):
    return {
        "id": b.pk,
        "cas_usage": b.cas_usage.slug,
        "cas_usage_titre": b.cas_usage.titre,
        "statut": b.statut,
        "origine": b.origine,
        "cree_le": b.cree_le,
        "url": request.build_absolute_uri(f"/api/v1/besoins/{b.pk}"),
    }


def _proposition(r):
    explication = r.explication or {}
    return {
        "id": r.pk,
        "rang": r.rang,
        "statut": r.statut,
        "fournisseur": r.fournisseur.nom,
        "solution": r.solution_id,
        "solution_nom": explication.get("solution_nom") or (r.solution.nom if r.solution else ""),
        "score": r.score,
        "pourquoi": list(explication.get("pourquoi", [])),
        "ne_convient_pas": list(explication.get("ne_convient_pas", [])),
        "a_verifier": list(explication.get("a_verifier", [])),
    }


def _detail(request, b):
    relations = b.relations.select_related("fournisseur", "solution").order_by("rang", "pk")
    return {
        **_resume(request, b),
        "description": b.description,
        "budget": b.budget,
        "date_souhaitee": b.date_souhaitee,
        "hebergement": b.hebergement,
        "certifications": list(b.certifications),
        "sur_site": b.sur_site,
        "langues": list(b.langues),
        "intervention_sur_place": b.intervention_sur_place,
        "region": b.region_id,
        "champs_visibles": list(b.champs_visibles),
        "consentement_le": b.consentement_le,
        "propositions": [_proposition(r) for r in relations],
    }


def _references(entreprise, champs, utilisateur):
    """Les objets désignés par leurs identifiants ; ValidationError (409) pour un identifiant inconnu."""
    cas = CasUsage.objects.publies().filter(slug=champs["cas_usage"]).first()
    if cas is None:
        raise ValidationError({"cas_usage": "Cas d'usage inconnu."})
    champs["cas_usage"] = cas
    code_region, champs["region"] = champs["region"], None
    if code_region:
        region = Region.objects.filter(code=code_region).first()
        if region is None:
            raise ValidationError({"region": "Région inconnue (code INSEE attendu, par exemple 84)."})
        champs["region"] = region
    if champs.get("recommandation") is not None:
        recommandation = Recommandation.objects.filter(
            pk=champs["recommandation"],
            diagnostic__in=Diagnostic.objects.visibles_par(utilisateur).filter(entreprise=entreprise),
        ).first()
        if recommandation is None:
            raise ValidationError({"recommandation": "Recommandation inconnue pour cette entreprise."})
        champs["recommandation"] = recommandation
    if champs.get("projet") is not None:
        projet = Projet.objects.filter(pk=champs["projet"], entreprise=entreprise).first()
        if projet is None:
            raise ValidationError({"projet": "Projet inconnu pour cette entreprise."})
        champs["projet"] = projet
    return champs


@besoins.get(
    "/", response={200: list[BesoinResume], **erreurs(400, 401, 403)}, auth=AUTHENTIFICATION, summary="Mes besoins"
)
def liste(request):
    verifier_parametres(request, [])
    entreprise = _entreprise(request)
    return [_resume(request, b) for b in Besoin.objects.filter(entreprise=entreprise).select_related("cas_usage")[:500]]


@besoins.post(
    "/",
    response={201: BesoinDetail, **erreurs(400, 401, 403, 409, 415, 422)},
    auth=AUTHENTIFICATION,
    summary="Exprimer un besoin",
    description="Le besoin est enregistré en brouillon avec la liste des fournisseurs proposés (et pourquoi) ; rien "
    "n'est envoyé avant POST /besoins/{id}/envoyer.",
)
def creer(request, donnees: Annotated[BesoinEcriture, CorpsJSON(...)]):
    entreprise = _entreprise(request)
    champs = donnees.model_dump()
    try:
        with transaction.atomic():
            champs = _references(entreprise, champs, request.user)
            besoin = services.creer_besoin(entreprise=entreprise, par=request.user, **champs)
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    return Status(201, _detail(request, besoin))


@besoins.get(
    "/{int:pk}",
    response={200: BesoinDetail, **erreurs(400, 401, 404)},
    auth=AUTHENTIFICATION,
    summary="Un besoin et ses propositions",
)
def detail(request, pk: int):
    verifier_parametres(request, [])
    return _detail(request, _besoin(request, pk))


@besoins.post(
    "/{int:pk}/envoyer",
    response={200: BesoinDetail, **erreurs(400, 401, 403, 404, 409, 415, 422)},
    auth=AUTHENTIFICATION,
    summary="Envoyer un besoin aux fournisseurs",
    description="Avec votre consentement (consentement: true) et les informations que verront les fournisseurs. "
    "Le premier lot part ; les suivants partent si trop peu de fournisseurs répondent.",
)
def envoyer(request, pk: int, donnees: Annotated[EnvoiEntree, CorpsJSON(...)]):
    besoin = _besoin(request, pk)
    try:
        services.envoyer(besoin=besoin, par=request.user, champs_visibles=list(dict.fromkeys(donnees.champs_visibles)),
                         consentement=donnees.consentement)  # fmt: skip
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    return _detail(request, Besoin.objects.select_related("cas_usage").get(pk=besoin.pk))


def _demande(r):
    besoin = r.besoin
    montre = besoin.montre if besoin else (lambda champ: False)
    entreprise = r.entreprise
    contact = besoin.cree_par if besoin and montre(ChampVisible.CONTACT) else None
    return {
        "id": r.pk,
        "statut": r.statut,
        "envoyee_le": r.envoyee_le,
        "cas_usage": besoin.cas_usage.slug if besoin else None,
        "cas_usage_titre": besoin.cas_usage.titre if besoin else None,
        "description": besoin.description if besoin else None,
        "champs_visibles": list(besoin.champs_visibles) if besoin else [],
        "entreprise": entreprise.nom if montre(ChampVisible.NOM) else None,
        "secteur": entreprise.naf_id if montre(ChampVisible.SECTEUR) else None,
        "taille": entreprise.categorie_taille if montre(ChampVisible.TAILLE) else None,
        "region": entreprise.region_id if montre(ChampVisible.REGION) else None,
        "budget": besoin.budget if montre(ChampVisible.BUDGET) else None,
        "date_souhaitee": besoin.date_souhaitee if montre(ChampVisible.DATE) else None,
        "contact": {"nom": contact.nom_affiche, "email": contact.email} if contact else None,
    }


def _demandes_de(request):
    return (
        MiseEnRelation.objects.recues_par(_fournisseur(request))
        .select_related("entreprise", "besoin__cas_usage", "besoin__cree_par")
        .order_by("-envoyee_le", "-pk")
    )


@demandes.get(
    "/",
    response={200: list[DemandeSortie], **erreurs(400, 401, 403)},
    auth=AUTHENTIFICATION,
    summary="Demandes reçues (fournisseur)",
    description="Les demandes envoyées à votre organisation, les plus récentes d'abord ; seuls les champs que "
    "l'entreprise a choisi de montrer sont remplis.",
)
def liste_demandes(request):
    verifier_parametres(request, [])
    return [_demande(r) for r in _demandes_de(request)[:500]]


@demandes.get(
    "/{int:pk}",
    response={200: DemandeSortie, **erreurs(400, 401, 403, 404)},
    auth=AUTHENTIFICATION,
    summary="Une demande reçue (fournisseur)",
)
def demande(request, pk: int):
    verifier_parametres(request, [])
    return _demande(get_object_or_404(_demandes_de(request), pk=pk))
