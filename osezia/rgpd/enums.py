"""Les durées du RGPD, d'un seul endroit : la page « Données personnelles » les lit aussi."""

from datetime import timedelta

from django.db import models

# Délai de grâce entre la demande d'effacement d'une organisation et l'effacement réel : on peut l'annuler.
DELAI_EFFACEMENT = timedelta(days=30)
# Un compte sans connexion (ni usage d'un jeton d'API) depuis 3 ans est supprimé, après un avertissement envoyé
# 30 jours avant.
INACTIVITE = timedelta(days=3 * 365)
PREAVIS_INACTIVITE = timedelta(days=30)
# E-mails envoyés ou abandonnés : gardés 90 jours pour l'assistance (« je n'ai rien reçu »), puis effacés.
CONSERVATION_COURRIELS = timedelta(days=90)
# Tentatives de connexion (django-axes) : un blocage dure 15 minutes ; on garde 30 jours les échecs pour repérer
# une attaque, et un an le journal des connexions, comme les journaux du serveur.
CONSERVATION_TENTATIVES = timedelta(days=30)
CONSERVATION_CONNEXIONS = timedelta(days=365)


class MotifEffacement(models.TextChoices):
    DEMANDE = "demande", "Demande d'un administrateur de l'organisation"
    DERNIER_MEMBRE = "dernier_membre", "Suppression du compte de son dernier membre"
    ADMINISTRATION = "administration", "Programmé par un pilote"


class CauseSuppression(models.TextChoices):
    DEMANDE = "demande", "Demande de la personne"
    ADMINISTRATION = "administration", "Supprimé par un pilote"
    INACTIVITE = "inactivite", "Compte inactif depuis 3 ans"


def durees():
    """Les durées telles que les lit la page « Données personnelles » (en jours, sauf l'inactivité, en années)."""
    from osezia.diagnostic.pdf import CONSERVATION as CONSERVATION_PDF

    return {
        "effacement": DELAI_EFFACEMENT.days,
        "inactivite_ans": INACTIVITE.days // 365,
        "preavis": PREAVIS_INACTIVITE.days,
        "courriels": CONSERVATION_COURRIELS.days,
        "tentatives": CONSERVATION_TENTATIVES.days,
        "connexions_ans": CONSERVATION_CONNEXIONS.days // 365,
        "pdf": CONSERVATION_PDF.days,
    }
