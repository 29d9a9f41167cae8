from django.db import models


class TypeDispositif(models.TextChoices):
    DIAGNOSTIC = "diagnostic", "Diagnostic"
    ACCOMPAGNEMENT = "accompagnement", "Accompagnement par un expert"
    SUBVENTION = "subvention", "Subvention"
    PRET = "pret", "Prêt"
    GARANTIE = "garantie", "Garantie de prêt"
    APPEL_A_PROJETS = "appel_a_projets", "Appel à projets"
    FORMATION = "formation", "Financement de formation"


class ObjetFinance(models.TextChoices):
    """Ce que le dispositif paie. Le libellé se lit après « finance » : « finance la R&D de rupture »."""

    DIAGNOSTIC = "diagnostic", "un diagnostic"
    PRESTATION = "prestation", "une prestation d'expert"
    INVESTISSEMENT = "investissement", "un investissement ou un prêt"
    RECHERCHE = "recherche", "la R&D de rupture"
    FORMATION = "formation", "la formation des équipes"


# Un diagnostic ou une formation sert l'entreprise entière : le rapport les montre une fois, pas sous chaque usage.
OBJETS_GENERAUX = (ObjetFinance.DIAGNOSTIC, ObjetFinance.FORMATION)


class StatutEligibilite(models.TextChoices):
    ELIGIBLE = "eligible", "Éligible"
    A_VERIFIER = "a_verifier", "À vérifier"
    FERME = "ferme", "Fermé"
    NON_ELIGIBLE = "non_eligible", "Non éligible"
    NON_ADAPTE = "non_adapte", "Non adapté"


# Ordre de préséance : le statut d'un dispositif est celui de sa vérification la plus grave. Ne pas financer ce
# genre de projet l'emporte sur tout ; un critère qui échoue, sur un appel fermé (qui rouvrira peut-être) ; un
# appel fermé, sur ce qui reste à vérifier.
GRAVITE = {
    StatutEligibilite.ELIGIBLE: 0,
    StatutEligibilite.A_VERIFIER: 1,
    StatutEligibilite.FERME: 2,
    StatutEligibilite.NON_ELIGIBLE: 3,
    StatutEligibilite.NON_ADAPTE: 4,
}


class ModeCalendrier(models.TextChoices):
    PERMANENT = "permanent", "Ouvert en continu"
    FENETRES = "fenetres", "Fenêtres de dépôt datées"
    INCONNU = "inconnu", "Ouverture non datée dans nos sources"


TYPES_CRITERES = {
    "effectif_min",
    "effectif_max",
    "chiffre_affaires_min",
    "chiffre_affaires_max",
    "categories",
    "sections_naf",
    "divisions_naf",
    "regions",
}

# Les chiffres d'un dispositif, chacun avec ses sources ; « presentation » : le résumé et le porteur,
# « finance » : ce que le dispositif paie et les projets qu'il aide.
CLES_SOURCES = ("presentation", "finance", "taux", "plafond", "cout_reference")
