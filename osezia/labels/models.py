import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from osezia.labels.enums import StatutCandidature, StatutLabel
from osezia.organisations.enums import TypeOrganisation
from osezia.utils import dates


def libelle_badge(nom_regime, *, demo):
    """Le badge d'une carte ou d'une fiche ; un label de démonstration le dit (une fois, même si son nom le dit)."""
    if demo and "démonstration" not in nom_regime.lower():
        nom_regime = f"{nom_regime} (démonstration)"
    return f"Label vérifié : {nom_regime}"


class RegimeLabel(models.Model):
    """Un label et ce qu'osezia vérifie pour l'inscrire au registre : données de `labels/contenus/regimes.yaml`."""

    code = models.SlugField("code", max_length=60, unique=True)
    nom = models.CharField("nom", max_length=200)
    organisme = models.CharField("organisme qui le délivre", max_length=200)
    description = models.TextField("description", max_length=2000)
    validite_mois = models.PositiveIntegerField(
        "durée de validité (mois)", validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    # [{code, nom, preuve, types, taille_max_mo, obligatoire}] : un critère et la pièce qu'il demande.
    criteres = models.JSONField("critères", default=list)
    sources = models.JSONField("sources", default=list)
    est_demo = models.BooleanField("régime de démonstration (pas un label officiel)", default=False)
    ordre = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "régime de label"
        verbose_name_plural = "régimes de label"
        ordering = ["ordre", "nom"]

    def __str__(self):
        return self.nom

    def critere(self, code):
        return next((c for c in self.criteres if c["code"] == code), None)


class DelegationQuerySet(models.QuerySet):
    def en_cours(self, jour=None):
        """Les délégations qui donnent le droit d'évaluer ce jour-là (aujourd'hui par défaut) : commencées, pas
        terminées, pas révoquées."""
        jour = jour or dates.aujourdhui()
        return self.filter(revoquee_le__isnull=True, debut__lte=jour).filter(
            models.Q(fin__isnull=True) | models.Q(fin__gte=jour)
        )


class Delegation(models.Model):
    """Un pilote confie l'évaluation d'un régime à une structure, du `debut` à la `fin` (comprise ; sans fin : jusqu'à
    révocation) : ses conseillers évaluent ces candidatures. Une délégation révoquée ou terminée reste, pour
    l'historique ; on en accorde une nouvelle."""

    regime = models.ForeignKey(RegimeLabel, on_delete=models.CASCADE, related_name="delegations")
    structure = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="delegations_labels",
        limit_choices_to={"type": TypeOrganisation.STRUCTURE},
    )
    accordee_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    accordee_le = models.DateTimeField(default=timezone.now)
    debut = models.DateField("début", default=dates.aujourdhui)
    fin = models.DateField("fin", null=True, blank=True)
    revoquee_le = models.DateTimeField("révoquée le", null=True, blank=True)
    revoquee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    motif_revocation = models.TextField("motif de la révocation", max_length=3000, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = "délégation d'évaluation"
        verbose_name_plural = "délégations d'évaluation"
        ordering = ["-debut", "-pk"]
        indexes = [models.Index(fields=["regime", "structure"], name="delegation_regime_structure")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fin__isnull=True) | models.Q(fin__gte=models.F("debut")),
                name="delegation_fin_apres_debut",
                violation_error_message="La fin d'une délégation suit son début.",
            )
        ]

    def __str__(self):
        return f"{self.structure} évalue « {self.regime} »"


class CandidatureQuerySet(models.QuerySet):
    def visibles_par(self, utilisateur):
        from osezia.labels import droits

        return droits.candidatures_visibles(self, utilisateur)


class Candidature(models.Model):
    """La demande d'un fournisseur pour un régime, sur tout ou partie de ses solutions, avec ses preuves."""

    fournisseur = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="candidatures_labels"
    )
    regime = models.ForeignKey(RegimeLabel, on_delete=models.PROTECT, related_name="candidatures")
    solutions = models.ManyToManyField("catalogue.Solution", related_name="candidatures_labels", blank=True)
    statut = models.CharField(
        "statut", max_length=12, choices=StatutCandidature.choices, default=StatutCandidature.BROUILLON
    )
    cree_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    cree_le = models.DateTimeField(default=timezone.now)
    deposee_le = models.DateTimeField("déposée le", null=True, blank=True)
    decidee_le = models.DateTimeField("décidée le", null=True, blank=True)
    decidee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    est_demo = models.BooleanField("donnée de démonstration", default=False)

    objects = CandidatureQuerySet.as_manager()

    class Meta:
        verbose_name = "candidature à un label"
        verbose_name_plural = "candidatures à un label"
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["regime", "statut"], name="candidature_file")]

    def __str__(self):
        return f"{self.fournisseur} : {self.regime} ({self.get_statut_display()})"


def chemin_preuve(preuve, nom):
    return f"labels/{preuve.candidature_id}/{uuid.uuid4().hex}{PurePosixPath(nom).suffix.lower()}"


class Preuve(models.Model):
    """La pièce d'un critère, rangée par l'API de stockage et servie après contrôle des droits."""

    candidature = models.ForeignKey(Candidature, on_delete=models.CASCADE, related_name="preuves")
    critere = models.CharField("critère", max_length=60)
    fichier = models.FileField("fichier", upload_to=chemin_preuve, max_length=300)
    nom = models.CharField("nom du fichier", max_length=200)
    type_contenu = models.CharField("type de contenu", max_length=100)
    taille = models.PositiveIntegerField("taille (octets)")
    depose_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    depose_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "preuve"
        verbose_name_plural = "preuves"
        ordering = ["depose_le", "pk"]
        constraints = [models.UniqueConstraint(fields=["candidature", "critere"], name="preuve_unique_par_critere")]

    def __str__(self):
        return self.nom


class DecisionCritere(models.Model):
    """L'avis motivé de l'évaluateur sur un critère : la motivation est toujours écrite."""

    candidature = models.ForeignKey(Candidature, on_delete=models.CASCADE, related_name="decisions")
    critere = models.CharField("critère", max_length=60)
    satisfait = models.BooleanField("critère satisfait")
    motivation = models.TextField("motivation", max_length=3000)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "décision sur un critère"
        verbose_name_plural = "décisions sur les critères"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["candidature", "critere"], name="decision_unique_par_critere")]

    def __str__(self):
        return f"{self.critere} : {'satisfait' if self.satisfait else 'non satisfait'}"


class LabelQuerySet(models.QuerySet):
    def du_registre(self):
        """Le registre public : tous les labels accordés, quel que soit leur statut (un retrait se publie aussi)."""
        return self.select_related("regime", "fournisseur").prefetch_related("solutions")

    def valides(self):
        return self.filter(statut=StatutLabel.VALIDE)


class Label(models.Model):
    """Le label accordé : sa portée (les solutions du fournisseur qu'il couvre), ses dates et son statut."""

    # RESTRICT : une candidature accordée ne s'efface qu'avec son fournisseur (effacement RGPD), label compris.
    candidature = models.OneToOneField(Candidature, on_delete=models.RESTRICT, related_name="label")
    regime = models.ForeignKey(RegimeLabel, on_delete=models.PROTECT, related_name="labels")
    fournisseur = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="labels_accordes"
    )
    solutions = models.ManyToManyField("catalogue.Solution", related_name="labels_accordes", blank=True)
    delivre_le = models.DateField("délivré le")
    expire_le = models.DateField("expire le")
    statut = models.CharField("statut", max_length=10, choices=StatutLabel.choices, default=StatutLabel.VALIDE)
    averti_le = models.DateTimeField("fournisseur averti de l'échéance le", null=True, blank=True)
    est_demo = models.BooleanField("donnée de démonstration", default=False)

    objects = LabelQuerySet.as_manager()

    class Meta:
        verbose_name = "label accordé"
        verbose_name_plural = "labels accordés"
        ordering = ["-delivre_le", "-pk"]
        indexes = [models.Index(fields=["statut", "expire_le"], name="label_echeance")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expire_le__gt=models.F("delivre_le")),
                name="label_expire_apres_delivrance",
                violation_error_message="Un label expire après sa délivrance.",
            )
        ]

    def __str__(self):
        return f"{self.regime} : {self.fournisseur}"

    @property
    def de_demonstration(self):
        """Un label du régime de démonstration, ou accordé à des données de démonstration : jamais présenté comme réel."""
        return self.est_demo or self.regime.est_demo

    @property
    def libelle_badge(self):
        return libelle_badge(self.regime.nom, demo=self.de_demonstration)


class ChangementStatutLabel(models.Model):
    """Chaque changement de statut d'un label, daté, avec qui l'a fait (vide : la plateforme) et pourquoi."""

    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="changements")
    de = models.CharField("de", max_length=10, choices=StatutLabel.choices, blank=True)
    vers = models.CharField("vers", max_length=10, choices=StatutLabel.choices)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    motif = models.TextField("motif", max_length=3000)
    le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "changement de statut d'un label"
        verbose_name_plural = "changements de statut des labels"
        ordering = ["le", "pk"]

    def __str__(self):
        return f"{self.label_id} : {self.de or '—'} → {self.vers}"
