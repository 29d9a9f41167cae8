"""API des diagnostics : recommandations sans compte (rien n'est enregistré) et diagnostics de l'utilisateur."""

import re
from datetime import datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict, create_model, field_validator

from osezia.api.v1.authentification import AUTHENTIFICATION
from osezia.api.v1.corps import CorpsJSON
from osezia.api.v1.erreurs import limiter, verifier_parametres
from osezia.api.v1.openapi import valeurs_en_base
from osezia.api.v1.schemas import Erreur, erreurs
from osezia.api.v1.types import Montant, SchemaStrict, entier, nombre
from osezia.cas_usage.models import CasUsage
from osezia.comptes.services import organisation_de
from osezia.diagnostic import pdf as pdf_du_rapport
from osezia.diagnostic import questionnaire as q
from osezia.diagnostic import services
from osezia.diagnostic.enums import StatutFichierPDF, niveau_maturite
from osezia.diagnostic.models import Diagnostic
from osezia.diagnostic.rapport import construire
from osezia.financement import selectors as financement
from osezia.organisations.enums import EFFECTIF_MAX, TypeOrganisation
from osezia.recommandation.moteur import LONGUEUR_TEXTE_MAX, Profil
from osezia.recommandation.profils import categorie_du_profil
from osezia.recommandation.services import recommander
from osezia.referentiels.enums import NiveauNAF
from osezia.referentiels.models import Region, SecteurNAF
from osezia.utils import dates

router = Router(tags=["Diagnostics"])
DIMENSIONS = [d.cle for d in q.questionnaire().dimensions]
# Un texte « utile » a un caractère autre qu'une espace ASCII : même règle pour le serveur et pour le schéma.
CARACTERE_UTILE = "[^\\t\\n\\v\\f\\r ]"


def texte_utile(texte):
    return re.search(CARACTERE_UTILE, texte) is not None


Maturite = create_model(
    "Maturite",
    __base__=SchemaStrict,
    **{d: (nombre(ge=0, le=100, description="score de 0 à 100") | None, None) for d in DIMENSIONS},
)


class ProfilEntree(SchemaStrict):
    model_config = ConfigDict(
        extra="forbid",
        # Sans texte ni code NAF, rien à recommander (400) : le schéma le dit aussi.
        json_schema_extra={
            "anyOf": [
                {"required": ["description"], "properties": {"description": {"pattern": CARACTERE_UTILE}}},
                {"required": ["besoins"], "properties": {"besoins": {"pattern": CARACTERE_UTILE}}},
                {"required": ["naf"], "properties": {"naf": {"minLength": 1}}},
            ]
        },
    )

    id: str | int | None = Field(
        None, description="Identifiant libre, rendu tel quel (celui des lignes JSON de `manage.py recommander`)"
    )
    naf: str = Field(
        "",
        description="Code NAF : sous-classe (47.11F) ou division (47)",
        json_schema_extra=valeurs_en_base("naf", vide_permis=True),
    )
    effectif: entier(ge=0, le=EFFECTIF_MAX) | None = None
    chiffre_affaires: Montant | None = None
    region: str = Field(
        "",
        description="Code de région du COG 2024, ex. 84",
        json_schema_extra=valeurs_en_base("regions", vide_permis=True),
    )
    description: str = Field("", max_length=LONGUEUR_TEXTE_MAX, description="Décrivez votre activité")
    besoins: str = Field(
        "", max_length=LONGUEUR_TEXTE_MAX, description="Ce qui vous fait perdre du temps ou de l'argent"
    )
    maturite: Maturite | None = Field(None, description="Scores 0-100 par dimension")
    top: entier(ge=1, le=45, description="Nombre de recommandations (1 à 45)") = 5

    @field_validator("id", mode="before")
    @classmethod
    def id_simple(cls, valeur):
        if valeur is not None and (isinstance(valeur, bool) or not isinstance(valeur, str | int)):
            raise ValueError("L'identifiant « id » est un texte ou un nombre entier.")
        return valeur

    @field_validator("naf")
    @classmethod
    def naf_connu(cls, valeur):
        valeur = valeur.strip().upper()
        if (
            valeur
            and not SecteurNAF.objects.filter(
                code=valeur, niveau__in=[NiveauNAF.SOUS_CLASSE, NiveauNAF.DIVISION]
            ).exists()
        ):
            raise ValueError(f"Code NAF inconnu : « {valeur} » (sous-classe comme 47.11F, ou division comme 47).")
        return valeur

    @field_validator("region")
    @classmethod
    def region_connue(cls, valeur):
        if valeur and not Region.objects.filter(code=valeur).exists():
            raise ValueError(f"Région inconnue : « {valeur} » (code du COG 2024, ex. 84).")
        return valeur


class RaisonSortie(Schema):
    nature: str = Field(description="citation, secteur, taille, maturite ou general")
    texte: str
    marques: list[list[int]] = Field(
        description="(début, fin) dans `texte` des mots de l'entreprise qui ont fait choisir l'usage"
    )


class ResteACharge(Schema):
    cout: str
    minimum: int
    maximum: int | None
    confirme: bool


class ResteReference(Schema):
    cout_reference: int = Field(description="coût de référence de la prestation (un diagnostic, par exemple), en €")
    reste: int = Field(description="ce qui resterait à payer sur ce coût, aide déduite, en €")
    confirme: bool = Field(description="faux si le taux, le plafond ou le coût vient d'une source non relue")


class Financement(Schema):
    dispositif: str
    statut: str = Field(description="eligible, a_verifier, ferme, non_eligible ou non_adapte")
    raisons: list[str]
    reste_a_charge: ResteACharge | None = Field(description="pour un projet : reste à payer sur sa tranche de coût")
    reste_sur_cout_de_reference: ResteReference | None = Field(
        None, description="pour une prestation au coût de référence connu (diagnostic) : ce qui resterait à payer"
    )


class RecommandationSortie(Schema):
    cas_usage: str
    titre: str
    score: float
    raisons: list[str]
    raisons_detaillees: list[RaisonSortie]
    horizon: str
    adequation_taille: str = Field(description="adaptee, sous-conditions ou inadaptee à la taille de l'entreprise")
    url: str
    financements: list[Financement]


class ReponseRecommandations(Schema):
    id: str | int | None
    recommandations: list[RecommandationSortie]
    financements_generaux: list[Financement]


@router.post(
    "/recommandations",
    response={200: ReponseRecommandations, **erreurs(400, 415, 422, 429)},
    auth=None,
    summary="Recommandations pour un profil d'entreprise (sans compte, rien n'est enregistré)",
)
def recommandations(request, profil: Annotated[ProfilEntree, CorpsJSON(...)]):
    limiter(request, "recommandations_anonymes")
    verifier_parametres(request, [])
    if not (texte_utile(profil.description) or texte_utile(profil.besoins) or profil.naf):
        raise HttpError(
            400, "Décrivez l'activité ou les besoins, ou donnez un code NAF : sans cela, rien à recommander."
        )
    resultats = recommander(
        Profil(
            naf=profil.naf,
            effectif=profil.effectif,
            chiffre_affaires=profil.chiffre_affaires,
            region=profil.region,
            description=profil.description,
            besoins=profil.besoins,
            maturite=profil.maturite.model_dump(exclude_none=True) if profil.maturite else {},
            categorie=categorie_du_profil(profil.effectif, profil.chiffre_affaires),
        ),
        top=profil.top,
    )
    # Les statuts de financement sortent du même code que le rapport (financement.selectors).
    aujourdhui, dispositifs = dates.aujourdhui(), financement.dispositifs_actifs()
    entreprise = financement.entreprise_du_profil(
        naf=profil.naf, effectif=profil.effectif, chiffre_affaires=profil.chiffre_affaires, region=profil.region
    )
    cas = CasUsage.objects.in_bulk([r.cas_usage for r in resultats], field_name="slug")
    return {
        "id": profil.id,
        "recommandations": [
            {
                "cas_usage": r.cas_usage,
                "titre": r.titre,
                "score": r.score,
                "raisons": r.textes_raisons,
                "raisons_detaillees": [raison.en_dict() for raison in r.raisons],
                "horizon": r.horizon,
                "adequation_taille": r.adequation,
                "url": request.build_absolute_uri(f"/cas-usage/{r.cas_usage}/"),
                "financements": [
                    financement.en_donnees(e)
                    for e in financement.financements_du_projet(
                        dispositifs=dispositifs, entreprise=entreprise, cas=cas[r.cas_usage], aujourdhui=aujourdhui
                    )
                ],
            }
            for r in resultats
        ],
        "financements_generaux": [
            financement.en_donnees(e)
            for e in financement.financements_generaux(
                dispositifs=dispositifs, entreprise=entreprise, aujourdhui=aujourdhui
            )
        ],
    }


class DiagnosticResume(Schema):
    id: int
    entreprise: str
    numero: int
    statut: str
    score_global: float | None
    cree_le: datetime
    url: str


class DiagnosticDetail(DiagnosticResume):
    naf: str | None
    effectif: int | None
    chiffre_affaires: int | None
    region: str | None
    categorie_taille: str
    description: str
    besoins: str
    reponses: dict
    questions_sans_reponse: list[str]
    scores: dict
    niveau: str | None
    recommandations: list[dict]
    rapport_pdf: str | None


def _champ_reponse(question):
    cles = Literal[tuple(c.cle for c in question.choix)]
    type_reponse = list[cles] if question.type == "multiple" else cles
    return type_reponse | None, Field(None, description=question.texte)


# Chaque question du questionnaire, avec ses choix : une question inconnue ou un choix invalide est un 422.
Reponses = create_model(
    "Reponses",
    __base__=SchemaStrict,
    **{cle: _champ_reponse(question) for cle, question in q.questionnaire().questions.items()},
)


class DiagnosticEcriture(SchemaStrict):
    description: str | None = Field(None, max_length=LONGUEUR_TEXTE_MAX)
    besoins: str | None = Field(None, max_length=LONGUEUR_TEXTE_MAX)
    reponses: Reponses | None = Field(
        None, description="{clé de question: clé de choix, ou liste de clés pour une question à cases}"
    )


class ConflitBrouillon(Erreur):
    diagnostic_en_cours: DiagnosticResume = Field(description="le diagnostic en cours de saisie, à compléter")


def _resume(request, d):
    return {
        "id": d.pk,
        "entreprise": d.entreprise.nom,
        "numero": d.numero,
        "statut": d.statut,
        "score_global": d.score_global,
        "cree_le": d.cree_le,
        "url": request.build_absolute_uri(f"/api/v1/diagnostics/{d.pk}"),
    }


def _detail(request, d):
    rapport = (
        construire(d, vue_conseiller=request.user.est_conseiller or request.user.est_pilote) if d.est_termine else None
    )
    return {
        **_resume(request, d),
        "naf": d.naf_id,
        "effectif": d.effectif,
        "chiffre_affaires": d.chiffre_affaires,
        "region": d.region_id,
        "categorie_taille": d.categorie_taille,
        "description": d.description,
        "besoins": d.besoins,
        "reponses": d.reponses,
        "questions_sans_reponse": services.questions_sans_reponse(d),
        "scores": d.scores,
        "niveau": niveau_maturite(d.score_global),
        "recommandations": [
            {
                "cas_usage": ligne.cas.slug,
                "titre": ligne.cas.titre,
                "horizon": ligne.horizon,
                "raisons": [raison.texte for raison in ligne.raisons],
                "ai_act": ligne.ai_act["code"],
                "rgpd": ligne.rgpd["code"],
                "motif_conseiller": ligne.motif_conseiller,
            }
            for ligne in (rapport.recommandations if rapport else [])
        ],
        "rapport_pdf": request.build_absolute_uri(f"/api/v1/diagnostics/{d.pk}/rapport.pdf") if rapport else None,
    }


def _ecrire(request, diagnostic, donnees):
    reponses = donnees.reponses.model_dump(exclude_none=True) if donnees.reponses else {}
    try:
        with transaction.atomic():
            if donnees.description is not None or donnees.besoins is not None:
                services.enregistrer_profil(
                    diagnostic=diagnostic,
                    utilisateur=request.user,
                    organisation=diagnostic.entreprise,
                    description=donnees.description if donnees.description is not None else diagnostic.description,
                    besoins=donnees.besoins if donnees.besoins is not None else diagnostic.besoins,
                )
            if reponses:
                diagnostic = services.enregistrer_reponses(
                    diagnostic=diagnostic, utilisateur=request.user, reponses=reponses
                )
            if not services.questions_sans_reponse(diagnostic):
                services.terminer(diagnostic=diagnostic, utilisateur=request.user)
    except PermissionDenied as erreur:
        raise HttpError(403, str(erreur) or "Vous ne pouvez pas modifier ce diagnostic.")
    except ValidationError as erreur:
        raise HttpError(400, " ".join(erreur.messages))
    diagnostic.refresh_from_db()
    return diagnostic


@router.get(
    "/", response={200: list[DiagnosticResume], **erreurs(400, 401)}, auth=AUTHENTIFICATION, summary="Mes diagnostics"
)
def liste(request):
    verifier_parametres(request, [])
    return [_resume(request, d) for d in Diagnostic.objects.visibles_par(request.user).select_related("entreprise")]


@router.post(
    "/",
    response={201: DiagnosticDetail, 409: ConflitBrouillon, **erreurs(400, 401, 403, 415, 422)},
    auth=AUTHENTIFICATION,
    summary="Commencer un diagnostic",
    description=(
        "Une entreprise n'a qu'un diagnostic en cours de saisie à la fois, comme sur le site : s'il en existe un, "
        "rien n'est créé ni modifié et la réponse est 409, avec ce diagnostic dans `diagnostic_en_cours` ; "
        "complétez-le par PATCH à son adresse."
    ),
)
def creer(request, donnees: Annotated[DiagnosticEcriture, CorpsJSON(...)]):
    organisation = organisation_de(request.user)
    if not request.user.est_entreprise or organisation is None or organisation.type != TypeOrganisation.ENTREPRISE:
        raise HttpError(
            400, "Renseignez d'abord votre entreprise (SIREN, NAF, effectif) sur le site : le diagnostic s'y rattache."
        )
    try:
        with transaction.atomic():
            diagnostic = services.demarrer(utilisateur=request.user, entreprise=organisation)
            diagnostic = _ecrire(request, diagnostic, donnees)
    except services.BrouillonEnCours as conflit:
        return Status(
            409,
            {
                "detail": f"{conflit.messages[0]} Complétez-le par PATCH /api/v1/diagnostics/{conflit.brouillon.pk}.",
                "diagnostic_en_cours": _resume(request, conflit.brouillon),
            },
        )
    return Status(201, _detail(request, diagnostic))


def _diagnostic(request, pk):
    return get_object_or_404(Diagnostic.objects.visibles_par(request.user).select_related("entreprise", "naf"), pk=pk)


@router.get(
    "/{int:pk}",
    response={200: DiagnosticDetail, **erreurs(400, 401, 404)},
    auth=AUTHENTIFICATION,
    summary="Un diagnostic",
)
def detail(request, pk: int):
    verifier_parametres(request, [])
    return _detail(request, _diagnostic(request, pk))


@router.patch(
    "/{int:pk}",
    response={200: DiagnosticDetail, **erreurs(400, 401, 403, 404, 415, 422)},
    auth=AUTHENTIFICATION,
    summary="Compléter un diagnostic",
)
def modifier(request, pk: int, donnees: Annotated[DiagnosticEcriture, CorpsJSON(...)]):
    diagnostic = _diagnostic(request, pk)
    if not services.peut_modifier(request.user, diagnostic):
        raise HttpError(403, "Ce diagnostic ne se modifie plus (validé) ou ne vous est pas confié.")
    return _detail(request, _ecrire(request, diagnostic, donnees))


@router.get(
    "/{int:pk}/rapport.pdf",
    response={200: None, 202: Erreur, **erreurs(400, 401, 404, 503)},
    auth=AUTHENTIFICATION,
    summary="Le rapport en PDF",
    description=(
        "Le PDF est rendu par une tâche de fond, une fois par version du rapport. S'il n'est pas encore prêt : "
        "202 avec l'en-tête Retry-After (secondes) ; redemandez la même adresse. 503 si le rendu a échoué "
        "(la demande suivante le relance)."
    ),
    openapi_extra={"responses": {200: {"content": {"application/pdf": {"schema": {"type": "string"}}}}}},
)
def pdf(request, pk: int):
    verifier_parametres(request, [])
    diagnostic = _diagnostic(request, pk)
    if not diagnostic.est_termine:
        raise HttpError(404, "Le rapport n'existe pas encore : toutes les questions n'ont pas de réponse.")
    fichier = pdf_du_rapport.demander(
        diagnostic=diagnostic, vue_conseiller=request.user.est_conseiller or request.user.est_pilote
    )
    if fichier.statut == StatutFichierPDF.ECHEC:
        raise HttpError(503, "La préparation du PDF a échoué ; la prochaine demande la relancera.")
    if fichier.statut != StatutFichierPDF.PRET:
        reponse = JsonResponse(
            {"detail": "Le rapport PDF est en préparation : redemandez-le dans quelques secondes."}, status=202
        )
        reponse["Retry-After"] = "2"
        return reponse
    reponse = HttpResponse(pdf_du_rapport.contenu(fichier), content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="osezia-diagnostic-{diagnostic.pk}.pdf"'
    return reponse
