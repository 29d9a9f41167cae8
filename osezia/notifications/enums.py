from django.db import models


class Categorie(models.TextChoices):
    """Ce dont on prévient quelqu'un. Le libellé est celui de la case « recevoir par e-mail » des réglages."""

    CONFIRMATION_EMAIL = "confirmation_email", "Confirmation de l'adresse e-mail"
    MOT_DE_PASSE = "mot_de_passe", "Réinitialisation du mot de passe"
    SOLUTION_SOUMISE = "solution_soumise", "Une fiche solution attend la modération"
    SOLUTION_PUBLIEE = "solution_publiee", "Ma fiche solution est publiée"
    SOLUTION_RENVOYEE = "solution_renvoyee", "Ma fiche solution est renvoyée pour correction"
    DIAGNOSTIC_PARTAGE = "diagnostic_partage", "Une entreprise partage ses diagnostics avec ma structure"
    DIAGNOSTIC_PRIS_EN_CHARGE = "diagnostic_pris_en_charge", "Un conseiller prend en charge mon diagnostic"
    DIAGNOSTIC_VALIDE = "diagnostic_valide", "Un conseiller valide mon diagnostic"
    PROJET_ETAPE = "projet_etape", "Un projet IA que je suis change d'étape"
    PROJET_COMMENTAIRE = "projet_commentaire", "Un commentaire sur un projet IA que je suis"
    PROJET_RELANCE = "projet_relance", "Un projet IA dont je m'occupe est sans activité depuis longtemps"
    PROJET_SANS_NOUVELLES = "projet_sans_nouvelles", "Un projet IA de mon portefeuille reste sans nouvelles"
    DOSSIER_ETAT = "dossier_etat", "Un dossier de financement que je suis change d'état"
    DOSSIER_MESSAGE = "dossier_message", "Un message sur un dossier de financement"
    LABEL_CANDIDATURE = "label_candidature", "Une candidature à un label attend mon évaluation"
    LABEL_DECISION = "label_decision", "La décision sur une candidature à un label de mon organisation"
    LABEL_STATUT = "label_statut", "Un label de mon organisation change de statut"
    LABEL_ECHEANCE = "label_echeance", "Un label de mon organisation arrive à échéance"
    RELATION_RECUE = "relation_recue", "Une entreprise m'envoie une demande de mise en relation"
    RELATION_RELANCE = "relation_relance", "Une demande de mise en relation attend encore ma réponse"
    RELATION_STATUT = "relation_statut", "Une mise en relation de mon organisation avance"
    RELATION_MESSAGE = "relation_message", "Un message dans une mise en relation"
    RELATION_ENQUETE = "relation_enquete", "Que s'est-il passé après une mise en relation ? (enquête)"
    AVIS_RECU = "avis_recu", "Un avis vérifié est publié sur mon organisation"
    RENDEZVOUS_AGENDA = "rendezvous_agenda", "Mon agenda de rendez-vous d'affaires est publié ou change"
    ADMINISTRATEUR_NOMME = "administrateur_nomme", "Je deviens administrateur de mon organisation"
    EFFACEMENT_ORGANISATION = "effacement_organisation", "Effacement de mon organisation programmé ou annulé"
    SUPPRESSION_COMPTE = "suppression_compte", "Suppression de mon compte (inactivité ou demande)"


# E-mails de sécurité du compte : on ne peut pas s'en désabonner (sans eux, plus d'accès au compte ; et l'annonce
# d'un effacement ou d'une suppression est la seule chance de l'empêcher).
CATEGORIES_SECURITE = frozenset(
    {
        Categorie.CONFIRMATION_EMAIL,
        Categorie.MOT_DE_PASSE,
        Categorie.EFFACEMENT_ORGANISATION,
        Categorie.SUPPRESSION_COMPTE,
    }
)


class StatutCourriel(models.TextChoices):
    A_ENVOYER = "a_envoyer", "À envoyer"
    EN_COURS = "en_cours", "Envoi en cours"
    ENVOYE = "envoye", "Envoyé"
    A_REESSAYER = "a_reessayer", "Échec, nouvel essai prévu"
    ABANDONNE = "abandonne", "Échec définitif"
