from django.db import models


class StatutDiagnostic(models.TextChoices):
    BROUILLON = "brouillon", "En cours de saisie"
    EN_COURS = "en_cours", "Rapport disponible"
    VALIDE = "valide", "Validé par un conseiller"


class Horizon(models.TextChoices):
    RAPIDE = "rapide", "Action rapide (0 à 3 mois)"
    STRUCTURANT = "structurant", "Projet structurant (3 à 12 mois)"
    PLUS_TARD = "plus-tard", "Plus tard"


class CategorieInventaire(models.TextChoices):
    DONNEES = "donnees", "Sources de données"
    OUTILS = "outils", "Outils et logiciels"
    COMPETENCES = "competences", "Compétences"


class NiveauMaturite(models.TextChoices):
    """Niveaux du Digital Maturity Assessment (DMA) des pôles européens d'innovation numérique."""

    DE_BASE = "de-base", "De base"
    MOYEN = "moyen", "Moyen"
    MODEREMENT_AVANCE = "moderement-avance", "Modérément avancé"
    AVANCE = "avance", "Avancé"


def niveau_maturite(score):
    if score is None:
        return None
    if score <= 25:
        return NiveauMaturite.DE_BASE
    if score <= 50:
        return NiveauMaturite.MOYEN
    if score <= 70:
        return NiveauMaturite.MODEREMENT_AVANCE
    return NiveauMaturite.AVANCE


class StatutFichierPDF(models.TextChoices):
    EN_PREPARATION = "en_preparation", "En préparation"
    PRET = "pret", "Prêt"
    ECHEC = "echec", "Échec"
