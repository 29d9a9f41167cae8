"""API des dossiers de financement : pour l'entreprise, créer un dossier pour un de ses projets, joindre une pièce
(multipart), déposer, lire, échanger des messages ; pour l'instruction, la file de sa structure, les annotations
privées, les décisions et les versements. Mêmes droits (`dossiers.droits`) et mêmes services que les pages.

Codes d'erreur : 422 pour un champ invalide en lui-même ; 409 quand la demande contredit l'état du dossier ou les
données (transition interdite, décision déjà prise par quelqu'un d'autre, pièce obligatoire manquante, fichier dont
le contenu ne correspond pas à l'extension ou trop lourd, dispositif sans dépôt en ligne) ; 403 quand l'utilisateur
n'a pas le droit ; 404 pour un dossier qu'il ne voit pas (celui d'une autre entreprise, d'une autre structure)."""

from datetime import date, datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from osezia.api.v1.authentification import AUTHENTIFICATION
from osezia.api.v1.corps import CorpsJSON
from osezia.api.v1.erreurs import verifier_parametres
from osezia.api.v1.schemas import erreurs
from osezia.api.v1.types import TEXTE_UTILE, Date, Identifiant, Montant, SchemaStrict
from osezia.dossiers import droits, selectors, services
from osezia.dossiers.enums import Etat
from osezia.dossiers.models import Dossier
from osezia.financement.models import DispositifFinancement
from osezia.projets.models import Projet
from osezia.utils import dates

router = Router(tags=["Dossiers de financement"])


class DossierEcriture(SchemaStrict):
    projet: Identifiant = Field(description="un projet de votre entreprise")
    dispositif: str = Field(max_length=80, pattern=TEXTE_UTILE, description="identifiant (slug) du dispositif")
    montant_demande: Montant | None = None
    objet: str = Field("", max_length=5000, description="ce que l'aide financera")


class EtatDossierEntree(SchemaStrict):
    vers: Literal[tuple(Etat.values)] = Field(description="l'état visé (voir `etats_possibles`)")
    texte: str = Field(
        "", max_length=5000, description="motivation (refusé, sans suite) ou message (complément demandé)"
    )
    montant: Montant | None = Field(None, description="montant accordé (accorde) ou versé (verse, verse_partiellement)")
    date: Date | None = Field(None, description="date d'un versement, AAAA-MM-JJ")
    version: Identifiant | None = Field(
        None, description="la version lue du dossier : si elle a changé depuis, 409 et rien ne s'applique"
    )


class TexteDossierEntree(SchemaStrict):
    texte: str = Field(max_length=5000, pattern=TEXTE_UTILE)


class PieceDossierSortie(Schema):
    id: int
    code: str
    nom: str
    type_contenu: str
    taille: int
    depose_le: datetime


class RaisonDepotSortie(Schema):
    statut: str
    texte: str
    confirme: bool


class ChangementDossierSortie(Schema):
    de: str
    vers: str
    le: datetime
    par: str | None
    texte: str
    montant: int | None


class VersementDossierSortie(Schema):
    montant: int
    date: date


class DossierResume(Schema):
    id: int
    projet: int
    entreprise: str
    dispositif: str
    operateur: str
    etat: str
    version: int
    echeance: date | None
    en_retard: bool
    url: str


class DossierDetail(DossierResume):
    montant_demande: int | None
    montant_accorde: int | None
    objet: str
    eligibilite_statut: str = Field(description="statut d'éligibilité figé au dépôt (vide avant)")
    eligibilite_raisons: list[RaisonDepotSortie]
    eligibilite_le: date | None
    depose_le: datetime | None
    decide_le: datetime | None
    motivation: str
    instructeur: str | None
    etats_possibles: list[str] = Field(description="les états où vous pouvez mener le dossier maintenant")
    pieces_manquantes: list[str]
    pieces: list[PieceDossierSortie]
    changements: list[ChangementDossierSortie]
    versements: list[VersementDossierSortie]


class MessageDossierSortie(Schema):
    id: int
    auteur: str | None
    de_l_instruction: bool
    texte: str
    cree_le: datetime


def _resume(request, d):
    return {
        "id": d.pk,
        "projet": d.projet_id,
        "entreprise": d.entreprise.nom,
        "dispositif": d.dispositif.slug,
        "operateur": d.operateur.nom,
        "etat": d.etat,
        "version": d.version,
        "echeance": d.echeance,
        "en_retard": d.en_retard(dates.aujourdhui()),
        "url": request.build_absolute_uri(f"/api/v1/dossiers/{d.pk}"),
    }


def _detail(request, d):
    d = Dossier.objects.select_related("entreprise", "dispositif", "operateur", "instructeur", "projet").get(pk=d.pk)
    return {
        **_resume(request, d),
        "montant_demande": d.montant_demande,
        "montant_accorde": d.montant_accorde,
        "objet": d.objet,
        "eligibilite_statut": d.eligibilite_statut,
        "eligibilite_raisons": d.eligibilite_raisons,
        "eligibilite_le": d.eligibilite_le,
        "depose_le": d.depose_le,
        "decide_le": d.decide_le,
        "motivation": d.motivation,
        "instructeur": d.instructeur.nom_affiche if d.instructeur else None,
        "etats_possibles": [str(e) for e in droits.etats_possibles(request.user, d)],
        "pieces_manquantes": [p["code"] for p in services.pieces_manquantes(d)] if d.etat == Etat.BROUILLON else [],
        "pieces": [
            {
                "id": p.pk,
                "code": p.code,
                "nom": p.nom,
                "type_contenu": p.type_contenu,
                "taille": p.taille,
                "depose_le": p.depose_le,
            }
            for p in d.pieces.all()
        ],
        "changements": [
            {
                "de": c.de,
                "vers": c.vers,
                "le": c.le,
                "par": c.par.nom_affiche if c.par else None,
                "texte": c.texte,
                "montant": c.montant,
            }
            for c in d.changements.select_related("par")
        ],
        "versements": [{"montant": v.montant, "date": v.date} for v in d.versements.all()],
    }


def _message(m):
    return {
        "id": m.pk,
        "auteur": m.auteur.nom_affiche if m.auteur else None,
        "de_l_instruction": getattr(m, "de_l_instruction", True),
        "texte": m.texte,
        "cree_le": m.cree_le,
    }


def _conflit(erreur):
    if isinstance(erreur, PermissionDenied):
        raise HttpError(403, str(erreur) or "Vous ne pouvez pas faire cela sur ce dossier.")
    champs = erreur.message_dict if hasattr(erreur, "error_dict") else None
    return Status(409, {"detail": " ".join(erreur.messages), "erreurs": champs})


def _dossier(request, pk):
    return get_object_or_404(
        Dossier.objects.visibles_par(request.user).select_related("entreprise", "dispositif", "operateur", "projet"),
        pk=pk,
    )


@router.get(
    "/", response={200: list[DossierResume], **erreurs(400, 401)}, auth=AUTHENTIFICATION, summary="Mes dossiers"
)
def liste(request):
    verifier_parametres(request, [])
    dossiers = Dossier.objects.visibles_par(request.user).select_related("entreprise", "dispositif", "operateur")
    return [_resume(request, d) for d in dossiers.order_by("-modifie_le", "-pk")[:500]]


@router.post(
    "/",
    response={201: DossierDetail, **erreurs(400, 401, 403, 409, 415, 422)},
    auth=AUTHENTIFICATION,
    summary="Créer un dossier (brouillon)",
    description="Pour un projet de votre entreprise, à un dispositif qui reçoit des dossiers en ligne.",
)
def creer(request, donnees: Annotated[DossierEcriture, CorpsJSON(...)]):
    if not request.user.est_entreprise:
        raise HttpError(403, "Seul un membre d'une entreprise demande une aide.")
    projet = Projet.objects.visibles_par(request.user).filter(pk=donnees.projet).select_related("entreprise").first()
    if projet is None or not droits.est_membre(request.user, projet.entreprise):
        return Status(
            409, {"detail": "Projet inconnu pour votre entreprise.", "erreurs": {"projet": ["Projet inconnu."]}}
        )
    dispositif = DispositifFinancement.objects.filter(slug=donnees.dispositif).first()
    if dispositif is None:
        return Status(409, {"detail": "Dispositif inconnu.", "erreurs": {"dispositif": ["Dispositif inconnu."]}})
    try:
        dossier = services.creer_dossier(
            utilisateur=request.user,
            projet=projet,
            dispositif=dispositif,
            montant_demande=donnees.montant_demande,
            objet=donnees.objet,
        )
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    return Status(201, _detail(request, dossier))


@router.get(
    "/instruction",
    response={200: list[DossierResume], **erreurs(400, 401, 403, 422)},
    auth=AUTHENTIFICATION,
    summary="File d'instruction",
    description="Les dossiers des structures que vous instruisez, triés par échéance ; 50 par page. Sans `etat` : "
    "ceux qui restent à traiter. `age` : déposés depuis moins de 7 jours, 7 à 30 jours, plus de 30 jours.",
)
def file_instruction(
    request,
    dispositif: Annotated[str, Query(max_length=80)] = "",
    etat: Literal[("",) + tuple(e for e in Etat.values if e != Etat.BROUILLON)] = "",
    region: Annotated[str, Query(max_length=3)] = "",
    age: Literal["", "7", "30", "plus"] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
):
    verifier_parametres(request, ["dispositif", "etat", "region", "age", "page"])
    if not droits.est_instructeur(request.user):
        raise HttpError(403, "Réservé aux instructeurs d'une structure qui instruit un dispositif.")
    dossiers = selectors.file_instruction(
        request.user, aujourdhui=dates.aujourdhui(), dispositif=dispositif, etat=etat, region=region, age=age
    )
    debut = (page - 1) * selectors.TAILLE_PAGE
    return [_resume(request, d) for d in dossiers[debut : debut + selectors.TAILLE_PAGE]]


@router.get(
    "/{int:pk}", response={200: DossierDetail, **erreurs(400, 401, 404)}, auth=AUTHENTIFICATION, summary="Un dossier"
)
def detail(request, pk: int):
    verifier_parametres(request, [])
    return _detail(request, _dossier(request, pk))


@router.post(
    "/{int:pk}/pieces",
    response={201: PieceDossierSortie, **erreurs(400, 401, 403, 404, 409, 422)},
    auth=AUTHENTIFICATION,
    summary="Joindre une pièce (multipart)",
    description="Formulaire multipart : `fichier` et `code` (une pièce demandée par le guichet ; vide : un document "
    "complémentaire). Le type est reconnu aux premiers octets ; 409 si le contenu ne correspond pas à l'extension, "
    "si le type n'est pas accepté pour cette pièce ou si le fichier est trop lourd.",
)
def piece(request, pk: int, fichier: File[UploadedFile], code: Form[str] = ""):
    dossier = _dossier(request, pk)
    if len(code) > 40:
        return Status(409, {"detail": "Pièce inconnue pour ce dispositif.", "erreurs": {"code": ["Pièce inconnue."]}})
    try:
        cree = services.deposer_piece(dossier=dossier, utilisateur=request.user, fichier=fichier, code=code)
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    return Status(
        201,
        {
            "id": cree.pk,
            "code": cree.code,
            "nom": cree.nom,
            "type_contenu": cree.type_contenu,
            "taille": cree.taille,
            "depose_le": cree.depose_le,
        },
    )


@router.post(
    "/{int:pk}/etat",
    response={200: DossierDetail, **erreurs(400, 401, 403, 404, 409, 415, 422)},
    auth=AUTHENTIFICATION,
    summary="Changer l'état d'un dossier (déposer, instruire, décider, verser)",
    description=(
        "Transitions et qui les fait : osezia/dossiers/transitions.py ; `etats_possibles` les donne pour vous. "
        "Motivation obligatoire pour refuse et sans_suite, message pour complement_demande, montant pour accorde, "
        "montant et date pour un versement. 409 si la transition n'est pas permise depuis l'état actuel ou si le "
        "dossier a changé depuis la `version` lue (une autre décision a été prise)."
    ),
)
def etat(request, pk: int, donnees: Annotated[EtatDossierEntree, CorpsJSON(...)]):
    dossier = _dossier(request, pk)
    try:
        services.changer_etat(
            dossier=dossier,
            vers=donnees.vers,
            par=request.user,
            texte=donnees.texte,
            montant=donnees.montant,
            date=donnees.date,
            version=donnees.version,
        )
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    return _detail(request, dossier)


@router.get(
    "/{int:pk}/messages",
    response={200: list[MessageDossierSortie], **erreurs(400, 401, 404)},
    auth=AUTHENTIFICATION,
    summary="Messages d'un dossier",
)
def messages(request, pk: int):
    verifier_parametres(request, [])
    return [_message(m) for m in _dossier(request, pk).messages.select_related("auteur")]


@router.post(
    "/{int:pk}/messages",
    response={201: MessageDossierSortie, **erreurs(400, 401, 403, 404, 409, 415, 422)},
    auth=AUTHENTIFICATION,
    summary="Écrire un message",
    description="L'entreprise et l'instruction, une fois le dossier déposé ; l'autre partie est prévenue.",
)
def ecrire(request, pk: int, donnees: Annotated[TexteDossierEntree, CorpsJSON(...)]):
    dossier = _dossier(request, pk)
    try:
        cree = services.ecrire_message(dossier=dossier, auteur=request.user, texte=donnees.texte)
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    return Status(201, _message(cree))


@router.get(
    "/{int:pk}/annotations",
    response={200: list[MessageDossierSortie], **erreurs(400, 401, 403, 404)},
    auth=AUTHENTIFICATION,
    summary="Annotations privées (instruction)",
    description="Jamais montrées à l'entreprise : 403 pour elle.",
)
def annotations(request, pk: int):
    verifier_parametres(request, [])
    dossier = _dossier(request, pk)
    if not droits.voit_annotations(request.user, dossier):
        raise HttpError(403, "Les annotations privées sont réservées à l'instruction.")
    return [_message(a) for a in dossier.annotations.select_related("auteur")]


@router.post(
    "/{int:pk}/annotations",
    response={201: MessageDossierSortie, **erreurs(400, 401, 403, 404, 409, 415, 422)},
    auth=AUTHENTIFICATION,
    summary="Annoter un dossier (instruction)",
)
def annoter(request, pk: int, donnees: Annotated[TexteDossierEntree, CorpsJSON(...)]):
    dossier = _dossier(request, pk)
    try:
        cree = services.annoter(dossier=dossier, auteur=request.user, texte=donnees.texte)
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    return Status(201, _message(cree))
