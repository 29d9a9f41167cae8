from django.db import models


class Role(models.TextChoices):
    ENTREPRISE = "entreprise", "Entreprise"
    FOURNISSEUR = "fournisseur", "Fournisseur de solutions IA"
    CONSEILLER = "conseiller", "Conseiller (CCI, Bpifrance, ambassadeur IA)"
    PILOTE = "pilote", "Pilote du programme"


# Rôles qu'une personne peut choisir elle-même à l'inscription ; conseillers et pilotes sont créés
# par un pilote, pour qu'on ne puisse pas se déclarer conseiller d'une CCI sans contrôle.
ROLES_INSCRIPTION = [Role.ENTREPRISE, Role.FOURNISSEUR]
