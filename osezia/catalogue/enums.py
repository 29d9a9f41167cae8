from django.db import models


class StatutSolution(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    SOUMISE = "soumise", "Soumise à modération"
    PUBLIEE = "publiee", "Publiée"
    ARCHIVEE = "archivee", "Archivée"


class ModeleTarifaire(models.TextChoices):
    GRATUIT = "gratuit", "Gratuit"
    FREEMIUM = "freemium", "Gratuit avec options payantes"
    ABONNEMENT = "abonnement", "Abonnement"
    LICENCE = "licence", "Licence"
    USAGE = "usage", "Paiement à l'usage"
    DEVIS = "devis", "Sur devis"
    NON_COMMUNIQUE = "non-communique", "Non communiqué"


class TranchePrix(models.TextChoices):
    GRATUIT = "gratuit", "Gratuit"
    MOINS_50 = "moins-50", "Moins de 50 € par mois"
    DE_50_A_200 = "50-200", "De 50 à 200 € par mois"
    DE_200_A_1000 = "200-1000", "De 200 à 1 000 € par mois"
    PLUS_1000 = "plus-1000", "Plus de 1 000 € par mois"
    SUR_DEVIS = "sur-devis", "Sur devis"
    NON_COMMUNIQUE = "non-communique", "Non communiqué"


class Deploiement(models.TextChoices):
    SAAS = "saas", "En ligne (SaaS)"
    SUR_SITE = "sur-site", "Installé chez vous"
    HYBRIDE = "hybride", "Hybride"
    NON_COMMUNIQUE = "non-communique", "Non communiqué"


class Hebergement(models.TextChoices):
    FRANCE = "france", "En France"
    UE = "ue", "Dans l'Union européenne"
    HORS_UE = "hors-ue", "Hors Union européenne"
    NON_COMMUNIQUE = "non-communique", "Non communiqué"


class RoleAIAct(models.TextChoices):
    """Rôle du fournisseur au sens de l'article 3 du règlement (UE) 2024/1689."""

    FOURNISSEUR = "fournisseur", "Fournisseur du système d'IA (art. 3, 3)"
    FOURNISSEUR_MODELE = "fournisseur-modele", "Fournisseur d'un modèle d'IA à usage général (art. 3, 3 et 63)"
    DISTRIBUTEUR = "distributeur", "Distributeur (art. 3, 7)"
    IMPORTATEUR = "importateur", "Importateur (art. 3, 6)"
    INTEGRATEUR = "integrateur", "Intégrateur : déploie pour vous le système d'un autre fournisseur"
    NON_COMMUNIQUE = "non-communique", "Non communiqué"


class Certification(models.TextChoices):
    SECNUMCLOUD = "secnumcloud", "SecNumCloud (ANSSI)"
    HDS = "hds", "Hébergeur de données de santé (HDS)"
    ISO_27001 = "iso-27001", "ISO/IEC 27001"
    ISO_42001 = "iso-42001", "ISO/IEC 42001"
    SOC_2 = "soc-2", "SOC 2"


class LabelFournisseur(models.TextChoices):
    NUMERIQUE_RESPONSABLE = "numerique-responsable", "Label Numérique Responsable"
    FRANCE_CYBERSECURITY = "france-cybersecurity", "Label France Cybersecurity"
    EXPERTCYBER = "expertcyber", "Label ExpertCyber"
    JEI = "jei", "Jeune entreprise innovante (JEI)"


class Langue(models.TextChoices):
    FR = "fr", "Français"
    EN = "en", "Anglais"
    DE = "de", "Allemand"
    ES = "es", "Espagnol"
    IT = "it", "Italien"
    NL = "nl", "Néerlandais"
    PT = "pt", "Portugais"
    AR = "ar", "Arabe"
    ZH = "zh", "Chinois"
    AUTRES = "autres", "Autres langues"


class TailleCible(models.TextChoices):
    TPE = "TPE", "TPE"
    PME = "PME", "PME"
    ETI = "ETI", "ETI"
    GE = "GE", "Grandes entreprises"


class OrigineSolution(models.TextChoices):
    SAISIE = "saisie", "Saisie par le fournisseur"
    IMPORT = "import", "Importée d'une source publique"
    DEMO = "demo", "Démonstration"
