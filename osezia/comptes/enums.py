from django.db import models


class Role(models.TextChoices):
    ENTREPRISE = "entreprise", "Entreprise"
    FOURNISSEUR = "fournisseur", "Fournisseur de solutions IA"
    CONSEILLER = "conseiller", "Conseiller (CCI, Bpifrance, ambassadeur IA)"
    PILOTE = "pilote", "Pilote du programme"


# Rôles qu'une personne peut choisir elle-même à l'inscription ; conseillers et pilotes sont créés
# par un pilote, pour qu'on ne puisse pas se déclarer conseiller d'une CCI sans contrôle.
ROLES_INSCRIPTION = [Role.ENTREPRISE, Role.FOURNISSEUR]


class DureeJeton(models.IntegerChoices):
    """Durées de validité proposées pour un jeton d'API : il expire toujours."""

    UN_MOIS = 30, "30 jours"
    TROIS_MOIS = 90, "90 jours"
    UN_AN = 365, "1 an"


DUREE_JETON_DEFAUT = DureeJeton.TROIS_MOIS
