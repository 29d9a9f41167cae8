"""Chargement idempotent des référentiels depuis les fichiers de donnees/ (voir donnees/PROVENANCE.md).

Les fonctions reçoivent les classes de modèles pour servir aussi dans les migrations de données.
"""

import csv
from pathlib import Path

from osezia.referentiels.tailles import definitions as definitions_tailles

DONNEES = Path(__file__).resolve().parent / "donnees"


def _lire_csv(nom):
    with open(DONNEES / nom, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def charger_naf(SecteurNAF):
    courts = {ligne["code"]: ligne["label_65"] for ligne in _lire_csv("naf_rev2_short_labels.csv")}
    lignes = _lire_csv("naf_rev2.csv")
    existants = set(SecteurNAF.objects.values_list("code", flat=True))
    par_code = {ligne["code"]: ligne for ligne in lignes}

    def ancetre(code, niveau):
        while code:
            ligne = par_code[code]
            if ligne["level"] == niveau:
                return code
            code = ligne["parent"]
        return None

    objets = [
        SecteurNAF(
            code=ligne["code"],
            niveau=ligne["level"],
            libelle=ligne["label"],
            libelle_court=courts.get(ligne["code"], ligne["label"])[:80],
        )
        for ligne in lignes
    ]
    # Deux passes : les lignes d'abord, les liens ensuite (l'ordre du fichier n'a pas à compter).
    SecteurNAF.objects.bulk_create([o for o in objets if o.code not in existants])
    SecteurNAF.objects.bulk_update(
        [o for o in objets if o.code in existants], ["niveau", "libelle", "libelle_court"], batch_size=500
    )
    for objet in objets:
        ligne = par_code[objet.code]
        objet.parent_id = ligne["parent"] or None
        objet.division_id = ancetre(objet.code, "division")
        objet.section_id = ancetre(objet.code, "section")
    SecteurNAF.objects.bulk_update(objets, ["parent", "division", "section"], batch_size=500)
    return len(objets)


def charger_geographie(Region, Departement):
    for ligne in _lire_csv("regions.csv"):
        Region.objects.update_or_create(code=ligne["code"], defaults={"nom": ligne["name"]})
    for ligne in _lire_csv("departements.csv"):
        Departement.objects.update_or_create(
            code=ligne["code"], defaults={"nom": ligne["name"], "region_id": ligne["region_code"]}
        )
    return Region.objects.count(), Departement.objects.count()


def charger_categories(CategorieEntreprise):
    donnees = definitions_tailles()
    source = f"{donnees['legal_basis']['decree']} ({donnees['legal_basis']['legifrance_id']})"
    codes = {"MIC": "TPE"}
    for ordre, definition in enumerate(donnees["categories"], 1):
        noms = definition.get("common_names_fr") or []
        CategorieEntreprise.objects.update_or_create(
            code=codes.get(definition["code"], definition["code"]),
            defaults={
                "nom": noms[0] if noms else definition["name_fr"],
                "ordre": ordre,
                "effectif_inferieur_a": definition.get("headcount_lt"),
                "chiffre_affaires_max": definition.get("turnover_max_eur"),
                "total_bilan_max": definition.get("balance_sheet_max_eur"),
                "regle": definition["rule_fr"],
                "source": source,
            },
        )
    return CategorieEntreprise.objects.count()


def charger_tout(modeles):
    return {
        "secteurs NAF": charger_naf(modeles["SecteurNAF"]),
        "régions et départements": charger_geographie(modeles["Region"], modeles["Departement"]),
        "catégories d'entreprise": charger_categories(modeles["CategorieEntreprise"]),
    }
