"""Données synthétiques du banc d'essai de la recherche (bench_recherche) : des fiches plausibles, en français,
dont le vocabulaire vient du référentiel, pour que la distribution des mots ressemble à celle du vrai catalogue."""

import random

from django.db import transaction

from osezia.cas_usage.models import CasUsage
from osezia.catalogue.enums import (
    Certification,
    Deploiement,
    Hebergement,
    ModeleTarifaire,
    OrigineSolution,
    StatutSolution,
    TailleCible,
    TranchePrix,
)
from osezia.catalogue.models import Solution
from osezia.organisations.enums import TypeOrganisation
from osezia.organisations.models import Organisation
from osezia.recherche.indexation import reindexer
from osezia.referentiels.models import SecteurNAF
from osezia.utils.texte import mots

SOURCE = "Banc d'essai (données synthétiques)"
GABARITS = [
    "{Nom} aide les {cible} à {verbe} leurs {objet}.",
    "L'outil {verbe2} automatiquement les {objet} et signale les {probleme}.",
    "Conçu pour les {cible}, il s'installe en {delai} et se relie à votre logiciel de {logiciel}.",
    "Il réduit les {probleme} et le temps passé sur les {objet}.",
]
REMPLISSAGE = {
    "cible": ["TPE", "artisans", "commerçants", "PME industrielles", "cabinets", "transporteurs", "restaurateurs"],
    "verbe": ["traiter", "classer", "prévoir", "suivre", "analyser", "rédiger", "contrôler", "planifier"],
    "verbe2": ["lit", "trie", "vérifie", "résume", "prépare", "compare"],
    "probleme": ["erreurs de saisie", "retards", "oublis", "doublons", "pannes", "ruptures", "litiges"],
    "delai": ["une journée", "quelques jours", "deux semaines", "un mois"],
    "logiciel": ["gestion", "comptabilité", "caisse", "paie", "planification", "messagerie"],
}


def _vocabulaire():
    """{cas d'usage: expressions courtes de ses mots-clés} : une fiche parle du sujet de son cas d'usage."""
    return {
        cas.pk: sorted({m for m in cas.mots_cles if 1 <= len(m.split()) <= 2})
        for cas in CasUsage.objects.order_by("pk")
    }


def generer(nombre, *, graine=2026, taille_lot=5000):
    """Crée `nombre` solutions publiées synthétiques (et 1 fournisseur pour 200 solutions), puis les indexe."""
    aleatoire = random.Random(graine)
    vocabulaire = _vocabulaire()
    cas_usage = list(vocabulaire)
    divisions = list(SecteurNAF.objects.divisions().values_list("code", flat=True))
    fournisseurs = [
        Organisation(type=TypeOrganisation.FOURNISSEUR, nom=f"Banc fournisseur {i}", slug=f"banc-fournisseur-{i}",
                     est_demo=True, source=SOURCE)
        for i in range(max(1, nombre // 200))
    ]  # fmt: skip
    with transaction.atomic():
        Organisation.objects.bulk_create(fournisseurs, batch_size=1000)
        fournisseurs = list(Organisation.objects.filter(source=SOURCE).values_list("pk", flat=True))
        Lien = Solution.cas_usage.through
        Secteur = Solution.secteurs.through
        for debut in range(0, nombre, taille_lot):
            lot, usages = [], []
            for i in range(debut, min(nombre, debut + taille_lot)):
                choisis = aleatoire.sample(cas_usage, aleatoire.randint(1, 3))
                usages.append(choisis)
                mots_du_sujet = vocabulaire[choisis[0]]
                objet = aleatoire.choice(mots_du_sujet)
                nom = f"{objet.capitalize()} {aleatoire.choice(['Pro', 'Express', 'Atelier', 'Plus', 'Clair', 'Net'])} {i}"
                phrases = [
                    g.format(Nom=nom, objet=aleatoire.choice(mots_du_sujet), **{k: aleatoire.choice(v) for k, v in REMPLISSAGE.items()})
                    for g in aleatoire.sample(GABARITS, 3)
                ]  # fmt: skip
                lot.append(
                    Solution(
                        nom=nom,
                        slug=f"banc-{i}",
                        fournisseur_id=aleatoire.choice(fournisseurs),
                        description_courte=phrases[0][:200],
                        description=" ".join(phrases),
                        tailles_cibles=aleatoire.sample(TailleCible.values, aleatoire.randint(1, 3)),
                        modele_tarifaire=aleatoire.choice(ModeleTarifaire.values),
                        tranche_prix=aleatoire.choice(TranchePrix.values),
                        deploiement=aleatoire.choice(Deploiement.values),
                        hebergement=aleatoire.choice(Hebergement.values),
                        certifications=aleatoire.sample(Certification.values, aleatoire.choice([0, 0, 1, 2])),
                        statut=StatutSolution.PUBLIEE,
                        origine=OrigineSolution.DEMO,
                        est_demo=True,
                        source=SOURCE,
                    )
                )
            crees = Solution.objects.bulk_create(lot, batch_size=1000)
            Lien.objects.bulk_create(
                [Lien(solution_id=s.pk, casusage_id=c) for s, choisis in zip(crees, usages, strict=True) for c in choisis],
                batch_size=5000,
            )  # fmt: skip
            Secteur.objects.bulk_create(
                [Secteur(solution_id=s.pk, secteurnaf_id=d) for s in crees for d in aleatoire.sample(divisions, aleatoire.choice([0, 0, 1, 2, 3]))],
                batch_size=5000,
            )  # fmt: skip
    return reindexer(tout=True)


def requetes(nombre, *, graine=7):
    """Des requêtes de 2 ou 3 mots d'un même métier (mots-clés d'un cas d'usage), avec deux facettes chacune."""
    aleatoire = random.Random(graine)
    sujets = [[m for m in expressions if len(mots(m)) == 1 and len(m) > 4] for expressions in _vocabulaire().values()]
    sujets = [s for s in sujets if len(s) >= 3]
    deux_facettes = [
        {"hebergement": "france", "taille": "PME"},
        {"taille": "TPE", "prix": "50-200"},
        {"hebergement": "ue", "certification": "iso-27001"},
        {"prix": "moins-50", "hebergement": "france"},
    ]
    resultat = []
    for _ in range(nombre):
        q = " ".join(aleatoire.sample(aleatoire.choice(sujets), aleatoire.choice([2, 3])))
        resultat.append({"q": q, **aleatoire.choice(deux_facettes)})
    return resultat
