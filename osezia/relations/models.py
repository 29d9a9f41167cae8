from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from osezia.catalogue.enums import Certification, Langue
from osezia.organisations.enums import MONTANT_MAX_EUR
from osezia.relations.enums import (
    Budget,
    ChampVisible,
    Cote,
    HebergementExige,
    MotifPasInteresse,
    MotifPerdue,
    OrigineBesoin,
    OrigineRelation,
    Statut,
    StatutAvis,
    StatutBesoin,
)
from osezia.utils.champs import ChoixMultiplesField


def libelle_motif(statut, motif):
    choix = {Statut.PAS_INTERESSE: MotifPasInteresse, Statut.PERDUE: MotifPerdue}.get(statut)
    return dict(choix.choices).get(motif, motif) if choix else motif


class Besoin(models.Model):
    """Ce qu'une entreprise cherche, et ce qu'elle accepte de montrer aux fournisseurs qui le recevront."""

    entreprise = models.ForeignKey(
        "organisations.Organisation", verbose_name="entreprise", on_delete=models.CASCADE, related_name="besoins"
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="exprimé par", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    origine = models.CharField("origine", max_length=20, choices=OrigineBesoin.choices, default=OrigineBesoin.LIBRE)
    recommandation = models.ForeignKey(
        "diagnostic.Recommandation", on_delete=models.SET_NULL, null=True, blank=True, related_name="besoins"
    )
    projet = models.ForeignKey(
        "projets.Projet",
        verbose_name="projet",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="besoins",
    )
    cas_usage = models.ForeignKey(
        "cas_usage.CasUsage", verbose_name="cas d'usage", on_delete=models.PROTECT, related_name="besoins"
    )
    description = models.TextField(
        "description du besoin",
        max_length=3000,
        help_text="Ce que vous voulez faire, avec quels outils aujourd'hui, ce qui vous gêne.",
    )
    budget = models.CharField("budget", max_length=20, choices=Budget.choices, default=Budget.A_DEFINIR)
    date_souhaitee = models.DateField("date souhaitée", null=True, blank=True)
    hebergement = models.CharField(
        "hébergement des données", max_length=20, choices=HebergementExige.choices, default=HebergementExige.INDIFFERENT
    )
    certifications = ChoixMultiplesField("certifications exigées", choix=Certification.choices)
    sur_site = models.BooleanField(
        "installation chez vous (pas seulement en ligne)", default=False, help_text="sur vos propres serveurs"
    )
    langues = ChoixMultiplesField("langues exigées", choix=Langue.choices)
    intervention_sur_place = models.BooleanField("intervention dans vos locaux nécessaire", default=False)
    region = models.ForeignKey(
        "referentiels.Region",
        verbose_name="région d'intervention",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    champs_visibles = ChoixMultiplesField("informations montrées aux fournisseurs", choix=ChampVisible.choices)
    consentement_le = models.DateTimeField("envoi accepté le", null=True, blank=True)
    consentement_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="envoi accepté par", on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    statut = models.CharField("statut", max_length=12, choices=StatutBesoin.choices, default=StatutBesoin.BROUILLON)
    # Le dernier lot envoyé (1, 2, …) et quand : le suivant part si trop peu de fournisseurs ont dit oui.
    dernier_lot = models.PositiveSmallIntegerField("dernier lot envoyé", default=0)
    dernier_lot_le = models.DateTimeField("dernier lot envoyé le", null=True, blank=True)
    clos_le = models.DateTimeField("clos le", null=True, blank=True)
    est_demo = models.BooleanField("démonstration", default=False)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "besoin"
        verbose_name_plural = "besoins"
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["statut", "dernier_lot_le"], name="besoin_lot_a_suivre")]

    def __str__(self):
        return f"{self.entreprise} : {self.cas_usage}"

    def clean(self):
        if self.intervention_sur_place and not self.region_id:
            raise ValidationError({"region": "Indiquez la région où le fournisseur devra intervenir."})
        if self.origine == OrigineBesoin.RECOMMANDATION and not self.recommandation_id:
            raise ValidationError({"recommandation": "Choisissez la recommandation dont vient ce besoin."})
        if self.origine == OrigineBesoin.PROJET and not self.projet_id:
            raise ValidationError({"projet": "Choisissez le projet dont vient ce besoin."})
        if self.projet_id and self.projet.entreprise_id != self.entreprise_id:
            raise ValidationError({"projet": "Ce projet n'est pas celui de votre entreprise."})

    @property
    def libelles_certifications(self):
        return self._meta.get_field("certifications").libelles(self.certifications)

    def montre(self, champ):
        return champ in self.champs_visibles

    @property
    def consenti(self):
        return self.consentement_le is not None


class MiseEnRelationQuerySet(models.QuerySet):
    def recues_par(self, fournisseur):
        """Ce que la boîte d'un fournisseur montre : les seules demandes qui lui ont été envoyées."""
        from osezia.relations.transitions import RECUES

        return self.filter(fournisseur=fournisseur, statut__in=RECUES)


class MiseEnRelation(models.Model):
    """Une entreprise et un fournisseur, de la proposition à l'issue de l'affaire."""

    entreprise = models.ForeignKey(
        "organisations.Organisation", verbose_name="entreprise", on_delete=models.CASCADE, related_name="relations"
    )
    fournisseur = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="fournisseur",
        on_delete=models.CASCADE,
        related_name="relations_fournisseur",
    )
    besoin = models.ForeignKey(
        Besoin, verbose_name="besoin", on_delete=models.CASCADE, null=True, blank=True, related_name="relations"
    )
    solution = models.ForeignKey(
        "catalogue.Solution", verbose_name="solution proposée", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    origine = models.CharField(
        "origine", max_length=20, choices=OrigineRelation.choices, default=OrigineRelation.BESOIN
    )
    rendez_vous = models.ForeignKey(
        "rendezvous.RendezVous", verbose_name="rendez-vous d'affaires", on_delete=models.SET_NULL, null=True,
        blank=True, related_name="relations",
    )  # fmt: skip
    statut = models.CharField("statut", max_length=20, choices=Statut.choices, default=Statut.PROPOSEE, db_index=True)
    rang = models.PositiveSmallIntegerField("rang dans la liste proposée", null=True, blank=True)
    score = models.FloatField("score d'appariement", null=True, blank=True)
    # Pourquoi la solution convient, ce qui ne convient pas ou reste à vérifier (appariement.Proposition.en_donnees).
    explication = models.JSONField("explication", default=dict, blank=True)
    lot = models.PositiveSmallIntegerField("lot d'envoi", null=True, blank=True)
    envoyee_le = models.DateTimeField("envoyée le", null=True, blank=True)
    vue_le = models.DateTimeField("vue le", null=True, blank=True)
    repondue_le = models.DateTimeField("première réponse le", null=True, blank=True)
    motif = models.CharField("motif", max_length=30, blank=True)
    motif_precision = models.CharField("précision du motif", max_length=500, blank=True)
    montant = models.PositiveBigIntegerField(
        "montant de l'affaire (€)", null=True, blank=True, validators=[MaxValueValidator(MONTANT_MAX_EUR)]
    )
    projet = models.ForeignKey(
        "projets.Projet", verbose_name="projet", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="relations",
    )  # fmt: skip
    relancee_le = models.DateTimeField("relancée le", null=True, blank=True)
    enquete_envoyee_le = models.DateTimeField("enquête de satisfaction envoyée le", null=True, blank=True)
    # Début de l'échange (pour l'enquête à 30 jours) et dernière écriture (pour trier les deux boîtes).
    echange_le = models.DateTimeField("échange commencé le", null=True, blank=True)
    modifiee_le = models.DateTimeField("modifiée le", auto_now=True)
    est_demo = models.BooleanField("démonstration", default=False)
    cree_le = models.DateTimeField("créée le", auto_now_add=True)

    objects = MiseEnRelationQuerySet.as_manager()

    class Meta:
        verbose_name = "mise en relation"
        verbose_name_plural = "mises en relation"
        ordering = ["rang", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["besoin", "fournisseur"], condition=Q(besoin__isnull=False), name="relation_unique_par_besoin"
            ),
        ]
        indexes = [
            models.Index(fields=["fournisseur", "statut", "-modifiee_le"], name="relation_boite_fournisseur"),
            models.Index(fields=["statut", "envoyee_le"], name="relation_a_relancer"),
        ]

    def __str__(self):
        return f"{self.entreprise} × {self.fournisseur}"

    @property
    def libelle_motif(self):
        return libelle_motif(self.statut, self.motif)

    def montre_au_fournisseur(self, champ):
        """Ce que le fournisseur voit de l'entreprise (`ChampVisible`) : ce qu'elle a coché en envoyant son besoin ;
        son nom et son contact quand la mise en relation vient d'un rendez-vous d'affaires (ils se sont rencontrés)."""
        return self.besoin_id is None or self.besoin.montre(champ)

    @property
    def recue(self):
        from osezia.relations.transitions import RECUES

        return self.statut in RECUES


class ChangementStatutRelation(models.Model):
    """Chaque passage d'un statut à l'autre, daté, avec son auteur, son côté et son motif."""

    relation = models.ForeignKey(MiseEnRelation, on_delete=models.CASCADE, related_name="changements")
    de = models.CharField("de", max_length=20, choices=Statut.choices, blank=True)
    vers = models.CharField("vers", max_length=20, choices=Statut.choices)
    cote = models.CharField("côté", max_length=12, choices=Cote.choices)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    motif = models.CharField("motif", max_length=30, blank=True)
    precision = models.CharField("précision", max_length=500, blank=True)
    le = models.DateTimeField("le", db_index=True)

    class Meta:
        verbose_name = "changement de statut d'une mise en relation"
        verbose_name_plural = "changements de statut des mises en relation"
        ordering = ["le", "pk"]

    def __str__(self):
        return f"{self.relation} : {self.de or '—'} → {self.vers}"

    @property
    def libelle_motif(self):
        return libelle_motif(self.vers, self.motif)


class Message(models.Model):
    relation = models.ForeignKey(MiseEnRelation, on_delete=models.CASCADE, related_name="messages")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    cote = models.CharField("côté", max_length=12, choices=Cote.choices)
    texte = models.TextField("message", max_length=5000)
    cree_le = models.DateTimeField("envoyé le", auto_now_add=True)

    class Meta:
        verbose_name = "message"
        ordering = ["cree_le", "pk"]

    def __str__(self):
        return f"{self.get_cote_display()} le {self.cree_le:%d/%m/%Y}"


class EnqueteSatisfaction(models.Model):
    """La question posée à l'entreprise 30 jours après le début d'un échange : que s'est-il passé ?"""

    relation = models.OneToOneField(MiseEnRelation, on_delete=models.CASCADE, related_name="enquete")
    contact_etabli = models.BooleanField("le contact a eu lieu")
    utile = models.BooleanField("l'échange a été utile", null=True, blank=True)
    contrat = models.BooleanField("un contrat a été signé", null=True, blank=True)
    montant = models.PositiveBigIntegerField(
        "montant du contrat (€)", null=True, blank=True, validators=[MaxValueValidator(MONTANT_MAX_EUR)]
    )
    commentaire = models.TextField("commentaire", max_length=2000, blank=True)
    repondue_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    repondue_le = models.DateTimeField("répondue le", auto_now_add=True)

    class Meta:
        verbose_name = "réponse à l'enquête de satisfaction"
        verbose_name_plural = "réponses à l'enquête de satisfaction"

    def __str__(self):
        return f"Enquête : {self.relation}"

    def clean(self):
        if self.montant is not None and not self.contrat:
            raise ValidationError({"montant": "Un montant n'a de sens que si un contrat a été signé."})


class AvisQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(statut=StatutAvis.PUBLIE)


class Avis(models.Model):
    """L'avis d'une entreprise sur un fournisseur qu'elle a vraiment rencontré (rendez-vous, devis ou affaire)."""

    relation = models.OneToOneField(MiseEnRelation, on_delete=models.CASCADE, related_name="avis")
    fournisseur = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="avis_recus")
    note = models.PositiveSmallIntegerField("note sur 5", validators=[MinValueValidator(1), MaxValueValidator(5)])
    texte = models.TextField("avis", max_length=3000)
    # Vide quand le compte de l'auteur a été supprimé : l'avis reste, modérable.
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Le contexte vérifié, figé au dépôt : le statut atteint et sa date.
    contexte_statut = models.CharField("statut atteint", max_length=20, choices=Statut.choices)
    contexte_le = models.DateTimeField("atteint le")
    statut = models.CharField("modération", max_length=12, choices=StatutAvis.choices, default=StatutAvis.EN_ATTENTE)
    motif_moderation = models.CharField("motif de la modération", max_length=500, blank=True)
    modere_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    modere_le = models.DateTimeField("modéré le", null=True, blank=True)
    reponse = models.TextField("réponse du fournisseur", max_length=3000, blank=True)
    reponse_le = models.DateTimeField("réponse le", null=True, blank=True)
    cree_le = models.DateTimeField("déposé le", auto_now_add=True)

    objects = AvisQuerySet.as_manager()

    class Meta:
        verbose_name = "avis vérifié"
        verbose_name_plural = "avis vérifiés"
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["fournisseur", "statut"], name="avis_fournisseur_statut")]

    def __str__(self):
        return f"{self.note}/5 sur {self.fournisseur}"
