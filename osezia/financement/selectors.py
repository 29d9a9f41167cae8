"""Les financements d'une entreprise et de ses projets, calculés une fois pour le rapport, le PDF et l'API."""

import datetime

from osezia.cas_usage.enums import NatureProjet
from osezia.financement.eligibilite import (
    Entreprise,
    Projet,
    chiffres_confirmes,
    evaluer,
    fusion_effectif,
    ouverture,
    regle,
)
from osezia.financement.enums import GRAVITE, ModeCalendrier, ObjetFinance, TypeDispositif
from osezia.financement.models import DispositifFinancement
from osezia.referentiels.models import SecteurNAF
from osezia.referentiels.tailles import categorie_taille
from osezia.utils.dates import date_lisible
from osezia.utils.sources import est_confirme


def dispositifs_actifs():
    return list(DispositifFinancement.objects.actifs())


def _ordre(eligibilite):
    """Le moins grave d'abord ; à statut égal, le diagnostic (le premier pas) avant les formations."""
    d = eligibilite.dispositif
    return GRAVITE[eligibilite.statut], d.finance != ObjetFinance.DIAGNOSTIC, d.nom


def financements_generaux(*, dispositifs, entreprise, aujourdhui):
    """Diagnostics et formations : un statut par entreprise."""
    resultats = [evaluer(d, entreprise, aujourdhui=aujourdhui) for d in dispositifs if d.est_general]
    return sorted(resultats, key=_ordre)


def financements_du_projet(*, dispositifs, entreprise, cas, aujourdhui):
    """Tous les dispositifs de projet pour un cas d'usage, chacun avec son statut (non adaptés compris)."""
    projet = Projet.du_cas_usage(cas)
    resultats = [evaluer(d, entreprise, aujourdhui=aujourdhui, projet=projet) for d in dispositifs if not d.est_general]
    return sorted(resultats, key=_ordre)


def entreprise_du_profil(*, naf, effectif, chiffre_affaires, region):
    """L'entreprise vue par l'éligibilité, depuis un profil sans compte (API) : catégorie selon le décret
    n° 2008-1354, section NAF lue dans le référentiel."""
    categorie = categorie_taille(effectif=effectif, chiffre_affaires=chiffre_affaires).categorie
    secteur = SecteurNAF.objects.filter(code=naf).only("section_id").first() if naf else None
    return Entreprise(
        effectif=effectif,
        chiffre_affaires=chiffre_affaires,
        categorie=None if categorie == "inconnue" else categorie.value,
        naf=naf if secteur is not None else "",
        section=secteur.section_id if secteur is not None else "",
        region=region,
    )


def en_donnees(eligibilite):
    """Ce que l'API rend d'un statut : {dispositif, statut, raisons, reste_a_charge}."""
    reste = eligibilite.reste_a_charge
    return {
        "dispositif": eligibilite.dispositif.slug,
        "statut": eligibilite.statut,
        "raisons": eligibilite.raisons,
        "reste_a_charge": None
        if reste is None
        else {
            "cout": reste.tranche,
            "minimum": reste.minimum,
            "maximum": reste.maximum,
            "confirme": reste.confirme,
        },
        "reste_sur_cout_de_reference": _reste_reference(eligibilite),
    }


def _reste_reference(eligibilite):
    reste = eligibilite.reste_reference
    if reste is None:
        return None
    d = eligibilite.dispositif
    return {
        "cout_reference": round(d.cout_reference),
        "reste": reste,
        "confirme": chiffres_confirmes(d, "taux", "plafond", "cout_reference"),
    }


def fiche(dispositif, *, aujourdhui):
    """Tout ce que la page publique et l'API montrent d'un dispositif, sans entreprise : ce qu'il finance, pour
    quels projets, pour qui, quand (et s'il est ouvert à la date du jour), les conditions, les chiffres et leurs
    sources."""
    d = dispositif
    verification, prochaine = ouverture(d, aujourdhui)
    calendrier = d.calendrier or {}
    return {
        "dispositif": d,
        "type": TypeDispositif(d.type).label,
        "finance": ObjetFinance(d.finance).label,
        "finance_confirme": d.est_confirme("finance"),
        "projets": [NatureProjet(n).label for n in d.projets],
        "criteres": [
            {
                "regle": regle(c),
                "prioritaire": bool(c.get("prioritaire")),
                "confirme": est_confirme(c.get("sources")),
                "sources": c.get("sources") or [],
            }
            for c in fusion_effectif(d.criteres)
        ],
        "calendrier": {
            "mode": d.mode_calendrier,
            "libelle": ModeCalendrier(d.mode_calendrier).label,
            "texte": calendrier.get("texte", ""),
            "confirme": est_confirme(calendrier.get("sources")),
            "sources": calendrier.get("sources") or [],
            "fenetres": [
                {
                    "libelle": f["libelle"],
                    "ouverture": datetime.date.fromisoformat(f["ouverture"]),
                    "cloture": datetime.date.fromisoformat(f["cloture"]),
                    "periode": (
                        f"du {date_lisible(datetime.date.fromisoformat(f['ouverture']))}"
                        f" au {date_lisible(datetime.date.fromisoformat(f['cloture']))}"
                    ),
                    "confirme": est_confirme(f.get("sources")),
                    "sources": f.get("sources") or [],
                }
                for f in sorted(calendrier.get("fenetres") or [], key=lambda f: f["ouverture"])
            ],
            "aujourdhui": {
                "date": date_lisible(aujourdhui),
                "statut": verification.statut,
                "texte": verification.texte,
            },
            "prochaine": prochaine["libelle"] if prochaine else None,
        },
        "conditions": [
            {"texte": c["texte"], "confirme": est_confirme(c.get("sources")), "sources": c.get("sources") or []}
            for c in d.conditions
        ],
        "notes": d.notes,
        "chiffres": d.chiffres,
        "presentation": d.sources_de("presentation"),
        "sources_finance": d.sources_de("finance"),
    }
