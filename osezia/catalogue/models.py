from django.conf import settings
from django.db import models
from django.urls import reverse

from osezia.catalogue.enums import (
    Certification,
    Deploiement,
    Hebergement,
    Langue,
    ModeleTarifaire,
    OrigineSolution,
    RoleAIAct,
    StatutSolution,
    TailleCible,
    TranchePrix,
)
from osezia.referentiels.enums import NiveauNAF
from osezia.utils.champs import ChoixMultiplesField
from osezia.utils.texte import slug_translittere


class SolutionQuerySet(models.QuerySet):
    def publiees(self):
        return self.filter(statut=StatutSolution.PUBLIEE)

    def de_l_organisation(self, organisation):
        return self.filter(fournisseur=organisation)

    def visibles_par(self, utilisateur):
        """Publiées pour tous ; en plus, toutes celles de ses organisations pour un membre ; tout pour un pilote."""
        if utilisateur.is_authenticated and utilisateur.est_pilote:
            return self.all()
        if utilisateur.is_authenticated:
            return self.filter(
                models.Q(statut=StatutSolution.PUBLIEE) | models.Q(fournisseur__membres__utilisateur=utilisateur)
            ).distinct()
        return self.publiees()


class Solution(models.Model):
    nom = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant d'adresse", max_length=220, unique=True)
    fournisseur = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="solutions",
        help_text="Vide pour une fiche importée dont l'éditeur n'est pas identifié.",
    )
    description_courte = models.CharField("description courte", max_length=200)
    description = models.TextField("description", max_length=5000)
    cas_usage = models.ManyToManyField("cas_usage.CasUsage", related_name="solutions", verbose_name="cas d'usage")
    secteurs = models.ManyToManyField(
        "referentiels.SecteurNAF",
        blank=True,
        related_name="+",
        limit_choices_to={"niveau": NiveauNAF.DIVISION},
        verbose_name="secteurs (divisions NAF)",
        help_text="Aucun secteur : la solution vaut pour tous les secteurs.",
    )
    tailles_cibles = ChoixMultiplesField("tailles d'entreprise visées", choix=TailleCible.choices)
    modele_tarifaire = models.CharField(
        "modèle tarifaire", max_length=20, choices=ModeleTarifaire.choices, default=ModeleTarifaire.NON_COMMUNIQUE
    )
    tranche_prix = models.CharField(
        "tranche de prix", max_length=20, choices=TranchePrix.choices, default=TranchePrix.NON_COMMUNIQUE
    )
    deploiement = models.CharField(
        "déploiement", max_length=20, choices=Deploiement.choices, default=Deploiement.NON_COMMUNIQUE
    )
    hebergement = models.CharField(
        "lieu d'hébergement des données", max_length=20, choices=Hebergement.choices, default=Hebergement.NON_COMMUNIQUE
    )
    certifications = ChoixMultiplesField("certifications", choix=Certification.choices)
    dpa_rgpd = models.BooleanField(
        "accord de traitement des données (RGPD, art. 28) proposé",
        null=True,
        blank=True,
        help_text="Vide : non communiqué.",
    )
    role_ai_act = models.CharField(
        "rôle au sens de l'AI Act", max_length=25, choices=RoleAIAct.choices, default=RoleAIAct.NON_COMMUNIQUE
    )
    langues = ChoixMultiplesField("langues", choix=Langue.choices)
    references = models.TextField("références clients", blank=True, max_length=2000)
    site_web = models.URLField("site web", blank=True)
    statut = models.CharField(
        "statut", max_length=12, choices=StatutSolution.choices, default=StatutSolution.BROUILLON, db_index=True
    )
    motif_moderation = models.TextField("dernier motif de modération", blank=True)
    origine = models.CharField(
        "origine", max_length=10, choices=OrigineSolution.choices, default=OrigineSolution.SAISIE
    )
    est_demo = models.BooleanField("donnée de démonstration", default=False)
    source = models.CharField("source", max_length=255, blank=True)
    source_url = models.URLField("adresse de la source", blank=True, max_length=500)
    credit = models.CharField("crédit et licence", max_length=255, blank=True)
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)
    publiee_le = models.DateTimeField("publiée le", null=True, blank=True)

    objects = SolutionQuerySet.as_manager()

    class Meta:
        verbose_name = "solution"
        verbose_name_plural = "solutions"
        ordering = ["nom"]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.slug_libre(self.nom, exclure=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalogue:solution", args=[self.slug])

    @staticmethod
    def slug_libre(nom, *, exclure=None, pris=None):
        base = slug_translittere(nom)[:200] or "solution"
        slug, n = base, 1
        while (pris is not None and slug in pris) or Solution.objects.filter(slug=slug).exclude(pk=exclure).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def libelles(self, champ):
        return self._meta.get_field(champ).libelles(getattr(self, champ))

    @property
    def libelle_prix(self):
        """Le modèle et la tranche, sans redite (« Sur devis », pas « Sur devis · Sur devis ») ni « Non communiqué »
        à côté d'une information connue."""
        libelles = []
        for libelle, inconnu in (
            (self.get_modele_tarifaire_display(), self.modele_tarifaire == ModeleTarifaire.NON_COMMUNIQUE),
            (self.get_tranche_prix_display(), self.tranche_prix == TranchePrix.NON_COMMUNIQUE),
        ):
            if not inconnu and libelle not in libelles:
                libelles.append(libelle)
        return " · ".join(libelles) or "Non communiqué"

    @property
    def completude(self):
        from osezia.catalogue.completude import completude

        return completude(self)

    @property
    def libelles_tailles(self):
        return self.libelles("tailles_cibles")

    @property
    def libelles_certifications(self):
        return self.libelles("certifications")

    @property
    def libelles_langues(self):
        return self.libelles("langues")

    @property
    def est_publiee(self):
        return self.statut == StatutSolution.PUBLIEE


class EvenementModeration(models.Model):
    """Historique du circuit brouillon → soumise → publiée → archivée, avec qui et pourquoi."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="evenements")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    statut_avant = models.CharField("statut avant", max_length=12, choices=StatutSolution.choices)
    statut_apres = models.CharField("statut après", max_length=12, choices=StatutSolution.choices)
    motif = models.TextField("motif", blank=True)
    cree_le = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "événement de modération"
        verbose_name_plural = "événements de modération"
        ordering = ["-cree_le", "-pk"]

    def __str__(self):
        return f"{self.solution} : {self.statut_avant} → {self.statut_apres}"
