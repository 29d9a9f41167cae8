"""Catégorie d'entreprise (TPE, PME, ETI, GE) selon le décret n° 2008-1354 du 18 décembre 2008.

Les seuils viennent de donnees/company_sizes.yaml (source et date dans donnees/PROVENANCE.md).
Un critère inconnu n'est jamais deviné : si la conclusion en dépend, la catégorie est « inconnue ».
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from osezia.referentiels.enums import CategorieTaille

FICHIER = Path(__file__).resolve().parent / "donnees" / "company_sizes.yaml"
_CODES = {"MIC": CategorieTaille.TPE, "PME": CategorieTaille.PME, "ETI": CategorieTaille.ETI, "GE": CategorieTaille.GE}


@cache
def definitions():
    return yaml.safe_load(FICHIER.read_text(encoding="utf-8"))


def _et(*valeurs):
    if any(v is False for v in valeurs):
        return False
    if all(v is True for v in valeurs):
        return True
    return None


def _ou(*valeurs):
    if any(v is True for v in valeurs):
        return True
    if all(v is False for v in valeurs):
        return False
    return None


def _inferieur(valeur, seuil, strict):
    if valeur is None:
        return None
    return valeur < seuil if strict else valeur <= seuil


@dataclass(frozen=True)
class ResultatTaille:
    categorie: CategorieTaille
    explication: str


def categorie_taille(*, effectif, chiffre_affaires, total_bilan=None) -> ResultatTaille:
    for definition in definitions()["categories"]:
        code = _CODES[definition["code"]]
        if code == CategorieTaille.GE:
            return ResultatTaille(code, "Aucun seuil des catégories TPE, PME ou ETI n'est respecté.")
        test = _et(
            _inferieur(effectif, definition["headcount_lt"], strict=True),
            _ou(
                _inferieur(chiffre_affaires, definition["turnover_max_eur"], strict=False),
                _inferieur(total_bilan, definition["balance_sheet_max_eur"], strict=False),
            ),
        )
        if test is True:
            return ResultatTaille(code, definition["rule_fr"])
        if test is None:
            return ResultatTaille(
                CategorieTaille.INCONNUE,
                f"Chiffres insuffisants pour vérifier la règle : {definition['rule_fr']}",
            )
    raise AssertionError("company_sizes.yaml doit finir par la catégorie GE")
