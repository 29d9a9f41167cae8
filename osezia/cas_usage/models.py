from django.db import models
from django.urls import reverse

from osezia.cas_usage.enums import (
    CompetencesNecessaires,
    Delai,
    DonneesNecessaires,
    Effort,
    Equipement,
    ForcePertinence,
    MaturiteOffre,
    NatureProjet,
    NiveauRisqueAIAct,
    SensibiliteRGPD,
    TrancheCout,
)
from osezia.referentiels.enums import NiveauNAF


class FonctionMetier(models.Model):
    """Une grande fonction de l'entreprise (vente, production, RH…) qui regroupe des cas d'usage."""

    slug = models.SlugField("identifiant", max_length=40, primary_key=True)
    nom = models.CharField("nom", max_length=100)
    accroche = models.CharField("accroche", max_length=255)
    description = models.TextField("description")
    icone = models.CharField("icône DSFR", max_length=60, blank=True)
    ordre = models.PositiveSmallIntegerField("ordre d'affichage", default=0)

    class Meta:
        verbose_name = "fonction métier"
        verbose_name_plural = "fonctions métier"
        ordering = ["ordre", "nom"]

    def __str__(self):
        return self.nom

    def get_absolute_url(self):
        return reverse("cas_usage:fonction", args=[self.slug])


class CasUsageQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(est_publie=True)


class CasUsage(models.Model):
    slug = models.SlugField("identifiant", max_length=80, unique=True)
    fonction = models.ForeignKey(FonctionMetier, on_delete=models.PROTECT, related_name="cas_usage")
    titre = models.CharField("titre", max_length=200)
    resume = models.CharField("résumé", max_length=220)
    ce_que_ca_fait = models.TextField("ce que ça fait")
    exemple = models.TextField("exemple dans une petite entreprise")
    benefices = models.JSONField("bénéfices attendus", default=list)
    kpi = models.TextField("indicateur à suivre")
    prerequis_donnees = models.TextField("prérequis : données")
    prerequis_outils = models.TextField("prérequis : outils")
    prerequis_competences = models.TextField("prérequis : compétences")
    effort = models.CharField("effort", max_length=10, choices=Effort.choices)
    cout = models.CharField("coût de la première année", max_length=10, choices=TrancheCout.choices)
    delai = models.CharField("délai avant le premier résultat", max_length=12, choices=Delai.choices)
    maturite_offre = models.CharField("maturité de l'offre", max_length=15, choices=MaturiteOffre.choices)
    # Vide seulement pour une fiche antérieure au champ : les financements de projet restent alors « à vérifier ».
    nature_projet = models.CharField(
        "nature du projet", max_length=15, choices=NatureProjet.choices, blank=True, default=""
    )
    risque_ai_act = models.CharField("niveau de risque AI Act", max_length=25, choices=NiveauRisqueAIAct.choices)
    ai_act_reference = models.CharField("référence AI Act (article, annexe)", max_length=200, blank=True)
    ai_act_explication = models.TextField("AI Act : explication")
    sensibilite_rgpd = models.CharField("sensibilité RGPD", max_length=10, choices=SensibiliteRGPD.choices)
    rgpd_explication = models.TextField("RGPD : explication")
    transversal = models.BooleanField("utile dans presque tous les secteurs", default=False)
    # Ce qu'il faut pour démarrer et pour quelles tailles (contenus/exigences.yaml) : vide tant que non renseigné.
    exigence_equipement = models.CharField(
        "équipement nécessaire", max_length=12, choices=Equipement.choices, blank=True
    )
    exigence_donnees = models.CharField(
        "données nécessaires", max_length=12, choices=DonneesNecessaires.choices, blank=True
    )
    exigence_competences = models.CharField(
        "compétences nécessaires", max_length=12, choices=CompetencesNecessaires.choices, blank=True
    )
    tailles = models.JSONField(
        "adéquation par taille",
        default=dict,
        blank=True,
        help_text="{TPE|PME|ETI|GE: {adequation, condition, signaux, raison}} ; une taille absente est adaptée.",
    )
    effectif_min = models.PositiveSmallIntegerField("effectif minimal utile", null=True, blank=True)
    raison_effectif = models.CharField("pourquoi cet effectif minimal", max_length=255, blank=True)
    sources_exigences = models.JSONField("sources des exigences et tailles", default=list, blank=True)
    mots_cles = models.JSONField("mots-clés et synonymes", default=list)
    sources = models.JSONField("sources", default=list, help_text="Liste de {titre, url, date}.")
    est_publie = models.BooleanField("publié", default=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    objects = CasUsageQuerySet.as_manager()

    class Meta:
        verbose_name = "cas d'usage"
        verbose_name_plural = "cas d'usage"
        ordering = ["fonction__ordre", "titre"]

    def __str__(self):
        return self.titre

    def get_absolute_url(self):
        return reverse("cas_usage:detail", args=[self.slug])

    @property
    def exigences(self):
        """[(intitulé, ce qu'il faut)] pour démarrer : équipement, données, compétences (s'ils sont renseignés)."""
        lignes = []
        for valeur, choix, intitule in (
            (self.exigence_equipement, Equipement, "Équipement"),
            (self.exigence_donnees, DonneesNecessaires, "Données"),
            (self.exigence_competences, CompetencesNecessaires, "Compétences"),
        ):
            if valeur:
                lignes.append((intitule, choix(valeur).label))
        return lignes


class PertinenceSectorielle(models.Model):
    """À quel point un cas d'usage compte dans une division NAF."""

    cas_usage = models.ForeignKey(CasUsage, on_delete=models.CASCADE, related_name="pertinences")
    division = models.ForeignKey(
        "referentiels.SecteurNAF",
        on_delete=models.PROTECT,
        limit_choices_to={"niveau": NiveauNAF.DIVISION},
        related_name="pertinences",
    )
    force = models.PositiveSmallIntegerField("force", choices=ForcePertinence.choices)

    class Meta:
        verbose_name = "pertinence sectorielle"
        verbose_name_plural = "pertinences sectorielles"
        constraints = [
            models.UniqueConstraint(fields=["cas_usage", "division"], name="pertinence_unique"),
        ]
        indexes = [models.Index(fields=["division", "force"])]

    def __str__(self):
        return f"{self.cas_usage} × {self.division_id} ({self.get_force_display()})"


class Metier(models.Model):
    """Un métier dont les usages de l'IA diffèrent de ceux de sa division NAF (boulangerie artisanale dans la
    division 10 des industries alimentaires) : ses pertinences remplacent celles de la division pour ses codes."""

    slug = models.SlugField("identifiant", max_length=60, primary_key=True)
    nom = models.CharField("nom", max_length=120)
    pourquoi = models.TextField("en quoi il diffère de sa division")
    appellations = models.JSONField(
        "appellations",
        default=list,
        blank=True,
        help_text="Noms de ceux qui l'exercent (« plombier », « coiffeuse ») : ils disent qui est l'entreprise, pas ce "
        "dont elle a besoin, et ne se citent jamais comme raison d'un usage.",
    )
    sources = models.JSONField("sources", default=list)

    class Meta:
        verbose_name = "métier"
        verbose_name_plural = "métiers"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class CodeMetier(models.Model):
    """Un poste NAF (groupe, classe ou sous-classe) rattaché à un métier, avec la locution qui le nomme."""

    secteur = models.OneToOneField(
        "referentiels.SecteurNAF", on_delete=models.PROTECT, primary_key=True, related_name="code_metier"
    )
    metier = models.ForeignKey(Metier, on_delete=models.CASCADE, related_name="codes")
    locution = models.CharField(
        "locution",
        max_length=120,
        blank=True,
        help_text="« en boulangerie-pâtisserie » : nomme le métier dans une phrase.",
    )

    class Meta:
        verbose_name = "code NAF d'un métier"
        verbose_name_plural = "codes NAF des métiers"

    def __str__(self):
        return f"{self.secteur_id} → {self.metier}"


class PertinenceMetier(models.Model):
    metier = models.ForeignKey(Metier, on_delete=models.CASCADE, related_name="pertinences")
    cas_usage = models.ForeignKey(CasUsage, on_delete=models.CASCADE, related_name="pertinences_metiers")
    force = models.PositiveSmallIntegerField("force", choices=ForcePertinence.choices)

    class Meta:
        verbose_name = "pertinence pour un métier"
        verbose_name_plural = "pertinences pour les métiers"
        constraints = [models.UniqueConstraint(fields=["metier", "cas_usage"], name="pertinence_metier_unique")]

    def __str__(self):
        return f"{self.cas_usage} × {self.metier} ({self.get_force_display()})"
