import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from osezia.dossiers.enums import A_INSTRUIRE, Etat
from osezia.financement.enums import StatutEligibilite
from osezia.organisations.enums import MONTANT_MAX_EUR, TypeOrganisation


class Guichet(models.Model):
    """Le dépôt en ligne d'un dispositif : la structure qui l'instruit, le délai de décision visé et les pièces
    demandées. Données de `dossiers/contenus/guichets.yaml` (schéma : docs/contenus.md)."""

    dispositif = models.OneToOneField(
        "financement.DispositifFinancement", on_delete=models.CASCADE, related_name="guichet"
    )
    operateur = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guichets",
        limit_choices_to={"type": TypeOrganisation.STRUCTURE},
        verbose_name="structure qui instruit",
        help_text="Vide : aucune structure n'instruit encore ce dispositif sur la plateforme (pas de dépôt en ligne).",
    )
    delai_decision_jours = models.PositiveIntegerField(
        "délai de décision visé (jours)", validators=[MinValueValidator(1), MaxValueValidator(730)]
    )
    pieces = models.JSONField("pièces demandées", default=list, blank=True)
    est_demo = models.BooleanField("instruit par la structure de démonstration", default=False)

    class Meta:
        verbose_name = "guichet de dépôt"
        verbose_name_plural = "guichets de dépôt"

    def __str__(self):
        return f"Dépôt en ligne : {self.dispositif}"

    @property
    def ouvert(self):
        return self.operateur_id is not None

    def piece(self, code):
        return next((p for p in self.pieces if p["code"] == code), None)


class DossierQuerySet(models.QuerySet):
    def visibles_par(self, utilisateur):
        from osezia.dossiers import droits

        return droits.dossiers_visibles(self, utilisateur)


class Dossier(models.Model):
    """La demande d'aide d'un projet à un dispositif, de son brouillon à son versement."""

    projet = models.ForeignKey("projets.Projet", on_delete=models.CASCADE, related_name="dossiers")
    # Dénormalisés : la file d'instruction filtre par structure, état, région et échéance sans jointure.
    entreprise = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="dossiers", verbose_name="entreprise"
    )
    dispositif = models.ForeignKey(
        "financement.DispositifFinancement", on_delete=models.PROTECT, related_name="dossiers"
    )
    operateur = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="dossiers_instruits",
        verbose_name="structure qui instruit",
    )
    region = models.ForeignKey(
        "referentiels.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    etat = models.CharField("état", max_length=20, choices=Etat.choices, default=Etat.BROUILLON)
    # Chaque écriture l'augmente : une décision prise sur une version périmée ne s'applique pas.
    version = models.PositiveIntegerField("version", default=1)
    montant_demande = models.PositiveBigIntegerField(
        "montant demandé (€)", null=True, blank=True, validators=[MaxValueValidator(MONTANT_MAX_EUR)]
    )
    objet = models.TextField("ce que l'aide financera", max_length=5000, blank=True)
    # L'éligibilité calculée au dépôt, figée : statut et raisons du jour, même si les règles changent ensuite.
    eligibilite_statut = models.CharField(
        "éligibilité au dépôt", max_length=20, choices=StatutEligibilite.choices, blank=True
    )
    eligibilite_raisons = models.JSONField("raisons de l'éligibilité au dépôt", default=list, blank=True)
    eligibilite_le = models.DateField("éligibilité calculée le", null=True, blank=True)
    depose_le = models.DateTimeField("déposé le", null=True, blank=True)
    echeance = models.DateField("décision visée avant le", null=True, blank=True)
    instructeur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossiers_instruits",
        verbose_name="instructeur",
    )
    montant_accorde = models.PositiveBigIntegerField(
        "montant accordé (€)", null=True, blank=True, validators=[MaxValueValidator(MONTANT_MAX_EUR)]
    )
    motivation = models.TextField("motivation de la décision", max_length=5000, blank=True)
    decide_le = models.DateTimeField("décidé le", null=True, blank=True)
    decide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attestation = models.FileField("attestation", upload_to="attestations/", max_length=300, blank=True)
    cree_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    modifie_le = models.DateTimeField("modifié le", default=timezone.now)
    est_demo = models.BooleanField("donnée de démonstration", default=False)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = "dossier de financement"
        verbose_name_plural = "dossiers de financement"
        ordering = ["-modifie_le", "-pk"]
        indexes = [
            # La file d'une structure : ses dossiers par état, triés par échéance.
            models.Index(fields=["operateur", "etat", "echeance"], name="dossier_file_instruction"),
            # La file par défaut (ce qui reste à traiter, tous états confondus), déjà dans l'ordre de la page.
            models.Index(
                fields=["operateur", "echeance", "id"],
                condition=models.Q(etat__in=sorted(A_INSTRUIRE)),
                name="dossier_file_a_traiter",
            ),
            models.Index(fields=["entreprise", "etat"], name="dossier_entreprise_etat"),
            models.Index(fields=["projet"], name="dossier_projet"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(montant_accorde__isnull=True)
                | models.Q(etat__in=[Etat.ACCORDE, Etat.VERSE_PARTIELLEMENT, Etat.VERSE]),
                name="dossier_montant_seulement_si_accorde",
                violation_error_message="Un montant accordé ne va qu'avec un dossier accordé.",
            )
        ]

    def __str__(self):
        return f"Dossier n° {self.pk} : {self.dispositif} ({self.get_etat_display()})"

    def get_absolute_url(self):
        return reverse("dossiers:detail", args=[self.pk])

    @property
    def total_verse(self):
        return sum(v.montant for v in self.versements.all())

    def en_retard(self, aujourdhui):

        return self.etat in A_INSTRUIRE and self.echeance is not None and self.echeance < aujourdhui


class ChangementEtat(models.Model):
    """Chaque changement d'état, daté et gardé, avec qui l'a fait et pourquoi."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="changements")
    de = models.CharField("de", max_length=20, choices=Etat.choices)
    vers = models.CharField("vers", max_length=20, choices=Etat.choices)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    texte = models.TextField("motivation ou message", max_length=5000, blank=True)
    montant = models.PositiveBigIntegerField("montant (€)", null=True, blank=True)
    le = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "changement d'état"
        verbose_name_plural = "changements d'état"
        ordering = ["le", "pk"]
        indexes = [models.Index(fields=["dossier", "le"], name="changement_dossier_le")]

    def __str__(self):
        return f"{self.dossier_id} : {self.get_de_display()} → {self.get_vers_display()}"


class Versement(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="versements")
    montant = models.PositiveBigIntegerField(
        "montant versé (€)", validators=[MinValueValidator(1), MaxValueValidator(MONTANT_MAX_EUR)]
    )
    date = models.DateField("date du versement")
    saisi_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "versement"
        verbose_name_plural = "versements"
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.montant} € le {self.date}"


def chemin_piece(piece, nom):
    return f"dossiers/{piece.dossier_id}/{uuid.uuid4().hex}{PurePosixPath(nom).suffix.lower()}"


class PieceDossier(models.Model):
    """Un fichier joint au dossier (une pièce demandée par le guichet, ou un complément), servi après contrôle des
    droits, jamais par une adresse publique."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pieces")
    code = models.CharField("pièce demandée", max_length=40, blank=True, help_text="Vide : un document complémentaire.")
    fichier = models.FileField("fichier", upload_to=chemin_piece, max_length=300)
    nom = models.CharField("nom du fichier", max_length=200)
    type_contenu = models.CharField("type de contenu", max_length=100)
    taille = models.PositiveIntegerField("taille (octets)")
    depose_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    depose_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "pièce du dossier"
        verbose_name_plural = "pièces du dossier"
        ordering = ["depose_le", "pk"]

    def __str__(self):
        return self.nom


class MessageDossier(models.Model):
    """La messagerie entre l'entreprise et l'instruction : les deux la lisent."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="messages")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    de_l_instruction = models.BooleanField("écrit par l'instruction", default=False)
    texte = models.TextField("message", max_length=5000)
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "message"
        verbose_name_plural = "messages"
        ordering = ["cree_le", "pk"]

    def __str__(self):
        return self.texte[:60]


class AnnotationPrivee(models.Model):
    """Une note de l'instruction que l'entreprise ne voit jamais (ni page, ni API, ni export de ses données)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="annotations")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    texte = models.TextField("annotation", max_length=5000)
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "annotation privée"
        verbose_name_plural = "annotations privées"
        ordering = ["cree_le", "pk"]

    def __str__(self):
        return self.texte[:60]
