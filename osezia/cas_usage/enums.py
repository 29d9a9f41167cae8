from django.db import models


class Effort(models.TextChoices):
    FAIBLE = "faible", "Faible"
    MOYEN = "moyen", "Moyen"
    ELEVE = "eleve", "Élevé"


class TrancheCout(models.TextChoices):
    """Coût de la première année, ordre de grandeur."""

    MOINS_1K = "moins-1k", "Moins de 1 000 €"
    DE_1K_A_10K = "1k-10k", "De 1 000 à 10 000 €"
    DE_10K_A_50K = "10k-50k", "De 10 000 à 50 000 €"
    PLUS_50K = "plus-50k", "Plus de 50 000 €"


class Delai(models.TextChoices):
    """Délai avant le premier résultat utile."""

    SEMAINES = "semaines", "Quelques semaines"
    DE_1_A_3_MOIS = "1-3-mois", "1 à 3 mois"
    DE_3_A_6_MOIS = "3-6-mois", "3 à 6 mois"
    PLUS_6_MOIS = "plus-6-mois", "Plus de 6 mois"


class MaturiteOffre(models.TextChoices):
    MATURE = "mature", "Mature : nombreuses solutions prêtes à l'emploi"
    EN_CROISSANCE = "en-croissance", "En croissance : des solutions existent, à choisir avec soin"
    EMERGENTE = "emergente", "Émergente : surtout des projets sur mesure"


class NatureProjet(models.TextChoices):
    """Ce que demande la mise en œuvre : c'est ce qui dit quels financements peuvent aider le projet."""

    OUTIL_MARCHE = "outil-marche", "Achat et déploiement d'un outil du marché"
    SUR_MESURE = "sur-mesure", "Projet sur mesure (intégration ou développement propre à l'entreprise)"
    RECHERCHE = "recherche", "Recherche et développement (technologie nouvelle)"


class NiveauRisqueAIAct(models.TextChoices):
    """Niveau de risque au sens du règlement (UE) 2024/1689 modifié par le règlement (UE) 2026/1744."""

    MINIMAL = "minimal", "Risque minimal"
    TRANSPARENCE = "transparence", "Obligations de transparence (article 50)"
    HAUT_RISQUE_POSSIBLE = "haut-risque-possible", "Haut risque selon l'usage"
    HAUT_RISQUE = "haut-risque", "Haut risque"


class SensibiliteRGPD(models.TextChoices):
    FAIBLE = "faible", "Faible"
    MOYENNE = "moyenne", "Moyenne"
    FORTE = "forte", "Forte"


class ForcePertinence(models.IntegerChoices):
    UTILE = 1, "Utile"
    FREQUENT = 2, "Fréquent dans ce secteur"
    PRIORITAIRE = 3, "Prioritaire dans ce secteur"


class Equipement(models.TextChoices):
    """Ce qu'il faut comme matériel ou logiciel avant de démarrer."""

    AUCUN = "aucun", "Un ordinateur ou un smartphone suffit"
    LOGICIEL = "logiciel", "Un logiciel de gestion déjà tenu (caisse, gestion commerciale, comptabilité, agenda)"
    EQUIPEMENTS = "equipements", "Du matériel spécialisé relié (capteurs, caméras, automates, appareils d'imagerie)"


class DonneesNecessaires(models.TextChoices):
    AUCUNE = "aucune", "Rien à préparer"
    DOCUMENTS = "documents", "Vos documents, photos ou textes, rangés"
    HISTORIQUE = "historique", "Au moins un an d'historique dans un logiciel"
    MESURES = "mesures", "Des mesures ou des images en nombre, collectées pendant des semaines"


class CompetencesNecessaires(models.TextChoices):
    AUCUNE = "aucune", "Aucune : une prise en main de quelques heures"
    REFERENT = "referent", "Une personne référente, quelques heures par semaine"
    SPECIALISTE = "specialiste", "Un spécialiste en interne ou un prestataire pour installer et régler"


class AdequationTaille(models.TextChoices):
    """Le cas d'usage convient-il à une entreprise de cette taille ?"""

    ADAPTEE = "adaptee", "Adapté"
    SOUS_CONDITIONS = "sous-conditions", "Sous conditions"
    INADAPTEE = "inadaptee", "Pas adapté"
