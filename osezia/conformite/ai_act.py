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


# Le fichier de données garde les identifiants et références en anglais, comme le Journal officiel de l'UE les
# donne ; on les montre en français (« règlement (UE) 2024/1689 », « art. 113, deuxième alinéa »).
_REGLEMENT = re.compile(r"Regulation \(EU\) (\d{4}/\d+)")
_REFERENCE_FR = [
    (re.compile(r"\bArt\. "), "art. "),
    (re.compile(r"\b1st para\."), "premier alinéa"),
    (re.compile(r"\b2nd para\."), "deuxième alinéa"),
    (re.compile(r"\bfirst subpara\."), "premier alinéa"),
    (re.compile(r"\bsecond subpara\."), "deuxième alinéa"),
    (re.compile(r", as amended\b"), ", tel que modifié"),
    (re.compile(r"\(as amended by Reg\. "), "(modifié par le règlement "),
    (re.compile(r"\binserted by Reg\. "), "inséré par le règlement "),
    (re.compile(r"\bChapters? "), "chapitres "),
    (re.compile(r"\bSection "), "section "),
    (re.compile(r"\(except "), "(sauf "),
    (re.compile(r" and "), " et "),
    (re.compile(r"; "), " ; "),
]


def reglement_fr(identifiant):
    """« Regulation (EU) 2024/1689 » → « règlement (UE) 2024/1689 »."""
    return _REGLEMENT.sub(r"règlement (UE) \1", identifiant)


def reference_fr(reference):
    """Une référence d'article du fichier (« Art. 113(c)(i), as amended ») telle qu'on la montre en français."""
    for motif, francais in _REFERENCE_FR:
        reference = motif.sub(francais, reference)
    return reference.replace("chapitres III section", "chapitre III, section")


def version():
    """Le texte de référence des dates, ex. « Règlement (UE) 2024/1689 modifié par le règlement (UE) 2026/1744 »."""
    reglement = donnees()["regulation"]
    texte = reglement_fr(reglement["id"])
    modifications = [reglement_fr(m["id"]) for m in reglement.get("amended_by", [])]
    if modifications:
        texte = f"{texte} modifié par le {' puis le '.join(modifications)}"
    return texte[0].upper() + texte[1:]


@dataclass(frozen=True)
class Echeance:
    date: date
    libelle: str
    reference: str
    date_initiale: date | None = None


def echeance(cle):
    for ligne in donnees()["application_dates"]:
        if ligne["key"] == cle:
            return Echeance(ligne["date"], ligne["label_fr"], reference_fr(ligne["ref"]), ligne.get("original_date"))
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
