from django.db import models


class NatureParticipant(models.TextChoices):
    ENTREPRISE = "entreprise", "Entreprise"
    FOURNISSEUR = "fournisseur", "Fournisseur de solutions IA"


class StatutPlanification(models.TextChoices):
    """Ce que le solveur garantit du planning rendu."""

    OPTIMAL = "optimal", "Optimal (prouvé)"
    REALISABLE = "realisable", "Réalisable (arrêté à la limite de temps)"
