from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from osezia.organisations.enums import TypeOrganisation
from osezia.rendezvous.enums import DureeCreneau, NatureParticipant, Priorite, StatutPlanification


class Evenement(models.Model):
    """Une journée de rendez-vous d'affaires entre entreprises et fournisseurs de solutions d'IA."""

    nom = models.CharField("nom", max_length=200)
    date = models.DateField("date")
    lieu = models.CharField("lieu", max_length=300, blank=True)
    en_ligne = models.BooleanField("en ligne", default=False)
    themes = models.CharField(
        "secteurs ou thèmes",
        max_length=300,
        blank=True,
        help_text="Ce que la journée réunit, par exemple « commerce de proximité, artisanat alimentaire ».",
    )
    duree_creneau = models.PositiveSmallIntegerField(
        "durée d'un créneau (minutes)", choices=DureeCreneau.choices, default=DureeCreneau.VINGT
    )
    tables = models.PositiveSmallIntegerField(
        "tables", validators=[MinValueValidator(1)], help_text="rendez-vous simultanés possibles sur un créneau"
    )
    max_consecutifs = models.PositiveSmallIntegerField(
        "rendez-vous d'affilée au plus", default=4, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    organisateur = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="organisateur",
        # Une structure effacée (RGPD) laisse ses événements passés, sans organisateur : les pilotes les gardent.
        on_delete=models.SET_NULL,
        related_name="evenements_organises",
        null=True,
        blank=True,
    )
    est_demo = models.BooleanField("démonstration", default=False)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    # Le dernier calcul du planning.
    planifie_le = models.DateTimeField("planifié le", null=True, blank=True)
    planifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="planifié par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    objectif = models.PositiveIntegerField("objectif atteint", null=True, blank=True)
    borne = models.FloatField("borne supérieure", null=True, blank=True)
    statut_planification = models.CharField(
        "statut du planning", max_length=20, choices=StatutPlanification.choices, blank=True
    )
    duree_planification = models.FloatField("durée du calcul (secondes)", null=True, blank=True)
    # La dernière publication des agendas : une nouvelle ne prévient que ceux dont l'agenda a changé depuis.
    publie_le = models.DateTimeField("agendas publiés le", null=True, blank=True)

    class Meta:
        verbose_name = "événement de rendez-vous d'affaires"
        verbose_name_plural = "événements de rendez-vous d'affaires"
        ordering = ["-date", "nom"]

    def __str__(self):
        return f"{self.nom} ({self.date:%d/%m/%Y})"

    def clean(self):
        if not self.en_ligne and not self.lieu.strip():
            raise ValidationError({"lieu": "Indiquez le lieu de l'événement, ou cochez « en ligne »."})


class Creneau(models.Model):
    evenement = models.ForeignKey(
        Evenement, verbose_name="événement", on_delete=models.CASCADE, related_name="creneaux"
    )
    ordre = models.PositiveSmallIntegerField("ordre dans la journée")
    debut = models.TimeField("début")
    pause_avant = models.BooleanField(
        "pause avant ce créneau", default=False, help_text="pause déclarée (café, déjeuner) : une nouvelle séance"
    )

    class Meta:
        verbose_name = "créneau"
        ordering = ["evenement", "ordre"]
        constraints = [models.UniqueConstraint(fields=["evenement", "ordre"], name="creneau_ordre_unique")]

    def __str__(self):
        return f"{self.debut:%H:%M}"


class Participant(models.Model):
    evenement = models.ForeignKey(
        Evenement, verbose_name="événement", on_delete=models.CASCADE, related_name="participants"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="organisation",
        on_delete=models.CASCADE,
        related_name="participations",
    )
    nature = models.CharField("nature", max_length=20, choices=NatureParticipant.choices)
    # Vide quand le compte qui a inscrit l'organisation a été supprimé.
    inscrit_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="inscrit par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Accord de l'organisation pour que ses souhaits et son agenda soient partagés avec les autres participants.
    consentement_le = models.DateTimeField("consentement donné le")
    disponibilites = models.ManyToManyField(Creneau, verbose_name="disponibilités", related_name="disponibles")
    max_rendez_vous = models.PositiveSmallIntegerField(
        "rendez-vous au plus", default=8, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    desiste_le = models.DateTimeField("désisté le", null=True, blank=True)
    # Le jour même : accueilli à l'entrée, ou déclaré absent (ses rendez-vous à venir se redistribuent).
    arrive_le = models.DateTimeField("arrivé le", null=True, blank=True)
    absent_le = models.DateTimeField("déclaré absent le", null=True, blank=True)

    class Meta:
        verbose_name = "participant"
        constraints = [
            models.UniqueConstraint(fields=["evenement", "organisation"], name="participant_unique_par_evenement")
        ]

    def __str__(self):
        return str(self.organisation)

    def clean(self):
        attendu = {
            NatureParticipant.ENTREPRISE: TypeOrganisation.ENTREPRISE,
            NatureParticipant.FOURNISSEUR: TypeOrganisation.FOURNISSEUR,
        }.get(self.nature)
        if self.organisation_id and attendu and self.organisation.type != attendu:
            raise ValidationError(
                {
                    "organisation": f"Cette organisation n'est pas inscrite sur osezia comme « {self.get_nature_display()} »."
                }
            )


class Souhait(models.Model):
    evenement = models.ForeignKey(
        Evenement, verbose_name="événement", on_delete=models.CASCADE, related_name="souhaits"
    )
    entreprise = models.ForeignKey(
        Participant, verbose_name="entreprise", on_delete=models.CASCADE, related_name="souhaits_emis"
    )
    fournisseur = models.ForeignKey(
        Participant, verbose_name="fournisseur", on_delete=models.CASCADE, related_name="souhaits_recus"
    )
    voulu_par_entreprise = models.BooleanField("demandé par l'entreprise", default=False)
    voulu_par_fournisseur = models.BooleanField("demandé par le fournisseur", default=False)
    # Recalculé à chaque enregistrement : le solveur lit ce champ.
    mutuel = models.BooleanField("mutuel", default=False, help_text="les deux côtés ont demandé ce rendez-vous")
    priorite = models.PositiveSmallIntegerField("priorité", choices=Priorite.choices, default=Priorite.MOYENNE)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "souhait de rendez-vous"
        verbose_name_plural = "souhaits de rendez-vous"
        constraints = [models.UniqueConstraint(fields=["entreprise", "fournisseur"], name="souhait_unique")]

    def __str__(self):
        return f"{self.entreprise} → {self.fournisseur}"

    def save(self, *args, **kwargs):
        self.mutuel = self.voulu_par_entreprise and self.voulu_par_fournisseur
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "mutuel"}
        super().save(*args, **kwargs)

    def clean(self):
        erreurs = {}
        if not (self.voulu_par_entreprise or self.voulu_par_fournisseur):
            erreurs["__all__"] = "Un souhait de rendez-vous est demandé par au moins un des deux côtés."
        if self.entreprise_id and (
            self.entreprise.nature != NatureParticipant.ENTREPRISE or self.entreprise.evenement_id != self.evenement_id
        ):
            erreurs["entreprise"] = "Choisissez une entreprise inscrite à cet événement."
        if self.fournisseur_id and (
            self.fournisseur.nature != NatureParticipant.FOURNISSEUR
            or self.fournisseur.evenement_id != self.evenement_id
        ):
            erreurs["fournisseur"] = "Choisissez un fournisseur inscrit à cet événement."
        if erreurs:
            raise ValidationError(erreurs)


class RendezVous(models.Model):
    evenement = models.ForeignKey(
        Evenement, verbose_name="événement", on_delete=models.CASCADE, related_name="rendez_vous"
    )
    creneau = models.ForeignKey(Creneau, verbose_name="créneau", on_delete=models.PROTECT, related_name="rendez_vous")
    entreprise = models.ForeignKey(
        Participant, verbose_name="entreprise", on_delete=models.CASCADE, related_name="rendez_vous_entreprise"
    )
    fournisseur = models.ForeignKey(
        Participant, verbose_name="fournisseur", on_delete=models.CASCADE, related_name="rendez_vous_fournisseur"
    )
    souhait = models.ForeignKey(
        Souhait, verbose_name="souhait", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Un rendez-vous notifié ne bouge plus au calcul suivant ; annulé, il reste pour prévenir les deux côtés.
    notifie_le = models.DateTimeField("notifié le", null=True, blank=True)
    annule_le = models.DateTimeField("annulé le", null=True, blank=True)
    # Versé au tunnel des mises en relation, le lendemain de la journée (services.rendez_vous_tenus_dans_le_tunnel).
    dans_le_tunnel_le = models.DateTimeField("versé au tunnel des mises en relation le", null=True, blank=True)
    # Attribuée à l'écriture (la plus petite libre du créneau) ; un rendez-vous notifié garde la sienne.
    table = models.PositiveSmallIntegerField("table", validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        ordering = ["creneau__ordre"]
        constraints = [
            models.UniqueConstraint(
                fields=["creneau", "entreprise"], condition=Q(annule_le__isnull=True), name="rdv_entreprise_creneau"
            ),
            models.UniqueConstraint(
                fields=["creneau", "fournisseur"], condition=Q(annule_le__isnull=True), name="rdv_fournisseur_creneau"
            ),
            models.UniqueConstraint(
                fields=["entreprise", "fournisseur"], condition=Q(annule_le__isnull=True), name="rdv_couple_unique"
            ),
            models.UniqueConstraint(
                fields=["creneau", "table"], condition=Q(annule_le__isnull=True), name="rdv_table_creneau"
            ),
        ]

    def __str__(self):
        return f"{self.creneau} : {self.entreprise} et {self.fournisseur}"


class SuggestionEcartee(models.Model):
    """Une suggestion de rendez-vous qu'un participant a refusée : elle ne lui est plus proposée."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="suggestions_ecartees")
    autre = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    ecartee_le = models.DateTimeField("écartée le", auto_now_add=True)

    class Meta:
        verbose_name = "suggestion écartée"
        verbose_name_plural = "suggestions écartées"
        constraints = [models.UniqueConstraint(fields=["participant", "autre"], name="suggestion_ecartee_unique")]

    def __str__(self):
        return f"{self.participant} ne veut pas de {self.autre}"
