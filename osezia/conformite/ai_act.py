"""Faits du règlement européen sur l'IA, lus dans donnees/ai_act.yaml (données datées et versionnées, pas du code).

Le fichier suit le règlement (UE) 2024/1689 modifié par le règlement (UE) 2026/1744 (« Omnibus numérique ») ;
voir donnees/PROVENANCE.md pour les sources et ce qui reste à vérifier sur EUR-Lex.
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

FICHIER = Path(__file__).resolve().parent / "donnees" / "ai_act.yaml"
_ANNEXE_III = re.compile(r"annexe\s+iii\b", re.IGNORECASE)
_ANNEXE_I = re.compile(r"annexe\s+i\b|article\s+6\s*[,(]\s*(paragraphe\s*)?1", re.IGNORECASE)


@cache
def donnees():
    return yaml.safe_load(FICHIER.read_text(encoding="utf-8"))


def version():
    """Le texte de référence des dates, ex. « Regulation (EU) 2024/1689 modifié par Regulation (EU) 2026/1744 »."""
    reglement = donnees()["regulation"]
    modifications = " ; ".join(m["id"] for m in reglement.get("amended_by", []))
    return f"{reglement['id']} modifié par {modifications}" if modifications else reglement["id"]


@dataclass(frozen=True)
class Echeance:
    date: date
    libelle: str
    reference: str
    date_initiale: date | None = None


def echeance(cle):
    for ligne in donnees()["application_dates"]:
        if ligne["key"] == cle:
            return Echeance(ligne["date"], ligne["label_fr"], ligne["ref"], ligne.get("original_date"))
    raise KeyError(cle)


def date_application(niveau, reference=""):
    """L'échéance qui s'applique à un cas d'usage selon son niveau de risque et sa référence (annexe, article)."""
    if niveau in ("haut-risque", "haut-risque-possible"):
        if _ANNEXE_III.search(reference or ""):
            return echeance("high_risk_annex_iii")
        if _ANNEXE_I.search(reference or ""):
            return echeance("high_risk_annex_i")
        return echeance("high_risk_annex_iii")
    if niveau == "transparence":
        return echeance("general_application")
    return echeance("prohibitions_and_general_provisions")
