from django.db import models


class Etape(models.TextChoices):
    IDEE = "idee", "Idée"
    CADRAGE = "cadrage", "Cadrage"
    POC = "poc", "Preuve de concept (POC)"
    PILOTE = "pilote", "Pilote"
    PRODUCTION = "production", "En production"
    EN_PAUSE = "en_pause", "En pause"
    ABANDONNE = "abandonne", "Abandonné"


# Le parcours d'un projet qui avance : l'ordre du repère d'étapes des pages.
PARCOURS = [Etape.IDEE, Etape.CADRAGE, Etape.POC, Etape.PILOTE, Etape.PRODUCTION]


class MotifArret(models.TextChoices):
    """Pourquoi un projet s'arrête ou se met en pause : ce que le programme veut comprendre des projets qui ne
    sortent pas du POC."""

    COUT = "cout", "Coût trop élevé"
    DONNEES = "donnees", "Données manquantes ou de mauvaise qualité"
    COMPETENCES = "competences", "Compétences manquantes"
    RESULTATS = "resultats", "Résultats insuffisants"
    FOURNISSEUR = "fournisseur", "Difficultés avec le fournisseur"
    REGLEMENTATION = "reglementation", "Contrainte réglementaire (AI Act, RGPD)"
    PRIORITES = "priorites", "Autres priorités dans l'entreprise"
    AUTRE = "autre", "Autre raison"


class Acteur(models.TextChoices):
    """Qui peut faire une transition : un membre de l'entreprise, ou un conseiller d'une structure avec laquelle
    l'entreprise partage ses données. Un pilote observe et n'agit pas sur le projet d'une entreprise."""

    ENTREPRISE = "entreprise", "Membre de l'entreprise"
    CONSEILLER = "conseiller", "Conseiller de l'entreprise"


class TypeEvenement(models.TextChoices):
    CREATION = "creation", "Projet créé"
    MODIFICATION = "modification", "Projet modifié"
    ETAPE = "etape", "Changement d'étape"
    INDICATEUR = "indicateur", "Indicateur ajouté"
    MESURE = "mesure", "Mesure enregistrée"
    COMMENTAIRE = "commentaire", "Commentaire"
    DOCUMENT = "document", "Document déposé"
    RELANCE_ENVOYEE = "relance_envoyee", "Relance envoyée"
    # Les dossiers de financement du projet, écrits par dossiers.services dans la transaction de chaque changement.
    DOSSIER_CREE = "dossier_cree", "Dossier de financement commencé"
    DOSSIER_DEPOSE = "dossier_depose", "Dossier de financement déposé"
    DOSSIER_INSTRUCTION = "dossier_instruction", "Dossier de financement en instruction"
    DOSSIER_COMPLEMENT = "dossier_complement", "Complément demandé sur un dossier"
    DOSSIER_REDEPOSE = "dossier_redepose", "Dossier de financement complété"
    DOSSIER_DECISION = "dossier_decision", "Décision sur un dossier de financement"
    DOSSIER_VERSEMENT = "dossier_versement", "Versement d'une aide"
    FOURNISSEUR_RETENU = "fournisseur_retenu", "Fournisseur retenu après une mise en relation"


# Événements de la chronologie qui ne sont pas une activité du projet : une relance ne met pas fin au silence
# qu'elle signale (sinon elle repousserait la suivante et ne serait jamais suivie d'une alerte).
# Les pas de l'instruction non plus : le silence que mesurent les relances est celui de l'équipe du projet.
SANS_ACTIVITE = frozenset(
    {
        TypeEvenement.RELANCE_ENVOYEE,
        TypeEvenement.DOSSIER_INSTRUCTION,
        TypeEvenement.DOSSIER_COMPLEMENT,
        TypeEvenement.DOSSIER_DECISION,
        TypeEvenement.DOSSIER_VERSEMENT,
    }
)


class RangRelance(models.IntegerChoices):
    """Les relances d'un même silence, dans l'ordre : le responsable deux fois, puis le conseiller."""

    PREMIERE = 1, "Première relance du responsable"
    DEUXIEME = 2, "Deuxième relance du responsable"
    CONSEILLER = 3, "Alerte aux conseillers"


class Unite(models.TextChoices):
    EUROS = "euros", "euros"
    HEURES = "heures", "heures"
    MINUTES = "minutes", "minutes"
    JOURS = "jours", "jours"
    POURCENTAGE = "pourcentage", "%"
    NOMBRE = "nombre", "nombre"


class Sens(models.TextChoices):
    HAUSSE = "hausse", "Plus haut, c'est mieux"
    BAISSE = "baisse", "Plus bas, c'est mieux"
