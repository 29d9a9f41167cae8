"""Chargement des dispositifs de financement depuis contenus/dispositifs.yaml (tout ou rien)."""

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from osezia.financement.enums import TYPES_CRITERES
from osezia.financement.models import DispositifFinancement

FICHIER = Path(__file__).resolve().parent / "contenus" / "dispositifs.yaml"
CATEGORIES = {"TPE", "PME", "ETI", "GE"}


class ErreurDispositif(Exception):
    def __init__(self, erreurs):
        self.erreurs = erreurs
        super().__init__("\n".join(erreurs))


def _verifier_criteres(slug, criteres):
    erreurs = []
    for critere in criteres:
        type_ = critere.get("type")
        if type_ not in TYPES_CRITERES:
            erreurs.append(f"{slug} : critère inconnu {type_!r}")
        elif type_ == "categories" and not set(critere.get("valeur") or []) <= CATEGORIES:
            erreurs.append(f"{slug} : catégories inconnues {critere.get('valeur')}")
        elif type_.endswith(("_min", "_max")) and not isinstance(critere.get("valeur"), int):
            erreurs.append(f"{slug} : le critère {type_} attend un nombre entier")
    return erreurs


@transaction.atomic
def charger_dispositifs(*, mettre_a_jour=False, fichier=FICHIER):
    try:
        donnees = yaml.safe_load(Path(fichier).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as erreur:
        raise ErreurDispositif([f"dispositifs.yaml illisible : {erreur}"])
    erreurs, compte = [], {"crees": 0, "mis_a_jour": 0, "inchanges": 0}
    for d in donnees.get("dispositifs") or []:
        slug = d.get("slug", "?")
        erreurs += _verifier_criteres(slug, d.get("criteres") or [])
        existant = DispositifFinancement.objects.filter(slug=slug).first()
        if existant and not mettre_a_jour:
            compte["inchanges"] += 1
            continue
        objet = existant or DispositifFinancement(slug=slug)
        for champ in ("nom", "porteur", "type", "finance", "taux", "plafond", "cout_reference", "date_verification"):
            setattr(objet, champ, d.get(champ))
        objet.resume = " ".join((d.get("resume") or "").split())
        objet.criteres = d.get("criteres") or []
        objet.a_verifier = [" ".join(t.split()) for t in d.get("a_verifier") or []]
        objet.confirmation = d.get("confirmation") or {}
        objet.sources = d.get("sources") or []
        try:
            objet.full_clean()
        except ValidationError as erreur:
            erreurs += [f"{slug} : {champ} : {' '.join(m)}" for champ, m in erreur.message_dict.items()]
            continue
        objet.save()
        compte["mis_a_jour" if existant else "crees"] += 1
    if erreurs:
        raise ErreurDispositif(erreurs)
    return compte
