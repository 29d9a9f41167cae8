"""Besoins synthétiques du banc d'essai de la mise en relation (bench_mise_en_relation) : une entreprise de
démonstration, des besoins écrits avec le vocabulaire des cas d'usage, et des exigences tirées au hasard."""

import random

from osezia.cas_usage.models import CasUsage
from osezia.catalogue.enums import Certification, Langue
from osezia.organisations.enums import TypeOrganisation
from osezia.organisations.models import Organisation
from osezia.relations.enums import Budget, HebergementExige
from osezia.relations.models import Besoin

PHRASES = [
    "Nous passons trop de temps sur les {a} et voudrions automatiser les {b}.",
    "Aujourd'hui tout se fait à la main : {a}, {b}, et des oublis chaque semaine.",
    "Nous cherchons un outil simple pour les {a}, relié à notre logiciel de {logiciel}.",
]
LOGICIELS = ["gestion", "comptabilité", "caisse", "paie", "planification"]


def entreprise():
    organisation, _ = Organisation.objects.get_or_create(
        slug="banc-entreprise-mise-en-relation",
        defaults={
            "type": TypeOrganisation.ENTREPRISE, "nom": "Entreprise du banc d'essai (fictive)", "effectif": 8,
            "chiffre_affaires": 700_000, "region_id": "84", "est_demo": True,
            "source": "Banc d'essai (données synthétiques)",
        },
    )  # fmt: skip
    return organisation


def besoins(nombre, *, graine=11):
    """`nombre` besoins non enregistrés (l'appariement n'a besoin que de l'objet)."""
    aleatoire = random.Random(graine)
    organisation = entreprise()
    cas_usage = list(CasUsage.objects.order_by("pk"))
    resultat = []
    for _ in range(nombre):
        cas = aleatoire.choice(cas_usage)
        expressions = [m for m in cas.mots_cles if 1 <= len(m.split()) <= 3] or [cas.titre]
        description = " ".join(
            gabarit.format(a=aleatoire.choice(expressions), b=aleatoire.choice(expressions),
                           logiciel=aleatoire.choice(LOGICIELS))
            for gabarit in aleatoire.sample(PHRASES, 2)
        )  # fmt: skip
        resultat.append(
            Besoin(
                entreprise=organisation,
                cas_usage=cas,
                description=description,
                budget=aleatoire.choice(Budget.values),
                hebergement=aleatoire.choice(HebergementExige.values),
                certifications=aleatoire.choice([[], [], [], [Certification.ISO_27001]]),
                langues=aleatoire.choice([[], [Langue.FR]]),
                sur_site=aleatoire.random() < 0.2,
                intervention_sur_place=False,
                est_demo=True,
            )
        )
    return resultat
