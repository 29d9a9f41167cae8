from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from osezia.diagnostic.enums import CategorieInventaire, Horizon, StatutDiagnostic, StatutFichierPDF, niveau_maturite
from osezia.referentiels.enums import CategorieTaille, NiveauNAF


class DiagnosticQuerySet(models.QuerySet):
    def visibles_par(self, utilisateur):
        """Une entreprise voit ses diagnostics ; un conseiller ceux de son portefeuille (partage consenti) ;
        un pilote tout."""
        from osezia.organisations.models import Consentement

        if not utilisateur.is_authenticated:
            return self.none()
        if utilisateur.est_pilote:
            return self.all()
        if utilisateur.est_conseiller:
            structures = utilisateur.adhesions.values("organisation")
            entreprises = Consentement.objects.actifs().filter(structure__in=structures).values("entreprise")
            return self.filter(entreprise__in=entreprises)
        return self.filter(entreprise__membres__utilisateur=utilisateur)

    def brouillon_de(self, entreprise):
        """Le diagnostic en cours de saisie de l'entreprise (un seul à la fois), ou None."""
        from osezia.diagnostic.enums import StatutDiagnostic

        return self.filter(entreprise=entreprise, statut=StatutDiagnostic.BROUILLON).order_by("-numero").first()


class Diagnostic(models.Model):
    """Un diagnostic d'une entreprise à une date (T0, T1…) : profil figé, réponses, scores, recommandations."""

    entreprise = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="diagnostics", verbose_name="entreprise"
    )
    numero = models.PositiveSmallIntegerField("numéro (T0, T1…)", default=0)
    statut = models.CharField(
        "statut", max_length=12, choices=StatutDiagnostic.choices, default=StatutDiagnostic.BROUILLON
    )
    cree_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="diagnostics_suivis"
    )
    # Profil au moment du diagnostic (l'organisation peut changer ensuite ; le rapport reste vrai pour sa date).
    naf = models.ForeignKey(
        "referentiels.SecteurNAF",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"niveau": NiveauNAF.SOUS_CLASSE},
    )
    effectif = models.PositiveIntegerField(null=True, blank=True)
    chiffre_affaires = models.PositiveBigIntegerField(null=True, blank=True)
    region = models.ForeignKey("referentiels.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    categorie_taille = models.CharField(
        max_length=10, choices=CategorieTaille.choices, default=CategorieTaille.INCONNUE
    )
    description = models.TextField("décrivez votre activité", max_length=5000, blank=True)
    besoins = models.TextField("ce qui vous fait perdre du temps ou de l'argent", max_length=5000, blank=True)
    # Questionnaire de maturité (version du fichier contenus/questionnaire.yaml).
    questionnaire_version = models.CharField(max_length=20, blank=True)
    reponses = models.JSONField("réponses", default=dict, blank=True)
    etape = models.PositiveSmallIntegerField("dernière étape atteinte", default=0)
    scores = models.JSONField("scores par dimension (0-100)", default=dict, blank=True)
    score_global = models.FloatField("score global", null=True, blank=True)
    synthese_conseiller = models.TextField("synthèse du conseiller", blank=True, max_length=10000)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)
    valide_le = models.DateTimeField("validé le", null=True, blank=True)
    valide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = DiagnosticQuerySet.as_manager()

    class Meta:
        verbose_name = "diagnostic"
        verbose_name_plural = "diagnostics"
        ordering = ["-cree_le"]
        constraints = [models.UniqueConstraint(fields=["entreprise", "numero"], name="diagnostic_numero_unique")]

    def __str__(self):
        return f"{self.entreprise} — diagnostic {self.libelle}"

    def get_absolute_url(self):
        return reverse("diagnostic:rapport", args=[self.pk])

    @property
    def date_reference(self):
        """La date du diagnostic pour son lecteur : celle où il a été terminé, sinon commencé."""
        moment = self.termine_le or self.cree_le
        return timezone.localtime(moment).date() if moment else None

    @property
    def libelle(self):
        """« du 3 mars 2026 » : se lit après « Diagnostic » ou « Rapport de diagnostic »."""
        return f"du {date_format(self.date_reference, 'j F Y')}" if self.date_reference else ""

    @property
    def niveau(self):
        return niveau_maturite(self.score_global)

    @property
    def est_termine(self):
        return self.statut != "brouillon"

    def precedent(self):
        return (
            Diagnostic.objects.filter(entreprise=self.entreprise_id, numero__lt=self.numero)
            .exclude(statut="brouillon")
            .order_by("-numero")
            .first()
        )


class Recommandation(models.Model):
    """Un cas d'usage recommandé : calcul du moteur, et ajustement éventuel d'un conseiller avec sa raison."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="recommandations")
    cas_usage = models.ForeignKey("cas_usage.CasUsage", on_delete=models.PROTECT, related_name="+")
    rang_auto = models.PositiveSmallIntegerField("rang calculé")
    score = models.FloatField("score")
    valeur = models.FloatField("valeur")
    faisabilite = models.FloatField("faisabilité")
    raisons = models.JSONField("raisons", default=list)
    horizon_auto = models.CharField("horizon calculé", max_length=12, choices=Horizon.choices)
    rang_conseiller = models.PositiveSmallIntegerField("rang choisi par le conseiller", null=True, blank=True)
    horizon_conseiller = models.CharField(max_length=12, choices=Horizon.choices, blank=True)
    retenue = models.BooleanField("retenue dans la feuille de route", default=True)
    motif_ajustement = models.TextField("motif de l'ajustement", blank=True, max_length=2000)
    ajuste_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ajuste_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "recommandation"
        verbose_name_plural = "recommandations"
        ordering = ["rang_auto"]
        constraints = [models.UniqueConstraint(fields=["diagnostic", "cas_usage"], name="recommandation_unique")]

    def __str__(self):
        return f"{self.diagnostic} — {self.cas_usage}"

    @property
    def est_ajustee(self):
        return bool(self.motif_ajustement)

    @property
    def rang(self):
        return self.rang_conseiller or self.rang_auto

    @property
    def horizon(self):
        return self.horizon_conseiller or self.horizon_auto

    def get_horizon_display(self):
        return Horizon(self.horizon).label


class ElementInventaire(models.Model):
    """Inventaire technique et opérationnel relevé par le conseiller (Diagnostic Data-IA)."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="inventaire")
    categorie = models.CharField("catégorie", max_length=12, choices=CategorieInventaire.choices)
    libelle = models.CharField("élément", max_length=200)
    detail = models.TextField("précisions", blank=True, max_length=2000)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "élément d'inventaire"
        verbose_name_plural = "éléments d'inventaire"
        ordering = ["categorie", "cree_le"]

    def __str__(self):
        return self.libelle


class FichierPDF(models.Model):
    """Le rapport PDF d'une version d'un diagnostic, rendu une fois par une tâche de fond et gardé.

    La version est l'empreinte du HTML du rapport : si rien de ce que montre le rapport n'a changé (réponses,
    ajustements, statuts de financement du jour, vue entreprise ou conseiller), le même fichier est servi."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="fichiers_pdf")
    empreinte = models.CharField("empreinte du contenu", max_length=64)
    statut = models.CharField(
        "statut", max_length=16, choices=StatutFichierPDF.choices, default=StatutFichierPDF.EN_PREPARATION
    )
    html = models.TextField("HTML à rendre", blank=True, help_text="Vidé une fois le PDF rendu.")
    fichier = models.FileField("fichier", upload_to="rapports/", blank=True)
    erreur = models.TextField("erreur", blank=True)
    demande_le = models.DateTimeField("demandé le", auto_now_add=True)
    pret_le = models.DateTimeField("prêt le", null=True, blank=True)

    class Meta:
        verbose_name = "rapport PDF"
        verbose_name_plural = "rapports PDF"
        constraints = [models.UniqueConstraint(fields=["diagnostic", "empreinte"], name="fichier_pdf_version_unique")]

    def __str__(self):
        return f"{self.diagnostic} — {self.empreinte[:12]}"
