from django.db import models


class NiveauNAF(models.TextChoices):
    SECTION = "section", "Section"
    DIVISION = "division", "Division"
    GROUPE = "groupe", "Groupe"
    CLASSE = "classe", "Classe"
    SOUS_CLASSE = "sous-classe", "Sous-classe"


class CategorieTaille(models.TextChoices):
    """Catégories du décret n° 2008-1354 ; « inconnue » quand les chiffres manquent pour conclure."""

    TPE = "TPE", "Microentreprise (TPE)"
    PME = "PME", "Petite et moyenne entreprise (PME)"
    ETI = "ETI", "Entreprise de taille intermédiaire (ETI)"
    GE = "GE", "Grande entreprise (GE)"
    INCONNUE = "inconnue", "Catégorie inconnue"
