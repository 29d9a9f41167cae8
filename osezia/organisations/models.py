from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse

from osezia.catalogue.enums import LabelFournisseur
from osezia.organisations.enums import EFFECTIF_MAX, MONTANT_MAX_EUR, TypeOrganisation
from osezia.organisations.validators import valider_siren
from osezia.referentiels.enums import CategorieTaille, NiveauNAF
from osezia.referentiels.tailles import categorie_taille
from osezia.rgpd.enums import DELAI_EFFACEMENT, MotifEffacement
from osezia.utils.champs import ChoixMultiplesField
from osezia.utils.texte import slug_translittere


class OrganisationQuerySet(models.QuerySet):
    def entreprises(self):
        return self.filter(type=TypeOrganisation.ENTREPRISE)

    def structures(self):
        return self.filter(type=TypeOrganisation.STRUCTURE)

    def fournisseurs(self):
        return self.filter(type=TypeOrganisation.FOURNISSEUR)

    def de_l_utilisateur(self, utilisateur):
        return self.filter(membres__utilisateur=utilisateur)

    def effacement_programme(self):
        return self.filter(effacement_demande_le__isnull=False)

    def a_effacer(self, maintenant):
        """Celles dont le délai de grâce est écoulé."""
        return self.filter(effacement_demande_le__lte=maintenant - DELAI_EFFACEMENT)


class Organisation(models.Model):
    """Ce pour quoi un utilisateur agit : une entreprise, un fournisseur de solutions IA ou une structure d'accompagnement."""

    type = models.CharField("type", max_length=20, choices=TypeOrganisation.choices, db_index=True)
    nom = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant d'adresse", max_length=220, unique=True)
    siren = models.CharField("SIREN", max_length=9, blank=True, validators=[valider_siren], help_text="9 chiffres")
    naf = models.ForeignKey(
        "referentiels.SecteurNAF",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="code NAF (sous-classe)",
        limit_choices_to={"niveau": NiveauNAF.SOUS_CLASSE},
        related_name="+",
    )
    effectif = models.PositiveIntegerField(
        "effectif (salariés, équivalent temps plein)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(EFFECTIF_MAX)],
    )
    chiffre_affaires = models.PositiveBigIntegerField(
        "chiffre d'affaires annuel hors taxes (€)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MONTANT_MAX_EUR)],
    )
    total_bilan = models.PositiveBigIntegerField(
        "total de bilan (€)", null=True, blank=True, validators=[MaxValueValidator(MONTANT_MAX_EUR)]
    )
    region = models.ForeignKey(
        "referentiels.Region", on_delete=models.PROTECT, null=True, blank=True, verbose_name="région"
    )
    categorie_taille = models.CharField(
        "catégorie d'entreprise",
        max_length=10,
        choices=CategorieTaille.choices,
        default=CategorieTaille.INCONNUE,
        editable=False,
        db_index=True,
    )
    description = models.TextField("présentation", blank=True, max_length=5000)
    site_web = models.URLField("site web", blank=True)
    labels = ChoixMultiplesField("labels", choix=LabelFournisseur.choices)
    est_demo = models.BooleanField(
        "donnée de démonstration", default=False, help_text="Organisation inventée pour la démonstration."
    )
    source = models.CharField(
        "source", max_length=255, blank=True, help_text="D'où viennent les informations quand la fiche a été importée."
    )
    # Effacement programmé (RGPD) : annulable pendant DELAI_EFFACEMENT, puis fait par le travail périodique.
    effacement_demande_le = models.DateTimeField("effacement demandé le", null=True, blank=True, editable=False)
    effacement_demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="effacement demandé par",
    )
    effacement_motif = models.CharField(
        "motif de l'effacement", max_length=20, choices=MotifEffacement.choices, blank=True, editable=False
    )
    # {identifiant de solution: statut avant l'effacement} : ce que l'annulation remet.
    statuts_avant_effacement = models.JSONField(default=dict, blank=True, editable=False)
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "siren"],
                condition=~models.Q(siren=""),
                name="organisation_siren_unique_par_type",
                violation_error_message="Une organisation de ce type est déjà inscrite avec ce SIREN.",
            ),
        ]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        self.categorie_taille = categorie_taille(
            effectif=self.effectif, chiffre_affaires=self.chiffre_affaires, total_bilan=self.total_bilan
        ).categorie
        if not self.slug:
            self.slug = self._slug_libre()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalogue:fournisseur", args=[self.slug])

    def clean(self):
        super().clean()
        if self.naf_id and self.naf.niveau != NiveauNAF.SOUS_CLASSE:
            raise ValidationError({"naf": "Choisissez une sous-classe NAF (5 caractères, par exemple 47.11F)."})

    def _slug_libre(self):
        base = slug_translittere(self.nom)[:200] or "organisation"
        slug, n = base, 1
        while Organisation.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    @property
    def explication_taille(self):
        return categorie_taille(
            effectif=self.effectif, chiffre_affaires=self.chiffre_affaires, total_bilan=self.total_bilan
        ).explication

    @property
    def libelles_labels(self):
        return self._meta.get_field("labels").libelles(self.labels)

    @property
    def efface_le(self):
        """Le moment où l'effacement programmé sera fait (None s'il n'y en a pas)."""
        return self.effacement_demande_le + DELAI_EFFACEMENT if self.effacement_demande_le else None

    def a_pour_membre(self, utilisateur):
        return utilisateur.is_authenticated and self.membres.filter(utilisateur=utilisateur).exists()


class EntrepriseManager(models.Manager.from_queryset(OrganisationQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(type=TypeOrganisation.ENTREPRISE)


class FournisseurManager(models.Manager.from_queryset(OrganisationQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(type=TypeOrganisation.FOURNISSEUR)


class Entreprise(Organisation):
    objects = EntrepriseManager()

    class Meta:
        proxy = True
        verbose_name = "entreprise"
        verbose_name_plural = "entreprises"

    def save(self, *args, **kwargs):
        self.type = TypeOrganisation.ENTREPRISE
        super().save(*args, **kwargs)


class Fournisseur(Organisation):
    objects = FournisseurManager()

    class Meta:
        proxy = True
        verbose_name = "fournisseur"
        verbose_name_plural = "fournisseurs"

    def save(self, *args, **kwargs):
        self.type = TypeOrganisation.FOURNISSEUR
        super().save(*args, **kwargs)


class Membre(models.Model):
    """Rattachement d'un utilisateur à une organisation."""

    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adhesions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="membres")
    est_administrateur = models.BooleanField("administrateur de l'organisation", default=False)
    # Un conseiller d'une structure qui instruit des dispositifs : il voit et décide les dossiers de sa structure.
    est_instructeur = models.BooleanField(
        "instructeur des dossiers de financement",
        default=False,
        help_text="Pour un conseiller d'une structure qui instruit un dispositif de financement.",
    )
    cree_le = models.DateTimeField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "membre"
        verbose_name_plural = "membres"
        constraints = [
            models.UniqueConstraint(fields=["utilisateur", "organisation"], name="membre_unique"),
        ]

    def __str__(self):
        return f"{self.utilisateur} — {self.organisation}"


class ConsentementQuerySet(models.QuerySet):
    def actifs(self):
        """Non retirés, et suspendus tant que l'effacement de l'entreprise est programmé : les conseillers perdent
        l'accès dès la demande (il revient si elle est annulée)."""
        return self.filter(retire_le__isnull=True, entreprise__effacement_demande_le__isnull=True)


class Consentement(models.Model):
    """Une entreprise accepte, explicitement, de partager ses diagnostics avec une structure d'accompagnement :
    les conseillers de cette structure l'ont alors dans leur portefeuille, jusqu'au retrait."""

    entreprise = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="consentements")
    structure = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="consentements_recus")
    accorde_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    accorde_le = models.DateTimeField("accordé le", auto_now_add=True)
    retire_le = models.DateTimeField("retiré le", null=True, blank=True)

    objects = ConsentementQuerySet.as_manager()

    class Meta:
        verbose_name = "consentement au partage"
        verbose_name_plural = "consentements au partage"
        constraints = [
            models.UniqueConstraint(
                fields=["entreprise", "structure"],
                condition=models.Q(retire_le__isnull=True),
                name="consentement_actif_unique",
            )
        ]

    def __str__(self):
        return f"{self.entreprise} → {self.structure}"
