"""Chargement des guichets de dépôt depuis contenus/guichets.yaml (tout ou rien ; schéma : docs/contenus.md).

La structure qui instruit est une organisation inscrite, désignée par son slug ou son SIREN ; `demo: true` confie,
à défaut, le guichet à la structure fictive de la démonstration (`rattacher_demo`, appelé par `charger_demo`)."""

import functools
from pathlib import Path

import yaml
from django.db import transaction

from osezia.financement.models import DispositifFinancement
from osezia.organisations.models import Organisation
from osezia.projets import documents
from osezia.utils.sources import erreurs_sources, normaliser

FICHIER = Path(__file__).resolve().parent / "contenus" / "guichets.yaml"
CLES_GUICHET = {"dispositif", "operateur", "demo", "delai_decision_jours", "pieces"}
CLES_PIECE = {"code", "nom", "types", "taille_max_mo", "obligatoire"}
CLES_DE_MINIMIS = {"plafond", "annees", "seuil_alerte_pourcent", "sources"}
# Les types acceptés s'écrivent par leur extension ; le contenu est vérifié à ses premiers octets (projets.documents).
TYPES = {e.lstrip("."): f for f in documents.FORMATS for e in f.extensions}
TAILLE_MAX_MO = documents.TAILLE_MAX // (1024 * 1024)


class ErreurGuichet(Exception):
    def __init__(self, erreurs):
        self.erreurs = erreurs
        super().__init__("\n".join(erreurs))


def lire(fichier=FICHIER):
    try:
        donnees = yaml.safe_load(Path(fichier).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as erreur:
        raise ErreurGuichet([f"{Path(fichier).name} illisible : {erreur}"])
    if not isinstance(donnees, dict) or not isinstance(donnees.get("guichets"), list):
        raise ErreurGuichet([f"{Path(fichier).name} : la racine a une liste « guichets »"])
    return donnees


def _verifier_pieces(ou, pieces):
    if not isinstance(pieces, list):
        return [f"{ou} : « pieces » est une liste"]
    erreurs, codes = [], set()
    for rang, piece in enumerate(pieces, 1):
        ici = f"{ou}, pièce {rang}"
        if not isinstance(piece, dict):
            erreurs.append(f"{ici} : un objet est attendu")
            continue
        inconnues = sorted(set(piece) - CLES_PIECE)
        if inconnues:
            erreurs.append(f"{ici} : clé(s) inconnue(s) {', '.join(inconnues)}")
        code = piece.get("code")
        if not isinstance(code, str) or not code or code in codes:
            erreurs.append(f"{ici} : code {'manquant' if not code else 'en double'}")
        codes.add(code)
        if not isinstance(piece.get("nom"), str) or not piece["nom"].strip():
            erreurs.append(f"{ici} : nom manquant")
        types = piece.get("types")
        if not isinstance(types, list) or not types or any(t not in TYPES for t in types):
            erreurs.append(f"{ici} : types parmi {', '.join(sorted(TYPES))}")
        taille = piece.get("taille_max_mo")
        if isinstance(taille, bool) or not isinstance(taille, int) or not 1 <= taille <= TAILLE_MAX_MO:
            erreurs.append(f"{ici} : taille_max_mo entre 1 et {TAILLE_MAX_MO}")
        if not isinstance(piece.get("obligatoire"), bool):
            erreurs.append(f"{ici} : « obligatoire » vaut true ou false")
    return erreurs


def libelles_types(types):
    """« PDF, image PNG ou image JPEG » : les types acceptés d'une pièce, lisibles."""
    libelles = list(dict.fromkeys(TYPES[t].libelle for t in types if t in TYPES))
    return " ou ".join([", ".join(libelles[:-1]), libelles[-1]]) if len(libelles) > 1 else "".join(libelles)


def de_minimis(fichier=FICHIER):
    """Le plafond de minimis : {plafond, annees, seuil_alerte_pourcent, sources} (sources normalisées). Lu par la
    page de chaque projet : le fichier n'est relu que s'il a changé (sa date de modification)."""
    chemin = Path(fichier)
    try:
        version = chemin.stat().st_mtime_ns
    except OSError:
        version = None  # lire() dira que le fichier est illisible
    return _de_minimis(chemin, version)


@functools.lru_cache(maxsize=4)
def _de_minimis(chemin, version):
    donnees = lire(chemin).get("de_minimis") or {}
    return {**donnees, "sources": normaliser(donnees.get("sources"))}


def _operateur(reference):
    if reference is None:
        return None
    structures = Organisation.objects.structures()
    return structures.filter(slug=str(reference)).first() or structures.filter(siren=str(reference)).first()


@transaction.atomic
def charger_guichets(*, fichier=FICHIER):
    """Crée ou met à jour un guichet par entrée (un guichet n'a pas de saisie propre dans l'administration qu'on
    écraserait, sauf sa structure : elle n'est remplacée que si le fichier en nomme une inscrite)."""
    from osezia.dossiers.models import Guichet

    donnees = lire(fichier)
    nom = Path(fichier).name
    erreurs = []
    if inconnues := sorted(set(donnees) - {"guichets", "de_minimis"}):
        erreurs.append(f"{nom} : clé(s) inconnue(s) {', '.join(inconnues)}")
    minimis = donnees.get("de_minimis")
    if not isinstance(minimis, dict) or set(minimis) - CLES_DE_MINIMIS:
        erreurs.append(f"{nom}, de_minimis : {{{', '.join(sorted(CLES_DE_MINIMIS))}}} attendu")
    else:
        for cle in ("plafond", "annees", "seuil_alerte_pourcent"):
            if isinstance(minimis.get(cle), bool) or not isinstance(minimis.get(cle), int) or minimis[cle] <= 0:
                erreurs.append(f"{nom}, de_minimis : « {cle} » est un nombre entier positif")
        erreurs += erreurs_sources(minimis.get("sources"), ou=f"{nom}, de_minimis")
    compte, vus = {"guichets": 0, "ouverts": 0}, set()
    for rang, g in enumerate(donnees["guichets"], 1):
        slug = g.get("dispositif") if isinstance(g, dict) else None
        ou = f"{nom}, guichet « {slug or rang} »"
        if not isinstance(g, dict):
            erreurs.append(f"{ou} : un objet est attendu")
            continue
        inconnues = sorted(set(g) - CLES_GUICHET)
        if inconnues:
            erreurs.append(f"{ou} : clé(s) inconnue(s) {', '.join(inconnues)}")
        dispositif = DispositifFinancement.objects.filter(slug=slug).first() if slug else None
        if dispositif is None or slug in vus:
            erreurs.append(f"{ou} : dispositif {'inconnu' if dispositif is None else 'en double'}")
            continue
        vus.add(slug)
        if dispositif.est_general:
            erreurs.append(f"{ou} : un diagnostic ou une formation ne se demande pas pour un projet")
        delai = g.get("delai_decision_jours")
        if isinstance(delai, bool) or not isinstance(delai, int) or not 1 <= delai <= 730:
            erreurs.append(f"{ou} : delai_decision_jours entre 1 et 730")
        erreurs += _verifier_pieces(ou, g.get("pieces") or [])
        operateur = _operateur(g.get("operateur"))
        if g.get("operateur") is not None and operateur is None:
            erreurs.append(f"{ou} : aucune structure d'accompagnement inscrite sous « {g['operateur']} »")
        if erreurs:
            continue
        guichet = Guichet.objects.filter(dispositif=dispositif).first() or Guichet(dispositif=dispositif)
        guichet.delai_decision_jours = delai
        guichet.pieces = [
            {**p, "nom": " ".join(p["nom"].split()), "types": list(p["types"])} for p in g.get("pieces") or []
        ]
        if operateur is not None:
            guichet.operateur, guichet.est_demo = operateur, False
        guichet.full_clean()
        guichet.save()
        compte["guichets"] += 1
        compte["ouverts"] += guichet.ouvert
    if erreurs:
        raise ErreurGuichet(erreurs)
    return compte


def rattacher_demo(structure, *, fichier=FICHIER):
    """En démonstration : les guichets `demo: true` sans structure inscrite sont instruits par la structure fictive."""
    from osezia.dossiers.models import Guichet

    slugs = [g["dispositif"] for g in lire(fichier)["guichets"] if isinstance(g, dict) and g.get("demo")]
    return Guichet.objects.filter(dispositif__slug__in=slugs, operateur__isnull=True).update(
        operateur=structure, est_demo=True
    )
