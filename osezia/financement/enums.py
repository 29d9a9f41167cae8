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
    DIAGNOSTIC = "diagnostic", "Un diagnostic"
    PROJET = "projet", "Un projet d'IA"
    FORMATION = "formation", "La formation des équipes"
    INVESTISSEMENT = "investissement", "Un investissement"


class StatutEligibilite(models.TextChoices):
    ELIGIBLE = "eligible", "Éligible"
    A_VERIFIER = "a_verifier", "À vérifier"
    NON_ELIGIBLE = "non_eligible", "Non éligible"


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
