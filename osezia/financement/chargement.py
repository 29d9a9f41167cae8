"""Chargement des dispositifs de financement depuis contenus/dispositifs.yaml (tout ou rien, schéma :
docs/contenus.md). Chaque erreur dit le fichier, le dispositif et l'endroit."""

import datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from osezia.cas_usage.enums import NatureProjet
from osezia.financement.enums import CLES_SOURCES, OBJETS_GENERAUX, TYPES_CRITERES, ModeCalendrier
from osezia.financement.models import DispositifFinancement
from osezia.utils.sources import erreurs_sources, normaliser

FICHIER = Path(__file__).resolve().parent / "contenus" / "dispositifs.yaml"
CATEGORIES = {"TPE", "PME", "ETI", "GE"}
CLES_RACINE = {"documents", "dispositifs"}  # « documents » : les ancres YAML des sources, rien à charger
CLES_DISPOSITIF = {
    "slug",
    "nom",
    "porteur",
    "type",
    "finance",
    "projets",
    "resume",
    "taux",
    "plafond",
    "cout_reference",
    "criteres",
    "conditions",
    "notes",
    "calendrier",
    "sources",
}
CLES_CRITERE = {"type", "valeur", "prioritaire", "sources"}
CLES_CONDITION = {"texte", "sources"}
CLES_CALENDRIER = {"mode", "texte", "sources", "fenetres"}
CLES_FENETRE = {"libelle", "ouverture", "cloture", "sources"}


class ErreurDispositif(Exception):
    def __init__(self, erreurs):
        self.erreurs = erreurs
        super().__init__("\n".join(erreurs))


def _cles_inconnues(objet, permises, *, ou):
    if not isinstance(objet, dict):
        return [f"{ou} : un objet est attendu"]
    inconnues = sorted(set(objet) - permises)
    return [f"{ou} : clé(s) inconnue(s) {', '.join(inconnues)}"] if inconnues else []


def _texte(valeur):
    return " ".join(str(valeur or "").split())


def _verifier_criteres(ou, criteres):
    if not isinstance(criteres, list):
        return [f"{ou} : « criteres » est une liste"]
    erreurs = []
    for rang, critere in enumerate(criteres, 1):
        ici = f"{ou}, critère {rang}"
        erreurs += _cles_inconnues(critere, CLES_CRITERE, ou=ici)
        if not isinstance(critere, dict):
            continue
        type_, valeur = critere.get("type"), critere.get("valeur")
        if type_ not in TYPES_CRITERES:
            erreurs.append(f"{ici} : critère inconnu {type_!r} (possibles : {', '.join(sorted(TYPES_CRITERES))})")
            continue
        ici = f"{ou}, critère {type_}"
        if type_ == "categories" and not (isinstance(valeur, list) and valeur and set(valeur) <= CATEGORIES):
            erreurs.append(f"{ici} : catégories inconnues {valeur} (TPE, PME, ETI, GE)")
        elif type_.endswith(("_min", "_max")) and (isinstance(valeur, bool) or not isinstance(valeur, int)):
            erreurs.append(f"{ici} : un nombre entier est attendu")
        elif type_ in ("sections_naf", "divisions_naf", "regions") and not (
            isinstance(valeur, list) and valeur and all(isinstance(v, str) for v in valeur)
        ):
            erreurs.append(f"{ici} : une liste de codes (textes) est attendue")
        if not isinstance(critere.get("prioritaire", False), bool):
            erreurs.append(f"{ici} : « prioritaire » vaut true ou false")
        erreurs += erreurs_sources(critere.get("sources"), ou=ici)
    return erreurs


def _verifier_conditions(ou, conditions):
    if not isinstance(conditions, list):
        return [f"{ou} : « conditions » est une liste"]
    erreurs = []
    for rang, condition in enumerate(conditions, 1):
        ici = f"{ou}, condition {rang}"
        erreurs += _cles_inconnues(condition, CLES_CONDITION, ou=ici)
        if isinstance(condition, dict):
            if not _texte(condition.get("texte")):
                erreurs.append(f"{ici} : texte manquant")
            erreurs += erreurs_sources(condition.get("sources"), ou=ici)
    return erreurs


def _date(valeur):
    if isinstance(valeur, datetime.date):
        return valeur
    try:
        return datetime.date.fromisoformat(str(valeur))
    except ValueError:
        return None


def _verifier_calendrier(ou, calendrier):
    ou = f"{ou}, calendrier"
    erreurs = _cles_inconnues(calendrier, CLES_CALENDRIER, ou=ou)
    if erreurs:
        return erreurs
    mode = calendrier.get("mode")
    if mode not in ModeCalendrier.values:
        return [f"{ou} : mode {mode!r} inconnu ({', '.join(ModeCalendrier.values)})"]
    if mode == ModeCalendrier.PERMANENT or calendrier.get("texte"):
        erreurs += erreurs_sources(calendrier.get("sources"), ou=ou)
    fenetres = calendrier.get("fenetres")
    if mode != ModeCalendrier.FENETRES:
        if fenetres:
            erreurs.append(f"{ou} : des fenêtres datées demandent « mode: fenetres »")
        return erreurs
    if not isinstance(fenetres, list) or not fenetres:
        return [*erreurs, f"{ou} : « mode: fenetres » demande au moins une fenêtre"]
    for rang, fenetre in enumerate(fenetres, 1):
        ici = f"{ou}, fenêtre {rang}"
        erreurs += _cles_inconnues(fenetre, CLES_FENETRE, ou=ici)
        if not isinstance(fenetre, dict):
            continue
        if not _texte(fenetre.get("libelle")):
            erreurs.append(f"{ici} : libellé manquant")
        ouverture, cloture = _date(fenetre.get("ouverture")), _date(fenetre.get("cloture"))
        if ouverture is None or cloture is None:
            erreurs.append(f"{ici} : dates d'ouverture et de clôture attendues (AAAA-MM-JJ)")
        elif ouverture > cloture:
            erreurs.append(f"{ici} : la clôture ({cloture}) précède l'ouverture ({ouverture})")
        erreurs += erreurs_sources(fenetre.get("sources"), ou=ici)
    return erreurs


def _verifier(ou, d):
    """Toutes les erreurs d'un dispositif du fichier (le modèle vérifie ensuite ses champs)."""
    erreurs = _cles_inconnues(d, CLES_DISPOSITIF, ou=ou)
    sources = d.get("sources") or {}
    if not isinstance(sources, dict):
        return [*erreurs, f"{ou} : « sources » est un objet {{{', '.join(CLES_SOURCES)}: [sources]}}"]
    erreurs += _cles_inconnues(sources, set(CLES_SOURCES), ou=f"{ou}, sources")
    for cle in CLES_SOURCES:
        requis = cle in ("presentation", "finance") or d.get(cle) is not None
        erreurs += erreurs_sources(sources.get(cle), ou=f"{ou}, sources.{cle}", obligatoire=requis)
    projets = d.get("projets") or []
    inconnus = [p for p in projets if p not in NatureProjet.values] if isinstance(projets, list) else [projets]
    if inconnus:
        erreurs.append(f"{ou} : natures de projet inconnues {inconnus} ({', '.join(NatureProjet.values)})")
    elif d.get("finance") in OBJETS_GENERAUX and projets:
        erreurs.append(f"{ou} : un diagnostic ou une formation sert toute l'entreprise : « projets » reste vide")
    elif d.get("finance") not in OBJETS_GENERAUX and not projets:
        erreurs.append(f"{ou} : « projets » dit quelles natures de projet le dispositif aide")
    erreurs += _verifier_criteres(ou, d.get("criteres") or [])
    erreurs += _verifier_conditions(ou, d.get("conditions") or [])
    notes = d.get("notes") or []
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        erreurs.append(f"{ou} : « notes » est une liste de textes")
    erreurs += _verifier_calendrier(ou, d.get("calendrier") or {"mode": None})
    return erreurs


def _calendrier(calendrier):
    resultat = {"mode": calendrier["mode"], "texte": _texte(calendrier.get("texte"))}
    resultat["sources"] = normaliser(calendrier.get("sources"))
    resultat["fenetres"] = [
        {
            "libelle": _texte(f["libelle"]),
            "ouverture": _date(f["ouverture"]).isoformat(),
            "cloture": _date(f["cloture"]).isoformat(),
            "sources": normaliser(f.get("sources")),
        }
        for f in calendrier.get("fenetres") or []
    ]
    return resultat


@transaction.atomic
def charger_dispositifs(*, mettre_a_jour=False, fichier=FICHIER):
    nom_fichier = Path(fichier).name
    try:
        donnees = yaml.safe_load(Path(fichier).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as erreur:
        raise ErreurDispositif([f"{nom_fichier} illisible : {erreur}"])
    if not isinstance(donnees, dict) or not isinstance(donnees.get("dispositifs"), list):
        raise ErreurDispositif([f"{nom_fichier} : la racine a une liste « dispositifs »"])
    erreurs = _cles_inconnues(donnees, CLES_RACINE, ou=nom_fichier)
    compte, vus = {"crees": 0, "mis_a_jour": 0, "inchanges": 0}, set()
    for rang, d in enumerate(donnees["dispositifs"], 1):
        slug = d.get("slug") if isinstance(d, dict) else None
        ou = f"{nom_fichier}, dispositif « {slug or rang} »"
        if not slug or slug in vus:
            erreurs.append(f"{ou} : slug {'manquant' if not slug else 'en double'}")
            continue
        vus.add(slug)
        problemes = _verifier(ou, d)
        if problemes:
            erreurs += problemes
            continue
        existant = DispositifFinancement.objects.filter(slug=slug).first()
        if existant and not mettre_a_jour:
            compte["inchanges"] += 1
            continue
        objet = existant or DispositifFinancement(slug=slug)
        for champ in ("nom", "porteur", "type", "finance", "taux", "plafond", "cout_reference"):
            setattr(objet, champ, d.get(champ))
        objet.resume = _texte(d.get("resume"))
        objet.projets = list(d.get("projets") or [])
        objet.criteres = [
            {**c, "prioritaire": bool(c.get("prioritaire")), "sources": normaliser(c.get("sources"))}
            for c in d.get("criteres") or []
        ]
        objet.conditions = [
            {"texte": _texte(c["texte"]), "sources": normaliser(c.get("sources"))} for c in d.get("conditions") or []
        ]
        objet.notes = [_texte(n) for n in d.get("notes") or []]
        objet.calendrier = _calendrier(d["calendrier"])
        objet.sources = {cle: normaliser(d["sources"].get(cle)) for cle in CLES_SOURCES if d["sources"].get(cle)}
        try:
            objet.full_clean()
        except ValidationError as erreur:
            erreurs += [f"{ou} : {champ} : {' '.join(m)}" for champ, m in erreur.message_dict.items()]
            continue
        objet.save()
        compte["mis_a_jour" if existant else "crees"] += 1
    if erreurs:
        raise ErreurDispositif(erreurs)
    return compte
