"""Construction et validation d'un profil d'entreprise pour le moteur (ligne JSON, API, formulaire)."""

import json

from osezia.organisations.enums import EFFECTIF_MAX, MONTANT_MAX_EUR
from osezia.recommandation.moteur import LONGUEUR_TEXTE_MAX, Profil
from osezia.referentiels.enums import CategorieTaille
from osezia.referentiels.tailles import categorie_taille


class ErreurProfil(ValueError):
    pass


def _entier(donnees, cle, maximum):
    valeur = donnees.get(cle)
    if valeur in (None, ""):
        return None
    if isinstance(valeur, bool) or not isinstance(valeur, int | float):
        raise ErreurProfil(f"« {cle} » doit être un nombre.")
    if valeur < 0 or valeur > maximum:
        raise ErreurProfil(f"« {cle} » hors limites (0 à {maximum}).")
    return int(valeur)


def _texte(donnees, cle):
    valeur = donnees.get(cle) or ""
    if not isinstance(valeur, str):
        raise ErreurProfil(f"« {cle} » doit être un texte.")
    if len(valeur) > LONGUEUR_TEXTE_MAX:
        raise ErreurProfil(f"« {cle} » dépasse {LONGUEUR_TEXTE_MAX} caractères.")
    return valeur


def profil_depuis_dict(donnees):
    """Profil depuis un dictionnaire (les champs inconnus sont ignorés, comme le veut le format d'échange)."""
    if not isinstance(donnees, dict):
        raise ErreurProfil("Un objet JSON est attendu.")
    effectif = _entier(donnees, "effectif", EFFECTIF_MAX)
    chiffre_affaires = _entier(donnees, "chiffre_affaires", MONTANT_MAX_EUR)
    return Profil(
        identifiant=str(donnees.get("id", "")),
        naf=str(donnees.get("naf") or "").strip().upper(),
        effectif=effectif,
        chiffre_affaires=chiffre_affaires,
        region=str(donnees.get("region") or ""),
        description=_texte(donnees, "description"),
        besoins=_texte(donnees, "besoins"),
        categorie=categorie_du_profil(effectif, chiffre_affaires),
    )


def categorie_du_profil(effectif, chiffre_affaires):
    """TPE, PME, ETI ou GE selon le décret n° 2008-1354, ou "" si les chiffres ne suffisent pas à conclure."""
    categorie = categorie_taille(effectif=effectif, chiffre_affaires=chiffre_affaires).categorie
    return "" if categorie == CategorieTaille.INCONNUE else str(categorie)


def lire_jsonl(chemin):
    with open(chemin, encoding="utf-8") as f:
        return [profil_depuis_dict(json.loads(ligne)) for ligne in f if ligne.strip()]
