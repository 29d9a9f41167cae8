"""Projets de démonstration : des entreprises fictives (« Démo — … », marquées est_demo comme les fournisseurs de
démonstration) et leurs projets passés par des étapes à des dates passées, pour que la page « Sortie du POC » montre
des cohortes sur une instance de démonstration.

Idempotent : une entreprise de démonstration est retrouvée par son nom ; ses projets ne sont créés que si elle n'en a
aucun. Les dates sont tirées (graine fixe) dans les 30 mois qui précèdent le premier chargement. Ces entreprises n'ont
aucun membre, sauf le dirigeant de démonstration de `dossiers/demo.py` ; aucune relance ne part pour un projet de
démonstration."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from osezia.cas_usage.models import CasUsage
from osezia.organisations.enums import TypeOrganisation
from osezia.organisations.models import Organisation
from osezia.projets import banc
from osezia.projets.enums import Etape, MotifArret, Sens, TypeEvenement, Unite
from osezia.projets.models import ChangementEtape, EvenementProjet, Indicateur, Mesure, Projet

SOURCE = "Données de démonstration osezia (fictives)"
PROJETS_PAR_ENTREPRISE = 10
# (nom, code NAF, région, effectif, chiffre d'affaires)
ENTREPRISES = [
    ("Démo — Boulangerie des Tilleuls", "10.71C", "53", 8, 650_000),
    ("Démo — Transports du Val de Loire", "49.41A", "32", 45, 6_500_000),
    ("Démo — Menuiserie du Lac", "43.32A", "84", 12, 1_400_000),
    ("Démo — Cabinet comptable des Halles", "69.20Z", "11", 22, 2_100_000),
    ("Démo — Hôtel du Port", "55.10Z", "93", 30, 3_000_000),
    ("Démo — Garage de la Gare", "45.20A", "44", 6, 900_000),
    ("Démo — Fromagerie des Alpes", "10.51C", "27", 60, 14_000_000),
    ("Démo — Imprimerie du Centre", "18.12Z", "75", 95, 18_000_000),
    ("Démo — Agence Horizon Voyages", "79.11Z", "76", 4, 500_000),
    ("Démo — Plasturgie de l'Ouest", "22.29A", "52", 280, 60_000_000),
    ("Démo — Épicerie fine du Marché", "47.29Z", "53", 3, 320_000),
    ("Démo — Laboratoire d'analyses du Val", "71.20B", "24", 140, 25_000_000),
]


def _entreprise(nom, naf, region, effectif, chiffre):
    entreprise = Organisation.objects.filter(type=TypeOrganisation.ENTREPRISE, nom=nom, est_demo=True).first()
    if entreprise is None:
        entreprise = Organisation(type=TypeOrganisation.ENTREPRISE, nom=nom, est_demo=True)
    entreprise.naf_id, entreprise.region_id = naf, region
    entreprise.effectif, entreprise.chiffre_affaires, entreprise.source = effectif, chiffre, SOURCE
    entreprise.save()
    return entreprise


@transaction.atomic
def charger_demo_projets(maintenant=None):
    """Crée les entreprises et projets de démonstration qui manquent ; renvoie {"entreprises": n, "projets": n}."""
    maintenant = maintenant or timezone.now()
    cas = list(CasUsage.objects.order_by("slug"))
    if not cas:
        return {"entreprises": 0, "projets": 0}
    nouveaux = 0
    for rang, ligne in enumerate(ENTREPRISES):
        entreprise = _entreprise(*ligne)
        if entreprise.projets.exists():
            continue
        rng = random.Random(f"demo-{rang}")
        for numero in range(PROJETS_PAR_ENTREPRISE):
            cree = maintenant - datetime.timedelta(days=rng.uniform(60, 30 * 30))
            _projet(entreprise, rng.choice(cas), cree, banc.parcours(rng, cree, maintenant), rng, numero)
            nouveaux += 1
    return {"entreprises": len(ENTREPRISES), "projets": nouveaux}


def _projet(entreprise, cas, cree, changements, rng, numero):
    dernier = changements[-1][2] if changements else cree
    projet = Projet.objects.create(
        entreprise=entreprise,
        titre=cas.titre[:200],
        objectif=f"Projet de démonstration (fictif) : {cas.resume}"[:5000],
        cas_usage=cas,
        etape=changements[-1][1] if changements else Etape.IDEE,
        etape_depuis=dernier,
        cree_le=cree,
        derniere_activite_le=dernier,
        est_demo=True,
    )
    evenements = [EvenementProjet(projet=projet, type=TypeEvenement.CREATION, texte="Projet créé.", cree_le=cree)]
    lignes = []
    for de, vers, le, motif in changements:
        if vers == Etape.PRODUCTION:
            # En production : au moins une valeur mesurée, avant le passage.
            indicateur = Indicateur.objects.create(
                projet=projet,
                libelle="Temps passé par semaine sur la tâche",
                unite=Unite.HEURES,
                valeur_reference=Decimal("12"),
                date_reference=cree.date(),
                cible=Decimal("4"),
                sens=Sens.BAISSE,
                du_cas_usage=True,
                cree_le=cree,
            )
            Mesure.objects.create(indicateur=indicateur, date=le.date(), valeur=Decimal(rng.randint(3, 8)), cree_le=le)
            evenements.append(
                EvenementProjet(projet=projet, type=TypeEvenement.MESURE, texte="Mesure enregistrée.", cree_le=le)
            )
        lignes.append(ChangementEtape(projet=projet, de=de, vers=vers, motif=motif, le=le))
        texte = f"Étape : {Etape(de).label} → {Etape(vers).label}"
        if motif:
            texte += f" ({MotifArret(motif).label.lower()})"
        evenements.append(EvenementProjet(projet=projet, type=TypeEvenement.ETAPE, texte=texte + ".", cree_le=le))
    ChangementEtape.objects.bulk_create(lignes)
    EvenementProjet.objects.bulk_create(evenements)
    return projet
