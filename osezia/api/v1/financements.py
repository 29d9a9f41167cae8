"""API des dispositifs de financement : les mêmes données que la page « Financements », sources comprises."""

from ninja import Router, Schema

from osezia.api.v1.erreurs import verifier_parametres
from osezia.api.v1.schemas import Erreur
from osezia.financement.selectors import dispositifs_actifs, fiche
from osezia.utils import dates

router = Router(tags=["Financements"])


class SourceFait(Schema):
    titre: str
    statut: str  # lu | a_confirmer
    document: str
    passage: str
    date: str
    note: str


class Fait(Schema):
    confirme: bool
    sources: list[SourceFait]


class Critere(Fait):
    regle: str
    prioritaire: bool


class Fenetre(Fait):
    libelle: str
    ouverture: str
    cloture: str


class Calendrier(Fait):
    mode: str
    texte: str
    fenetres: list[Fenetre]
    statut_du_jour: str
    texte_du_jour: str


class Condition(Fait):
    texte: str


class Chiffre(Fait):
    cle: str
    libelle: str
    valeur: str


class Dispositif(Schema):
    slug: str
    nom: str
    porteur: str
    type: str
    resume: str
    finance: str
    projets: list[str]
    taux: float | None
    plafond: int | None
    cout_reference: int | None
    criteres: list[Critere]
    calendrier: Calendrier
    conditions: list[Condition]
    notes: list[str]
    chiffres: list[Chiffre]
    sources: dict[str, list[SourceFait]]
    url: str


def _dispositif(request, f):
    d, calendrier = f["dispositif"], f["calendrier"]
    return {
        "slug": d.slug,
        "nom": d.nom,
        "porteur": d.porteur,
        "type": d.type,
        "resume": d.resume,
        "finance": d.finance,
        "projets": d.projets,
        "taux": None if d.taux is None else float(d.taux),
        "plafond": d.plafond,
        "cout_reference": d.cout_reference,
        "criteres": f["criteres"],
        "calendrier": {
            "mode": calendrier["mode"],
            "texte": calendrier["texte"],
            "confirme": calendrier["confirme"],
            "sources": calendrier["sources"],
            "fenetres": [
                {**fenetre, "ouverture": fenetre["ouverture"].isoformat(), "cloture": fenetre["cloture"].isoformat()}
                for fenetre in calendrier["fenetres"]
            ],
            "statut_du_jour": calendrier["aujourdhui"]["statut"],
            "texte_du_jour": calendrier["aujourdhui"]["texte"],
        },
        "conditions": f["conditions"],
        "notes": f["notes"],
        "chiffres": f["chiffres"],
        "sources": d.sources,
        "url": request.build_absolute_uri(f"/financements/#{d.slug}"),
    }


@router.get(
    "/",
    response={200: list[Dispositif], 400: Erreur},
    summary="Les dispositifs de financement : ce qu'ils financent, pour qui, quand, avec les sources de chaque fait",
)
def liste(request):
    verifier_parametres(request, [])
    aujourdhui = dates.aujourdhui()
    return [_dispositif(request, fiche(d, aujourdhui=aujourdhui)) for d in dispositifs_actifs()]
