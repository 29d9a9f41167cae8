from django.db import models


class NatureParticipant(models.TextChoices):
    ENTREPRISE = "entreprise", "Entreprise"
    FOURNISSEUR = "fournisseur", "Fournisseur de solutions IA"


class StatutPlanification(models.TextChoices):
    """Ce que le solveur garantit du planning rendu."""

    OPTIMAL = "optimal", "Optimal (prouvé)"
    REALISABLE = "realisable", "Réalisable (arrêté à la limite de temps)"


class DureeCreneau(models.IntegerChoices):
    QUINZE = 15, "15 minutes"
    VINGT = 20, "20 minutes"
    TRENTE = 30, "30 minutes"


class Priorite(models.IntegerChoices):
    HAUTE = 1, "Haute"
    MOYENNE = 2, "Moyenne"
    BASSE = 3, "Basse"
