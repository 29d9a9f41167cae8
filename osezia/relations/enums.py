from django.db import models


class OrigineBesoin(models.TextChoices):
    RECOMMANDATION = "recommandation", "Une recommandation de mon diagnostic"
    PROJET = "projet", "Un de mes projets IA"
    LIBRE = "libre", "Un besoin exprimé directement"


class Budget(models.TextChoices):
    """Budget mensuel, dans les mêmes tranches que les prix des fiches du catalogue."""

    MOINS_50 = "moins-50", "Moins de 50 € par mois"
    DE_50_A_200 = "50-200", "De 50 à 200 € par mois"
    DE_200_A_1000 = "200-1000", "De 200 à 1 000 € par mois"
    PLUS_1000 = "plus-1000", "Plus de 1 000 € par mois"
    A_DEFINIR = "a-definir", "Je ne sais pas encore"


class HebergementExige(models.TextChoices):
    INDIFFERENT = "indifferent", "Pas d'exigence"
    UE = "ue", "Dans l'Union européenne (France comprise)"
    FRANCE = "france", "En France"


class StatutBesoin(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon : rien n'est envoyé"
    ENVOYE = "envoye", "Envoyé aux fournisseurs"
    CLOS = "clos", "Clos"


class ChampVisible(models.TextChoices):
    """Ce que l'entreprise accepte de montrer aux fournisseurs qui reçoivent son besoin (la description du besoin et
    le cas d'usage sont toujours transmis : sans eux, pas de réponse possible)."""

    NOM = "nom", "Le nom de l'entreprise"
    SECTEUR = "secteur", "Son secteur d'activité"
    TAILLE = "taille", "Sa taille (TPE, PME…)"
    REGION = "region", "Sa région"
    BUDGET = "budget", "Le budget indiqué"
    DATE = "date", "La date souhaitée"
    CONTACT = "contact", "Le nom et l'adresse e-mail de la personne qui a exprimé le besoin"


class Statut(models.TextChoices):
    """Où en est une mise en relation entre une entreprise et un fournisseur."""

    PROPOSEE = "proposee", "Proposée, pas encore envoyée"
    RETIREE = "retiree", "Retirée par l'entreprise"
    ENVOYEE = "envoyee", "Envoyée"
    VUE = "vue", "Vue par le fournisseur"
    INTERESSE = "interesse", "Intéressé"
    PAS_INTERESSE = "pas_interesse", "Pas intéressé"
    ECHANGE = "echange", "Échange en cours"
    RENDEZ_VOUS = "rendez_vous", "Rendez-vous"
    DEVIS = "devis", "Devis envoyé"
    CONCLUE = "conclue", "Affaire conclue"
    PERDUE = "perdue", "Affaire perdue"


class Cote(models.TextChoices):
    ENTREPRISE = "entreprise", "Entreprise"
    FOURNISSEUR = "fournisseur", "Fournisseur"
    PLATEFORME = "plateforme", "Plateforme"


class OrigineRelation(models.TextChoices):
    BESOIN = "besoin", "Un besoin de l'entreprise"
    RENDEZ_VOUS = "rendez_vous", "Un rendez-vous d'affaires"


class MotifPasInteresse(models.TextChoices):
    HORS_COMPETENCE = "hors_competence", "Hors de notre offre"
    TAILLE = "taille", "Taille d'entreprise hors de notre cible"
    BUDGET = "budget", "Budget insuffisant pour notre offre"
    ZONE = "zone", "Hors de notre zone d'intervention"
    DISPONIBILITE = "disponibilite", "Pas de disponibilité à la date souhaitée"
    AUTRE = "autre", "Autre raison (précisée)"


class MotifPerdue(models.TextChoices):
    PRIX = "prix", "Prix"
    AUTRE_PRESTATAIRE = "autre_prestataire", "Un autre prestataire choisi"
    PROJET_ABANDONNE = "projet_abandonne", "Projet abandonné ou reporté"
    SANS_REPONSE = "sans_reponse", "Plus de réponse de l'autre côté"
    AUTRE = "autre", "Autre raison (précisée)"


class StatutAvis(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente de modération"
    PUBLIE = "publie", "Publié"
    REFUSE = "refuse", "Refusé"
