from django.db import models
from django.urls import reverse

from osezia.cas_usage.enums import (
    Delai,
    Effort,
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

    def pour_secteur(self, division):
        """Cas d'usage pertinents pour une division NAF, les plus forts d'abord."""
        return (
            self.publies()
            .filter(pertinences__division=division)
            .annotate(force=models.Max("pertinences__force"))
            .order_by("-force", "fonction__ordre", "titre")
        )


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
