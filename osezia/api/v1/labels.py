"""API des labels de confiance : le registre public (lecture, JSON et CSV de données ouvertes) ; pour un fournisseur,
ses candidatures (lire, créer, joindre une preuve en multipart, déposer) ; pour un évaluateur (pilote ou structure
déléguée), la décision motivée par critère et le changement de statut d'un label. Mêmes droits (`labels.droits`) et
mêmes services que les pages.

Codes d'erreur : 422 pour un champ invalide en lui-même ; 409 quand la demande contredit l'état ou les données
(preuve au mauvais type ou trop lourde, preuve obligatoire manquante, motivation absente, transition interdite) ;
403 quand l'utilisateur n'a pas le droit ; 404 pour une candidature qu'il ne voit pas."""

import csv
import io
import json
from datetime import date, datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from osezia.api.v1.authentification import AUTHENTIFICATION
from osezia.api.v1.corps import CorpsJSON
from osezia.api.v1.erreurs import verifier_parametres
from osezia.api.v1.projets import TEXTE_UTILE, Identifiant, SchemaStrict
from osezia.api.v1.routes import LISTE, _reponse_fichier, cellule_csv
from osezia.api.v1.schemas import erreurs
from osezia.catalogue.models import Solution
from osezia.labels import droits, selectors, services
from osezia.labels.enums import StatutLabel
from osezia.labels.models import Candidature, Label, RegimeLabel
from osezia.organisations.models import Organisation

router = Router(tags=["Labels de confiance"])

LICENCE = "Licence Ouverte 2.0 (etalab-2.0). Les lignes « est_demo » ou « label_de_demonstration » sont fictives."


class LigneRegistre(Schema):
    id: int
    label: str
    code_label: str
    organisme: str
    label_de_demonstration: bool
    fournisseur: str
    siren_fournisseur: str
    solutions: list[str]
    delivre_le: str
    expire_le: str
    statut: str
    est_demo: bool


class CandidatureEcriture(SchemaStrict):
    fournisseur: Identifiant = Field(description="votre organisation de fournisseur")
    regime: str = Field(max_length=60, pattern=TEXTE_UTILE, description="code du label demandé")
    solutions: list[Identifiant] = Field(
        min_length=1, max_length=200, description="vos solutions que le label couvrira"
    )


class AvisCritere(SchemaStrict):
    satisfait: bool
    motivation: str = Field(max_length=3000)


class DecisionEntree(SchemaStrict):
    avis: dict[Annotated[str, Field(max_length=60)], AvisCritere] = Field(
        description="un avis motivé par critère du label : {code: {satisfait, motivation}}"
    )


class StatutEntree(SchemaStrict):
    vers: Literal[tuple(StatutLabel.values)]
    motif: str = Field(max_length=3000)


class PreuveSortie(Schema):
    id: int
    critere: str
    nom: str
    type_contenu: str
    taille: int
    depose_le: datetime


class DecisionSortie(Schema):
    critere: str
    satisfait: bool
    motivation: str


class CandidatureSortie(Schema):
    id: int
    fournisseur: str
    regime: str
    statut: str
    solutions: list[int]
    deposee_le: datetime | None
    decidee_le: datetime | None
    preuves_manquantes: list[str]
    preuves: list[PreuveSortie]
    decisions: list[DecisionSortie]
    label: int | None


class LabelSortie(Schema):
    id: int
    statut: str
    delivre_le: date
    expire_le: date


def _candidature(c):
    label = Label.objects.filter(candidature=c).values_list("pk", flat=True).first()
    return {
        "id": c.pk,
        "fournisseur": c.fournisseur.nom,
        "regime": c.regime.code,
        "statut": c.statut,
        "solutions": sorted(c.solutions.values_list("pk", flat=True)),
        "deposee_le": c.deposee_le,
        "decidee_le": c.decidee_le,
        "preuves_manquantes": [m["code"] for m in services.preuves_manquantes(c)],
        "preuves": [
            {
                "id": p.pk,
                "critere": p.critere,
                "nom": p.nom,
                "type_contenu": p.type_contenu,
                "taille": p.taille,
                "depose_le": p.depose_le,
            }
            for p in c.preuves.all()
        ],
        "decisions": [
            {"critere": d.critere, "satisfait": d.satisfait, "motivation": d.motivation} for d in c.decisions.all()
        ],
        "label": label,
    }


def _conflit(erreur):
    if isinstance(erreur, PermissionDenied):
        raise HttpError(403, str(erreur) or "Vous ne pouvez pas faire cela.")
    champs = erreur.message_dict if hasattr(erreur, "error_dict") else None
    return Status(409, {"detail": " ".join(erreur.messages), "erreurs": champs})


def _visible(request, pk):
    return get_object_or_404(
        Candidature.objects.visibles_par(request.user).select_related("regime", "fournisseur"), pk=pk
    )


@router.get(
    "/registre.json",
    response={200: None, **LISTE},
    url_name="registre_labels_json",
    summary="Registre public des labels, en JSON",
    openapi_extra=_reponse_fichier("application/json", {"type": "object"}),
)
def registre_json(request):
    verifier_parametres(request, [])
    contenu = {
        "titre": "Registre des labels de confiance vérifiés par osezia",
        "genere_le": timezone.now().isoformat(),
        "licence": LICENCE,
        "labels": [selectors.ligne_registre(label) for label in selectors.registre()],
    }
    reponse = HttpResponse(json.dumps(contenu, ensure_ascii=False, indent=1), content_type="application/json")
    reponse["Content-Disposition"] = 'attachment; filename="osezia-registre-labels.json"'
    return reponse


@router.get(
    "/registre.csv",
    response={200: None, **LISTE},
    url_name="registre_labels_csv",
    summary="Registre public des labels, en CSV (UTF-8, séparateur virgule, solutions séparées par « ; »)",
    openapi_extra=_reponse_fichier("text/csv", {"type": "string"}),
)
def registre_csv(request):
    verifier_parametres(request, [])
    tampon = io.StringIO()
    ecrivain = csv.DictWriter(tampon, fieldnames=selectors.COLONNES_REGISTRE, lineterminator="\n")
    ecrivain.writeheader()
    for label in selectors.registre():
        ecrivain.writerow({k: cellule_csv(v) for k, v in selectors.ligne_registre(label).items()})
    reponse = HttpResponse(tampon.getvalue(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = 'attachment; filename="osezia-registre-labels.csv"'
    return reponse


@router.get("/", response={200: list[LigneRegistre], **LISTE}, summary="Registre public des labels")
def registre(request):
    verifier_parametres(request, [])
    return [selectors.ligne_registre(label) for label in selectors.registre()[:5000]]


@router.get(
    "/candidatures",
    response={200: list[CandidatureSortie], **erreurs(400, 401)},
    auth=AUTHENTIFICATION,
    summary="Candidatures que vous voyez",
    description="Un fournisseur : les siennes ; un évaluateur : les candidatures déposées des labels qu'il évalue.",
)
def candidatures(request):
    verifier_parametres(request, [])
    visibles = Candidature.objects.visibles_par(request.user).select_related("regime", "fournisseur")
    return [_candidature(c) for c in visibles[:500]]


@router.post(
    "/candidatures",
    response={201: CandidatureSortie, **erreurs(400, 401, 403, 409, 415, 422)},
    auth=AUTHENTIFICATION,
    summary="Créer une candidature (brouillon)",
)
def creer(request, donnees: Annotated[CandidatureEcriture, CorpsJSON(...)]):
    fournisseur = Organisation.objects.filter(pk=donnees.fournisseur).first()
    if fournisseur is None or not droits.est_membre(request.user, fournisseur.pk):
        raise HttpError(403, "Seuls les membres d'un fournisseur demandent un label pour lui.")
    regime = RegimeLabel.objects.filter(code=donnees.regime).first()
    if regime is None:
        return Status(409, {"detail": "Label inconnu.", "erreurs": {"regime": ["Label inconnu."]}})
    try:
        c = services.creer_candidature(
            utilisateur=request.user,
            fournisseur=fournisseur,
            regime=regime,
            solutions=Solution.objects.filter(pk__in=donnees.solutions),
        )
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    return Status(201, _candidature(c))


@router.get(
    "/candidatures/{int:pk}",
    response={200: CandidatureSortie, **erreurs(400, 401, 404)},
    auth=AUTHENTIFICATION,
    summary="Une candidature",
)
def candidature(request, pk: int):
    verifier_parametres(request, [])
    return _candidature(_visible(request, pk))


@router.post(
    "/candidatures/{int:pk}/preuves",
    response={201: PreuveSortie, **erreurs(400, 401, 403, 404, 409, 422)},
    auth=AUTHENTIFICATION,
    summary="Joindre la preuve d'un critère (multipart)",
    description="Formulaire multipart : `fichier` et `critere`. Le type est reconnu aux premiers octets ; 409 si le "
    "contenu ne correspond pas à l'extension, si le type n'est pas accepté pour ce critère ou si le fichier est trop lourd.",
)
def preuve(request, pk: int, fichier: File[UploadedFile], critere: Form[str] = ""):
    c = _visible(request, pk)
    try:
        p = services.deposer_preuve(candidature=c, utilisateur=request.user, critere=critere, fichier=fichier)
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    return Status(
        201,
        {
            "id": p.pk,
            "critere": p.critere,
            "nom": p.nom,
            "type_contenu": p.type_contenu,
            "taille": p.taille,
            "depose_le": p.depose_le,
        },
    )


@router.post(
    "/candidatures/{int:pk}/depot",
    response={200: CandidatureSortie, **erreurs(400, 401, 403, 404, 409)},
    auth=AUTHENTIFICATION,
    summary="Déposer la candidature (toutes les preuves obligatoires jointes)",
)
def depot(request, pk: int):
    c = _visible(request, pk)
    try:
        c = services.deposer(candidature=c, utilisateur=request.user)
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    return _candidature(c)


@router.post(
    "/candidatures/{int:pk}/decision",
    response={200: CandidatureSortie, **erreurs(400, 401, 403, 404, 409, 415, 422)},
    auth=AUTHENTIFICATION,
    summary="Décider, avec un avis motivé par critère",
)
def decision(request, pk: int, donnees: Annotated[DecisionEntree, CorpsJSON(...)]):
    c = _visible(request, pk)
    avis = {code: {"satisfait": a.satisfait, "motivation": a.motivation} for code, a in donnees.avis.items()}
    try:
        services.decider(candidature=c, par=request.user, avis=avis)
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    c.refresh_from_db()
    return _candidature(c)


@router.post(
    "/{int:pk}/statut",
    response={200: LabelSortie, **erreurs(400, 401, 403, 404, 409, 415, 422)},
    auth=AUTHENTIFICATION,
    summary="Suspendre, rétablir ou retirer un label (motivé)",
)
def statut(request, pk: int, donnees: Annotated[StatutEntree, CorpsJSON(...)]):
    label = Label.objects.filter(pk=pk).first()
    if label is None or droits.acteur_label(request.user, label) is None:
        raise HttpError(404, "Label introuvable.")
    try:
        services.changer_statut(label=label, vers=donnees.vers, par=request.user, motif=donnees.motif)
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    label.refresh_from_db()
    return {"id": label.pk, "statut": label.statut, "delivre_le": label.delivre_le, "expire_le": label.expire_le}
