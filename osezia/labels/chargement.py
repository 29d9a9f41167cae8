"""Chargement des régimes de label depuis contenus/regimes.yaml (tout ou rien ; schéma : docs/contenus.md)."""

from pathlib import Path

import yaml
from django.db import transaction

from osezia.dossiers.chargement import TAILLE_MAX_MO, TYPES
from osezia.utils.sources import erreurs_sources, normaliser

FICHIER = Path(__file__).resolve().parent / "contenus" / "regimes.yaml"
CLES_REGIME = {"code", "nom", "organisme", "description", "validite_mois", "sources", "criteres", "demo"}
CLES_CRITERE = {"code", "nom", "preuve", "types", "taille_max_mo", "obligatoire"}


class ErreurRegime(Exception):
    def __init__(self, erreurs):
        self.erreurs = erreurs
        super().__init__("\n".join(erreurs))


def _texte(valeur):
    return isinstance(valeur, str) and bool(valeur.strip())


def _erreurs_criteres(ou, criteres):
    if not isinstance(criteres, list) or not criteres:
        return [f"{ou} : « criteres » est une liste non vide"]
    erreurs, codes = [], set()
    for rang, critere in enumerate(criteres, 1):
        ici = f"{ou}, critère {rang}"
        if not isinstance(critere, dict):
            erreurs.append(f"{ici} : un objet est attendu")
            continue
        if inconnues := sorted(set(critere) - CLES_CRITERE):
            erreurs.append(f"{ici} : clé(s) inconnue(s) {', '.join(inconnues)}")
        code = critere.get("code")
        if not _texte(code):
            erreurs.append(f"{ici} : code manquant")
        elif code in codes:
            erreurs.append(f"{ici} : code en double")
        else:
            codes.add(code)
        for cle in ("nom", "preuve"):
            if not _texte(critere.get(cle)):
                erreurs.append(f"{ici} : « {cle} » manquant")
        types = critere.get("types")
        if not isinstance(types, list) or not types or any(t not in TYPES for t in types):
            erreurs.append(f"{ici} : types parmi {', '.join(sorted(TYPES))}")
        taille = critere.get("taille_max_mo")
        if isinstance(taille, bool) or not isinstance(taille, int) or not 1 <= taille <= TAILLE_MAX_MO:
            erreurs.append(f"{ici} : taille_max_mo entre 1 et {TAILLE_MAX_MO}")
        if not isinstance(critere.get("obligatoire"), bool):
            erreurs.append(f"{ici} : « obligatoire » vaut true ou false")
    if not erreurs and not any(c["obligatoire"] for c in criteres):
        erreurs.append(f"{ou} : au moins un critère obligatoire")
    return erreurs


def erreurs_regime(regime, *, ou):
    if not isinstance(regime, dict):
        return [f"{ou} : un objet est attendu"]
    erreurs = []
    if inconnues := sorted(set(regime) - CLES_REGIME):
        erreurs.append(f"{ou} : clé(s) inconnue(s) {', '.join(inconnues)}")
    for cle in ("code", "nom", "organisme", "description"):
        if not _texte(regime.get(cle)):
            erreurs.append(f"{ou} : « {cle} » manquant")
    validite = regime.get("validite_mois")
    if isinstance(validite, bool) or not isinstance(validite, int) or not 1 <= validite <= 120:
        erreurs.append(f"{ou} : validite_mois entre 1 et 120")
    if "demo" in regime and not isinstance(regime["demo"], bool):
        erreurs.append(f"{ou} : « demo » vaut true ou false")
    erreurs += erreurs_sources(regime.get("sources"), ou=ou)
    erreurs += _erreurs_criteres(ou, regime.get("criteres"))
    return erreurs


@transaction.atomic
def charger_regimes(*, fichier=FICHIER):
    """Crée ou met à jour un régime par entrée ; rien n'est écrit si une entrée est fausse."""
    from osezia.labels.models import RegimeLabel

    nom = Path(fichier).name
    try:
        donnees = yaml.safe_load(Path(fichier).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as erreur:
        raise ErreurRegime([f"{nom} illisible : {erreur}"])
    if not isinstance(donnees, dict) or not isinstance(donnees.get("regimes"), list) or set(donnees) - {"regimes"}:
        raise ErreurRegime([f"{nom} : la racine a une seule clé, la liste « regimes »"])
    erreurs, vus, compte = [], set(), 0
    for rang, regime in enumerate(donnees["regimes"], 1):
        code = regime.get("code") if isinstance(regime, dict) and _texte(regime.get("code")) else None
        ou = f"{nom}, régime « {code or rang} »"
        if code is not None and code in vus:
            erreurs.append(f"{ou} : code en double")
        vus.add(code)
        if problemes := erreurs_regime(regime, ou=ou):
            erreurs += problemes
            continue
        objet = RegimeLabel.objects.filter(code=code).first() or RegimeLabel(code=code)
        objet.nom = " ".join(regime["nom"].split())
        objet.organisme = " ".join(regime["organisme"].split())
        objet.description = " ".join(regime["description"].split())
        objet.validite_mois = regime["validite_mois"]
        objet.sources = normaliser(regime["sources"])
        objet.criteres = [
            {**c, "nom": " ".join(c["nom"].split()), "preuve": " ".join(c["preuve"].split()), "types": list(c["types"])}
            for c in regime["criteres"]
        ]
        objet.est_demo = regime.get("demo", False)
        objet.ordre = rang
        objet.full_clean()
        objet.save()
        compte += 1
    if erreurs:
        raise ErreurRegime(erreurs)
    return {"regimes": compte}
