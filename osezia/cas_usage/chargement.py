"""Chargement du référentiel des cas d'usage depuis contenus/*.yaml (format : docs/contenus.md).

Tout ou rien : une erreur dans un fichier n'écrit rien et dit où elle est.
Une fiche déjà en base n'est réécrite qu'avec `mettre_a_jour=True`, pour ne pas écraser
les corrections faites par un pilote dans l'administration.
"""

import csv
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from osezia.cas_usage.enums import NatureProjet
from osezia.cas_usage.models import CasUsage, FonctionMetier, PertinenceSectorielle
from osezia.referentiels.enums import NiveauNAF
from osezia.referentiels.models import SecteurNAF

CONTENUS = Path(__file__).resolve().parent / "contenus"
FICHIERS_FONCTIONS = ["creation", "production", "vente", "logistique", "rh", "administratif", "ecologie", "pilotage"]


class ErreurContenu(Exception):
    def __init__(self, erreurs):
        self.erreurs = erreurs
        super().__init__("\n".join(erreurs))


def slugs_canoniques():
    with open(CONTENUS / "cas_usage.csv", encoding="utf-8", newline="") as f:
        return {ligne["slug"]: ligne for ligne in csv.DictReader(f)}


def _lire(nom):
    chemin = CONTENUS / f"{nom}.yaml"
    try:
        return yaml.safe_load(chemin.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ErreurContenu([f"{chemin.name} : fichier absent"])
    except yaml.YAMLError as erreur:
        raise ErreurContenu([f"{chemin.name} : YAML illisible ({erreur})"])


def pertinences_par_division(secteurs, divisions_par_section):
    """{code: force} où code est une division ou une section → {division: force}, la division explicite l'emportant."""
    resultat = {}
    for code, force in secteurs.items():
        code = str(code)
        if code in divisions_par_section:
            for division in divisions_par_section[code]:
                resultat.setdefault(division, force)
    for code, force in secteurs.items():
        code = str(code)
        if code not in divisions_par_section:
            resultat[code] = force
    return resultat


def _champs(cas, fonction):
    prerequis = cas.get("prerequis") or {}
    ai_act = cas.get("ai_act") or {}
    rgpd = cas.get("rgpd") or {}
    return {
        "fonction": fonction,
        "titre": cas.get("titre", ""),
        "resume": cas.get("resume", ""),
        "ce_que_ca_fait": cas.get("ce_que_ca_fait", ""),
        "exemple": cas.get("exemple", ""),
        "benefices": cas.get("benefices") or [],
        "kpi": cas.get("kpi", ""),
        "prerequis_donnees": prerequis.get("donnees", ""),
        "prerequis_outils": prerequis.get("outils", ""),
        "prerequis_competences": prerequis.get("competences", ""),
        "effort": cas.get("effort", ""),
        "cout": cas.get("cout", ""),
        "delai": cas.get("delai", ""),
        "maturite_offre": cas.get("maturite_offre", ""),
        "nature_projet": cas.get("nature_projet") or "",
        "risque_ai_act": ai_act.get("niveau", ""),
        "ai_act_reference": ai_act.get("reference") or "",
        "ai_act_explication": ai_act.get("explication", ""),
        "sensibilite_rgpd": rgpd.get("sensibilite", ""),
        "rgpd_explication": rgpd.get("explication", ""),
        "transversal": bool(cas.get("transversal")),
        "mots_cles": [str(m).strip().lower() for m in cas.get("mots_cles") or [] if str(m).strip()],
        "sources": cas.get("sources") or [],
    }


def _valider_texte(valeur):
    return str(valeur).strip()


@transaction.atomic
def charger_referentiel(*, mettre_a_jour=False):
    """Charge fonctions et cas d'usage ; renvoie {"fonctions": n, "crees": n, "mis_a_jour": n, "inchanges": n}."""
    erreurs = []
    donnees_fonctions = _lire("fonctions")
    fonctions = {}
    for ordre, f in enumerate(donnees_fonctions["fonctions"], 1):
        fonction, _ = FonctionMetier.objects.update_or_create(
            slug=f["slug"],
            defaults={
                "nom": f["nom"],
                "accroche": f["accroche"],
                "description": " ".join(f["description"].split()),
                "icone": f.get("icone", ""),
                "ordre": ordre,
            },
        )
        fonctions[fonction.slug] = fonction

    canon = slugs_canoniques()
    divisions = set(SecteurNAF.objects.divisions().values_list("code", flat=True))
    divisions_par_section = {}
    for code, section in SecteurNAF.objects.divisions().values_list("code", "section_id"):
        divisions_par_section.setdefault(section, []).append(code)

    vus = set()
    compte = {"fonctions": len(fonctions), "crees": 0, "mis_a_jour": 0, "inchanges": 0}
    for nom_fichier in FICHIERS_FONCTIONS:
        donnees = _lire(nom_fichier)
        for cas in donnees.get("cas_usage") or []:
            ou = f"{nom_fichier}.yaml, cas d'usage « {cas.get('slug')} »"
            slug = cas.get("slug")
            if slug not in canon:
                erreurs.append(f"{ou} : slug absent de cas_usage.csv")
                continue
            if slug in vus:
                erreurs.append(f"{ou} : slug en double")
                continue
            vus.add(slug)
            fonction = fonctions.get(donnees.get("fonction"))
            if fonction is None:
                erreurs.append(f"{ou} : fonction inconnue {donnees.get('fonction')!r}")
                continue
            secteurs = cas.get("secteurs") or {}
            inconnus = [str(c) for c in secteurs if str(c) not in divisions and str(c) not in divisions_par_section]
            if inconnus:
                erreurs.append(f"{ou} : codes NAF inconnus {', '.join(inconnus)}")
            if not cas.get("nature_projet"):
                erreurs.append(f"{ou} : nature_projet manquante ({', '.join(NatureProjet.values)})")
            forces_invalides = [f for f in secteurs.values() if f not in (1, 2, 3)]
            if forces_invalides:
                erreurs.append(f"{ou} : force de pertinence hors 1 à 3 : {forces_invalides}")
            existant = CasUsage.objects.filter(slug=slug).first()
            if existant and not mettre_a_jour:
                compte["inchanges"] += 1
                continue
            objet = existant or CasUsage(slug=slug)
            for champ, valeur in _champs(cas, fonction).items():
                setattr(objet, champ, valeur)
            try:
                objet.full_clean()
            except ValidationError as erreur:
                for champ, messages in erreur.message_dict.items():
                    erreurs.append(f"{ou} : {champ} : {' '.join(messages)}")
                continue
            if inconnus or forces_invalides:
                continue
            objet.save()
            objet.pertinences.all().delete()
            PertinenceSectorielle.objects.bulk_create(
                PertinenceSectorielle(cas_usage=objet, division_id=division, force=force)
                for division, force in pertinences_par_division(secteurs, divisions_par_section).items()
            )
            compte["mis_a_jour" if existant else "crees"] += 1

    manquants = sorted(set(canon) - vus)
    if manquants:
        erreurs.append(f"cas d'usage de cas_usage.csv sans contenu : {', '.join(manquants)}")
    if erreurs:
        raise ErreurContenu(erreurs)
    return compte


def divisions_naf():
    return SecteurNAF.objects.filter(niveau=NiveauNAF.DIVISION)
