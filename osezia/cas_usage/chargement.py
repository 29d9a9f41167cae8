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

from osezia.cas_usage.enums import (
    AdequationTaille,
    CompetencesNecessaires,
    DonneesNecessaires,
    Equipement,
    NatureProjet,
)
from osezia.cas_usage.models import (
    CasUsage,
    CodeMetier,
    FonctionMetier,
    Metier,
    PertinenceMetier,
    PertinenceSectorielle,
)
from osezia.referentiels.enums import CategorieTaille, NiveauNAF
from osezia.referentiels.models import SecteurNAF
from osezia.utils.sources import erreurs_sources

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
            erreurs_des_sources = erreurs_sources(cas.get("sources"), ou=ou)
            if erreurs_des_sources:
                erreurs += erreurs_des_sources
                continue
            existant = CasUsage.objects.filter(slug=slug).first()
            if existant and not mettre_a_jour:
                champs_venus_apres = []
                if not existant.nature_projet and cas.get("nature_projet") in NatureProjet.values:
                    # Champ venu après coup : la fiche le reçoit, sans que ses autres champs soient réécrits.
                    existant.nature_projet = cas["nature_projet"]
                    champs_venus_apres.append("nature_projet")
                if erreurs_sources(existant.sources, ou=ou):
                    # Sources de l'ancien format (adresse, date de consultation) : remplacées par celles du contenu.
                    existant.sources = cas["sources"]
                    champs_venus_apres.append("sources")
                if champs_venus_apres:
                    existant.save(update_fields=champs_venus_apres)
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


TAILLES = [CategorieTaille.TPE, CategorieTaille.PME, CategorieTaille.ETI, CategorieTaille.GE]


def _lire_tailles(tailles, ou):
    """{taille: {adequation, condition, signaux, raison}} validé ; une taille absente est adaptée."""
    resultat, erreurs = {}, []
    if not isinstance(tailles, dict):
        return {}, [f"{ou} : tailles : un objet est attendu"]
    for taille, valeur in tailles.items():
        if taille not in TAILLES:
            erreurs.append(f"{ou} : taille inconnue « {taille} » (TPE, PME, ETI ou GE)")
            continue
        if isinstance(valeur, str):
            valeur = {"adequation": valeur}
        adequation = (valeur or {}).get("adequation")
        if adequation not in AdequationTaille.values:
            erreurs.append(
                f"{ou} : {taille} : adéquation « {adequation} » inconnue ({', '.join(AdequationTaille.values)})"
            )
            continue
        entree = {"adequation": adequation}
        if adequation == AdequationTaille.SOUS_CONDITIONS:
            condition = " ".join(str(valeur.get("condition") or "").split())
            signaux = [str(s).strip().lower() for s in valeur.get("signaux") or [] if str(s).strip()]
            if not condition or not signaux:
                erreurs.append(f"{ou} : {taille} : « sous-conditions » demande une condition et des signaux")
            entree.update(condition=condition, signaux=signaux)
        elif adequation == AdequationTaille.INADAPTEE:
            raison = " ".join(str(valeur.get("raison") or "").split())
            if not raison:
                erreurs.append(f"{ou} : {taille} : « inadaptee » demande une raison")
            entree["raison"] = raison
        if adequation != AdequationTaille.ADAPTEE:
            resultat[taille] = entree
    return resultat, erreurs


@transaction.atomic
def charger_exigences(*, mettre_a_jour=False):
    """Exigences et tailles de chaque cas d'usage (contenus/exigences.yaml), tout ou rien.

    Une fiche qui n'en a pas encore les reçoit ; une fiche déjà renseignée n'est réécrite qu'avec mettre_a_jour."""
    donnees = _lire("exigences")
    erreurs = erreurs_sources([donnees.get("source")], ou="exigences.yaml")
    entrees = donnees.get("cas_usage") or {}
    canon = slugs_canoniques()
    for slug in sorted(set(entrees) - set(canon)):
        erreurs.append(f"exigences.yaml : « {slug} » n'est pas un cas d'usage de cas_usage.csv")
    for slug in sorted(set(canon) - set(entrees)):
        erreurs.append(f"exigences.yaml : « {slug} » sans exigences")
    a_ecrire = []
    cas_par_slug = {c.slug: c for c in CasUsage.objects.filter(slug__in=entrees)}
    for slug, entree in entrees.items():
        ou = f"exigences.yaml, « {slug} »"
        entree = entree or {}
        for cle, choix in (
            ("equipement", Equipement),
            ("donnees", DonneesNecessaires),
            ("competences", CompetencesNecessaires),
        ):
            if entree.get(cle) not in choix.values:
                erreurs.append(f"{ou} : {cle} « {entree.get(cle)} » inconnu ({', '.join(choix.values)})")
        tailles, erreurs_tailles = _lire_tailles(entree.get("tailles") or {}, ou)
        erreurs += erreurs_tailles
        effectif_min = entree.get("effectif_min")
        raison_effectif = " ".join(str(entree.get("raison_effectif") or "").split())
        if effectif_min is not None and (not isinstance(effectif_min, int) or effectif_min < 2 or not raison_effectif):
            erreurs.append(f"{ou} : effectif_min doit être un entier ≥ 2, avec raison_effectif")
        cas = cas_par_slug.get(slug)
        if cas is None or (cas.exigence_equipement and not mettre_a_jour):
            continue
        cas.exigence_equipement = entree.get("equipement") or ""
        cas.exigence_donnees = entree.get("donnees") or ""
        cas.exigence_competences = entree.get("competences") or ""
        cas.tailles = tailles
        cas.effectif_min = effectif_min
        cas.raison_effectif = raison_effectif
        cas.sources_exigences = [donnees.get("source")]
        a_ecrire.append(cas)
    if erreurs:
        raise ErreurContenu(erreurs)
    for cas in a_ecrire:
        cas.full_clean()
        cas.save()
    return {"ecrits": len(a_ecrire)}


NIVEAUX_METIER = (NiveauNAF.GROUPE, NiveauNAF.CLASSE, NiveauNAF.SOUS_CLASSE)


@transaction.atomic
def charger_metiers(*, mettre_a_jour=False):
    """Métiers (contenus/metiers.yaml), tout ou rien : un métier absent est créé ; un métier déjà en base n'est
    réécrit (codes et pertinences compris) qu'avec mettre_a_jour."""
    donnees = _lire("metiers")
    commune = donnees.get("source_commune")
    erreurs = erreurs_sources([commune], ou="metiers.yaml, source_commune")
    niveaux = dict(SecteurNAF.objects.filter(niveau__in=NIVEAUX_METIER).values_list("code", "niveau"))
    cas_usage = set(CasUsage.objects.values_list("slug", flat=True))
    codes_vus, slugs_vus, a_ecrire = {}, set(), []
    for metier in donnees.get("metiers") or []:
        slug = metier.get("slug")
        ou = f"metiers.yaml, métier « {slug} »"
        if not slug or slug in slugs_vus:
            erreurs.append(f"{ou} : identifiant manquant ou en double")
            continue
        slugs_vus.add(slug)
        if not str(metier.get("nom") or "").strip() or not str(metier.get("pourquoi") or "").strip():
            erreurs.append(f"{ou} : nom et pourquoi sont obligatoires")
        codes = metier.get("codes") or {}
        if not codes:
            erreurs.append(f"{ou} : aucun code NAF")
        for code, locution in codes.items():
            code = str(code)
            if code not in niveaux:
                erreurs.append(f"{ou} : « {code} » n'est pas un groupe, une classe ou une sous-classe NAF")
            if code in codes_vus:
                erreurs.append(f"{ou} : le code {code} est déjà rattaché au métier « {codes_vus[code]} »")
            codes_vus[code] = slug
            if locution is not None and not str(locution).strip():
                erreurs.append(f"{ou} : locution vide pour {code} (null pour reprendre le libellé NAF)")
        appellations = metier.get("appellations") or []
        if not isinstance(appellations, list) or not all(isinstance(a, str) and a.strip() for a in appellations):
            erreurs.append(f"{ou} : appellations : une liste de noms (« plombier », « plombière »)")
        pertinences = metier.get("pertinences") or {}
        if not pertinences:
            erreurs.append(f"{ou} : aucune pertinence")
        for cas, force in pertinences.items():
            if cas not in cas_usage:
                erreurs.append(f"{ou} : cas d'usage inconnu « {cas} »")
            if force not in (1, 2, 3):
                erreurs.append(f"{ou} : force {force!r} pour « {cas} » (1, 2 ou 3)")
        sources = metier.get("sources") or []
        erreurs += erreurs_sources(sources, ou=ou, obligatoire=False)
        a_ecrire.append((metier, [commune, *sources]))
    if erreurs:
        raise ErreurContenu(erreurs)
    existants = set(Metier.objects.values_list("slug", flat=True))
    ecrits = 0
    for metier, sources in a_ecrire:
        appellations = [a.strip() for a in metier.get("appellations") or []]
        if metier["slug"] in existants and not mettre_a_jour:
            # Champ venu après coup : un métier déjà en base le reçoit, sans que le reste soit réécrit.
            Metier.objects.filter(slug=metier["slug"], appellations=[]).update(appellations=appellations)
            continue
        objet = Metier(
            slug=metier["slug"],
            nom=str(metier["nom"]).strip(),
            pourquoi=" ".join(str(metier["pourquoi"]).split()),
            appellations=appellations,
            sources=sources,
        )
        objet.full_clean(validate_unique=False)
        objet.save()
        objet.codes.all().delete()
        CodeMetier.objects.filter(secteur__in=[str(c) for c in metier["codes"]]).delete()
        CodeMetier.objects.bulk_create(
            CodeMetier(secteur_id=str(code), metier=objet, locution=str(locution or "").strip())
            for code, locution in metier["codes"].items()
        )
        objet.pertinences.all().delete()
        ids = dict(CasUsage.objects.filter(slug__in=metier["pertinences"]).values_list("slug", "id"))
        PertinenceMetier.objects.bulk_create(
            PertinenceMetier(metier=objet, cas_usage_id=ids[cas], force=force)
            for cas, force in metier["pertinences"].items()
        )
        ecrits += 1
    return {"ecrits": ecrits, "metiers": len(a_ecrire)}


def divisions_naf():
    return SecteurNAF.objects.filter(niveau=NiveauNAF.DIVISION)
