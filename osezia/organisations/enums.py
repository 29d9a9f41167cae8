from django.db import models


class TypeOrganisation(models.TextChoices):
    ENTREPRISE = "entreprise", "Entreprise"
    FOURNISSEUR = "fournisseur", "Fournisseur de solutions IA"
    STRUCTURE = "structure", "Structure d'accompagnement"


# Bornes de vraisemblance : au-delà, c'est une faute de frappe (le plus grand employeur français compte
# quelques centaines de milliers de salariés).
EFFECTIF_MAX = 1_000_000
MONTANT_MAX_EUR = 1_000_000_000_000
