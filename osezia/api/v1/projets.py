"""API des projets IA d'une entreprise : fiche (création, lecture, modification, suppression), étapes, indicateurs
et mesures, commentaires, chronologie. Mêmes droits que les pages (`projets.droits`, `Projet.objects.visibles_par`),
mêmes services ; authentification par session + CSRF ou jeton personnel (un jeton en lecture seule : 403 sur une
écriture).

Codes d'erreur : 422 pour un champ invalide en lui-même (type, borne, valeur hors liste) ; 409 quand la demande
contredit l'état du projet ou de ses données (transition interdite depuis l'étape actuelle, production sans mesure,
mesure avant la valeur de départ ou dans une autre unité, date visée avant le début, personne hors de l'entreprise,
cas d'usage, solution ou recommandation inconnus) ; 403 quand l'utilisateur n'a pas le droit ; 404 pour un projet
qu'il ne voit pas (celui d'une autre entreprise compris)."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from osezia.api.v1.authentification import AUTHENTIFICATION
from osezia.api.v1.corps import CorpsJSON
from osezia.api.v1.erreurs import verifier_parametres
from osezia.api.v1.openapi import valeurs_en_base
from osezia.api.v1.schemas import erreurs
from osezia.api.v1.types import TEXTE_UTILE, Date, Identifiant, Montant, Nombre, SchemaStrict
from osezia.cas_usage.models import CasUsage
from osezia.catalogue.models import Solution
from osezia.comptes.models import Utilisateur
from osezia.comptes.services import organisation_de
from osezia.diagnostic.models import Diagnostic, Recommandation
from osezia.organisations.enums import TypeOrganisation
from osezia.projets import droits, services
from osezia.projets.enums import Etape, MotifArret, Sens, Unite
from osezia.projets.models import Projet

router = Router(tags=["Projets"])


class ProjetEcriture(SchemaStrict):
    titre: str = Field(max_length=200, pattern=TEXTE_UTILE)
    objectif: str = Field(max_length=5000, pattern=TEXTE_UTILE, description="l'objectif, dans les mots de l'entreprise")
    cas_usage: str = Field(description="identifiant du cas d'usage", json_schema_extra=valeurs_en_base("cas"))
    recommandation: Identifiant | None = Field(None, description="la recommandation du diagnostic d'origine")
    responsable: Identifiant | None = Field(None, description="un membre de l'entreprise (par défaut : vous)")
    equipe: list[Identifiant] = Field([], max_length=50, description="des membres de l'entreprise")
    solutions: list[Identifiant] = Field([], max_length=50, description="identifiants de solutions publiées")
    prestataires_libres: str = Field("", max_length=1000)
    budget_prevu: Montant | None = None
    budget_depense: Montant | None = None
    financements_envisages: str = Field("", max_length=2000)
    date_debut: Date | None = None
    date_cible: Date | None = None


class ProjetModification(SchemaStrict):
    titre: str | None = Field(None, max_length=200, pattern=TEXTE_UTILE)
    objectif: str | None = Field(None, max_length=5000, pattern=TEXTE_UTILE)
    cas_usage: str | None = Field(None, json_schema_extra=valeurs_en_base("cas"))
    responsable: Identifiant | None = None
    equipe: list[Identifiant] | None = Field(None, max_length=50)
    solutions: list[Identifiant] | None = Field(None, max_length=50)
    prestataires_libres: str | None = Field(None, max_length=1000)
    budget_prevu: Montant | None = None
    budget_depense: Montant | None = None
    financements_envisages: str | None = Field(None, max_length=2000)
    date_debut: Date | None = None
    date_cible: Date | None = None


class TransitionEntree(SchemaStrict):
    vers: Literal[tuple(Etape.values)] = Field(description="l'étape visée")
    motif: Literal[tuple(MotifArret.values)] | None = Field(None, description="obligatoire pour en_pause et abandonne")
    detail: str = Field("", max_length=2000, description="obligatoire avec le motif « autre »")


class IndicateurEntree(SchemaStrict):
    libelle: str = Field(max_length=200, pattern=TEXTE_UTILE)
    unite: Literal[tuple(Unite.values)]
    valeur_reference: Nombre = Field(description="valeur de départ (arrondie au centième)")
    date_reference: Date
    cible: Nombre | None = None
    sens: Literal[tuple(Sens.values)] = "hausse"


class MesureEntree(SchemaStrict):
    date: Date = Field(description="ni avant la date de la valeur de départ, ni deux fois le même jour")
    valeur: Nombre
    unite: Literal[tuple(Unite.values)] | None = Field(None, description="si précisée : celle de l'indicateur")


class CommentaireEntree(SchemaStrict):
    texte: str = Field(max_length=5000, pattern=TEXTE_UTILE)


class MesureSortie(Schema):
    id: int
    date: date
    valeur: float


class IndicateurSortie(Schema):
    id: int
    libelle: str
    unite: str
    valeur_reference: float
    date_reference: date
    cible: float | None
    sens: str
    mesures: list[MesureSortie]


class ChangementSortie(Schema):
    de: str
    vers: str
    le: datetime
    par: str | None
    motif: str
    detail: str


class ProjetResume(Schema):
    id: int
    titre: str
    entreprise: str
    etape: str
    cas_usage: str
    derniere_activite_le: datetime
    url: str


class ProjetDetail(ProjetResume):
    objectif: str
    responsable: str | None
    equipe: list[str]
    solutions: list[int]
    prestataires_libres: str
    budget_prevu: int | None
    budget_depense: int | None
    financements_envisages: str
    date_debut: date | None
    date_cible: date | None
    diagnostic: int | None
    recommandation: int | None
    etapes_possibles: list[str] = Field(description="les étapes où vous pouvez mener le projet maintenant")
    indicateurs: list[IndicateurSortie]
    changements: list[ChangementSortie]


class EvenementSortie(Schema):
    type: str
    texte: str
    acteur: str | None
    cree_le: datetime
    dossier: int | None = Field(None, description="Le dossier de financement dont parle l'événement.")


def _resume(request, p):
    return {
        "id": p.pk,
        "titre": p.titre,
        "entreprise": p.entreprise.nom,
        "etape": p.etape,
        "cas_usage": p.cas_usage.slug,
        "derniere_activite_le": p.derniere_activite_le,
        "url": request.build_absolute_uri(f"/api/v1/projets/{p.pk}"),
    }


def _indicateur(i):
    return {
        "id": i.pk,
        "libelle": i.libelle,
        "unite": i.unite,
        "valeur_reference": float(i.valeur_reference),
        "date_reference": i.date_reference,
        "cible": float(i.cible) if i.cible is not None else None,
        "sens": i.sens,
        "mesures": [{"id": m.pk, "date": m.date, "valeur": float(m.valeur)} for m in i.mesures.order_by("date")],
    }


def _detail(request, p):
    p = Projet.objects.select_related("entreprise", "cas_usage", "responsable").get(pk=p.pk)
    return {
        **_resume(request, p),
        "objectif": p.objectif,
        "responsable": p.responsable.nom_affiche if p.responsable else None,
        "equipe": [personne.nom_affiche for personne in p.equipe.all()],
        "solutions": list(p.solutions.values_list("pk", flat=True)),
        "prestataires_libres": p.prestataires_libres,
        "budget_prevu": p.budget_prevu,
        "budget_depense": p.budget_depense,
        "financements_envisages": p.financements_envisages,
        "date_debut": p.date_debut,
        "date_cible": p.date_cible,
        "diagnostic": p.diagnostic_id,
        "recommandation": p.recommandation_id,
        "etapes_possibles": [str(e) for e in droits.etapes_possibles(request.user, p)],
        "indicateurs": [_indicateur(i) for i in p.indicateurs.all()],
        "changements": [
            {
                "de": c.de,
                "vers": c.vers,
                "le": c.le,
                "par": c.par.nom_affiche if c.par else None,
                "motif": c.motif,
                "detail": c.detail,
            }
            for c in p.changements.select_related("par")
        ],
    }


def _conflit(erreur):
    """Une règle du domaine refuse la demande : 409 avec {detail, erreurs} ; un droit manquant : 403."""
    if isinstance(erreur, PermissionDenied):
        raise HttpError(403, str(erreur) or "Vous ne pouvez pas faire cela sur ce projet.")
    champs = erreur.message_dict if hasattr(erreur, "error_dict") else None
    return Status(409, {"detail": " ".join(erreur.messages), "erreurs": champs})


def _projet(request, pk):
    return get_object_or_404(Projet.objects.visibles_par(request.user).select_related("entreprise"), pk=pk)


def _references(entreprise, donnees, utilisateur):
    """Les objets désignés par leurs identifiants ; ValidationError (409) pour un identifiant inconnu."""
    resultat = {}
    if donnees.get("cas_usage") is not None:
        cas = CasUsage.objects.publies().filter(slug=donnees["cas_usage"]).first()
        if cas is None:
            raise ValidationError({"cas_usage": "Cas d'usage inconnu."})
        resultat["cas_usage"] = cas
    if donnees.get("responsable") is not None:
        responsable = Utilisateur.objects.filter(pk=donnees["responsable"]).first()
        if responsable is None:
            raise ValidationError({"responsable": "Le responsable doit être membre de l'entreprise."})
        resultat["responsable"] = responsable
    if donnees.get("equipe") is not None:
        equipe = list(Utilisateur.objects.filter(pk__in=donnees["equipe"]))
        if len(equipe) != len(set(donnees["equipe"])):
            raise ValidationError({"equipe": "L'équipe ne compte que des membres de l'entreprise."})
        resultat["equipe"] = equipe
    if donnees.get("solutions") is not None:
        solutions = list(Solution.objects.publiees().filter(pk__in=donnees["solutions"]))
        if len(solutions) != len(set(donnees["solutions"])):
            raise ValidationError({"solutions": "Solution inconnue ou non publiée."})
        resultat["solutions"] = solutions
    if donnees.get("recommandation") is not None:
        recommandation = (
            Recommandation.objects.select_related("diagnostic")
            .filter(
                pk=donnees["recommandation"],
                diagnostic__in=Diagnostic.objects.visibles_par(utilisateur).filter(entreprise=entreprise),
            )
            .first()
        )
        if recommandation is None:
            raise ValidationError({"recommandation": "Recommandation inconnue pour cette entreprise."})
        resultat["recommandation"] = recommandation
    return resultat


def _centimes(nombre):
    return None if nombre is None else Decimal(str(nombre)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@router.get("/", response={200: list[ProjetResume], **erreurs(400, 401)}, auth=AUTHENTIFICATION, summary="Mes projets")
def liste(request):
    verifier_parametres(request, [])
    projets = Projet.objects.visibles_par(request.user).select_related("entreprise", "cas_usage")
    return [_resume(request, p) for p in projets.order_by("-derniere_activite_le", "-pk")[:500]]


@router.post(
    "/",
    response={201: ProjetDetail, **erreurs(400, 401, 403, 409, 415, 422)},
    auth=AUTHENTIFICATION,
    summary="Créer un projet",
    description="Pour l'entreprise de l'utilisateur ; d'une recommandation de son diagnostic ou d'un cas d'usage.",
)
def creer(request, donnees: Annotated[ProjetEcriture, CorpsJSON(...)]):
    entreprise = organisation_de(request.user)
    if entreprise is None or entreprise.type != TypeOrganisation.ENTREPRISE or not request.user.est_entreprise:
        raise HttpError(403, "Seul un membre d'une entreprise crée un projet : renseignez d'abord votre entreprise.")
    champs = donnees.model_dump()
    try:
        with transaction.atomic():
            champs.update(_references(entreprise, champs, request.user))
            projet = services.creer_projet(utilisateur=request.user, entreprise=entreprise, **champs)
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    return Status(201, _detail(request, projet))


@router.get(
    "/{int:pk}", response={200: ProjetDetail, **erreurs(400, 401, 404)}, auth=AUTHENTIFICATION, summary="Un projet"
)
def detail(request, pk: int):
    verifier_parametres(request, [])
    return _detail(request, _projet(request, pk))


@router.patch(
    "/{int:pk}",
    response={200: ProjetDetail, **erreurs(400, 401, 403, 404, 409, 415, 422)},
    auth=AUTHENTIFICATION,
    summary="Modifier un projet",
    description="Seuls les champs envoyés changent. L'étape change par POST …/etape.",
)
def modifier(request, pk: int, donnees: Annotated[ProjetModification, CorpsJSON(...)]):
    projet = _projet(request, pk)
    champs = donnees.model_dump(exclude_unset=True)
    try:
        with transaction.atomic():
            champs.update(_references(projet.entreprise, champs, request.user))
            for facultatif in ("titre", "objectif", "cas_usage", "prestataires_libres", "financements_envisages"):
                if facultatif in champs and champs[facultatif] is None:
                    raise ValidationError({facultatif: "Ce champ ne peut pas être vide."})
            projet = services.modifier_projet(projet=projet, utilisateur=request.user, **champs)
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    return _detail(request, projet)


@router.delete(
    "/{int:pk}",
    response={204: None, **erreurs(400, 401, 403, 404)},
    auth=AUTHENTIFICATION,
    summary="Supprimer un projet",
)
def supprimer(request, pk: int):
    verifier_parametres(request, [])
    projet = _projet(request, pk)
    try:
        services.supprimer_projet(projet=projet, utilisateur=request.user)
    except PermissionDenied as erreur:
        raise HttpError(403, str(erreur))
    return Status(204, None)


@router.post(
    "/{int:pk}/etape",
    response={200: ProjetDetail, **erreurs(400, 401, 403, 404, 409, 415, 422)},
    auth=AUTHENTIFICATION,
    summary="Changer l'étape d'un projet",
    description=(
        "Transitions permises et qui peut les faire : osezia/projets/transitions.py ; `etapes_possibles` du projet "
        "les donne pour vous. Motif obligatoire pour en_pause et abandonne ; une mesure, pour production. 409 si "
        "la transition n'est pas permise depuis l'étape actuelle."
    ),
)
def etape(request, pk: int, donnees: Annotated[TransitionEntree, CorpsJSON(...)]):
    projet = _projet(request, pk)
    try:
        services.changer_etape(
            projet=projet, vers=donnees.vers, par=request.user, motif=donnees.motif or "", detail=donnees.detail
        )
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    return _detail(request, projet)


@router.post(
    "/{int:pk}/indicateurs",
    response={201: IndicateurSortie, **erreurs(400, 401, 403, 404, 409, 415, 422)},
    auth=AUTHENTIFICATION,
    summary="Ajouter un indicateur",
)
def indicateur(request, pk: int, donnees: Annotated[IndicateurEntree, CorpsJSON(...)]):
    projet = _projet(request, pk)
    champs = donnees.model_dump()
    champs["valeur_reference"], champs["cible"] = _centimes(champs["valeur_reference"]), _centimes(champs["cible"])
    try:
        cree = services.ajouter_indicateur(projet=projet, utilisateur=request.user, **champs)
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    return Status(201, _indicateur(cree))


@router.post(
    "/{int:pk}/indicateurs/{int:indicateur_pk}/mesures",
    response={201: IndicateurSortie, **erreurs(400, 401, 403, 404, 409, 415, 422)},
    auth=AUTHENTIFICATION,
    summary="Enregistrer une mesure",
    description="Dans l'unité de l'indicateur ; 409 pour une autre unité, une date avant la valeur de départ ou "
    "une seconde mesure le même jour.",
)
def mesure(request, pk: int, indicateur_pk: int, donnees: Annotated[MesureEntree, CorpsJSON(...)]):
    projet = _projet(request, pk)
    cible = get_object_or_404(projet.indicateurs, pk=indicateur_pk)
    try:
        services.ajouter_mesure(
            indicateur=cible,
            utilisateur=request.user,
            date=donnees.date,
            valeur=_centimes(donnees.valeur),
            unite=donnees.unite,
        )
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    return Status(201, _indicateur(cible))


@router.post(
    "/{int:pk}/commentaires",
    response={201: EvenementSortie, **erreurs(400, 401, 403, 404, 409, 415, 422)},
    auth=AUTHENTIFICATION,
    summary="Commenter un projet",
    description="Les membres de l'entreprise et son conseiller (partage consenti).",
)
def commentaire(request, pk: int, donnees: Annotated[CommentaireEntree, CorpsJSON(...)]):
    projet = _projet(request, pk)
    try:
        cree = services.commenter(projet=projet, auteur=request.user, texte=donnees.texte)
    except (ValidationError, PermissionDenied) as erreur:
        return _conflit(erreur)
    return Status(
        201,
        {"type": "commentaire", "texte": cree.texte, "acteur": request.user.nom_affiche, "cree_le": cree.cree_le},
    )


@router.get(
    "/{int:pk}/chronologie",
    response={200: list[EvenementSortie], **erreurs(400, 401, 404)},
    auth=AUTHENTIFICATION,
    summary="La chronologie d'un projet",
    description="Les 200 derniers événements, du plus récent au plus ancien.",
)
def chronologie(request, pk: int):
    verifier_parametres(request, [])
    projet = _projet(request, pk)
    evenements = projet.evenements.select_related("acteur", "commentaire").order_by("-cree_le", "-pk")[:200]
    return [
        {
            "type": e.type,
            "texte": e.commentaire.texte if e.commentaire_id else e.texte,
            "acteur": e.acteur.nom_affiche if e.acteur else None,
            "cree_le": e.cree_le,
            "dossier": e.dossier_id,
        }
        for e in evenements
    ]
