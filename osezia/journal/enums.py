from django.db import models


class Action(models.TextChoices):
    """Les actions sensibles que garde le journal. Le code est stable (filtres, export) ; le libellé s'affiche."""

    SOLUTION_PUBLIEE = "solution_publiee", "Solution publiée"
    SOLUTION_RENVOYEE = "solution_renvoyee", "Solution renvoyée au fournisseur"
    SOLUTION_ARCHIVEE = "solution_archivee", "Solution archivée"
    DIAGNOSTIC_PRIS_EN_CHARGE = "diagnostic_pris_en_charge", "Diagnostic pris en charge"
    DIAGNOSTIC_VALIDE = "diagnostic_valide", "Diagnostic validé"
    CONSENTEMENT_DONNE = "consentement_donne", "Partage des diagnostics accordé"
    CONSENTEMENT_RETIRE = "consentement_retire", "Partage des diagnostics retiré"
    JETON_CREE = "jeton_cree", "Jeton d'API créé"
    JETON_REVOQUE = "jeton_revoque", "Jeton d'API révoqué"
    DONNEES_EXPORTEES = "donnees_exportees", "Export des données personnelles"
    EFFACEMENT_DEMANDE = "effacement_demande", "Effacement demandé"
    EFFACEMENT_ANNULE = "effacement_annule", "Effacement annulé"
    EFFACEMENT_EXECUTE = "effacement_execute", "Effacement exécuté"
    COMPTE_SUPPRIME = "compte_supprime", "Compte supprimé"
    DOSSIER_DECIDE = "dossier_decide", "Décision sur un dossier de financement"
    LABEL_DECIDE = "label_decide", "Décision sur une candidature à un label"
    LABEL_STATUT = "label_statut", "Changement de statut d'un label"
    BESOIN_ENVOYE = "besoin_envoye", "Besoin envoyé aux fournisseurs (consentement)"
    AVIS_MODERE = "avis_modere", "Avis vérifié modéré"
