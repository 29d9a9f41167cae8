from django.db import models


class StatutCandidature(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    DEPOSEE = "deposee", "Déposée, en évaluation"
    ACCORDEE = "accordee", "Label accordé"
    REFUSEE = "refusee", "Refusée"


class StatutLabel(models.TextChoices):
    VALIDE = "valide", "Valide"
    SUSPENDU = "suspendu", "Suspendu"
    RETIRE = "retire", "Retiré"
    EXPIRE = "expire", "Expiré"


class Acteur(models.TextChoices):
    """Qui change le statut d'un label : un évaluateur (pilote, ou membre d'une structure à qui un pilote a délégué
    l'évaluation de ce régime), ou la plateforme elle-même (l'expiration, à la date d'échéance)."""

    EVALUATEUR = "evaluateur", "Évaluateur du label"
    PLATEFORME = "plateforme", "La plateforme (traitement automatique)"


# Délai de l'avertissement avant l'échéance d'un label (jours).
AVERTISSEMENT_JOURS = 60
