import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from osezia.organisations.enums import MONTANT_MAX_EUR
from osezia.projets.enums import Etape, MotifArret, RangRelance, Sens, TypeEvenement, Unite


class ProjetQuerySet(models.QuerySet):
    def visibles_par(self, utilisateur):
        """Les règles de lecture, les mêmes pour les pages et l'API : l'entreprise ses projets ; un conseiller ceux
        des entreprises qui partagent leurs données avec sa structure (consentement actif) ; un pilote tout."""
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

    def actifs(self):
        return self.exclude(etape__in=[Etape.ABANDONNE, Etape.PRODUCTION])


class Projet(models.Model):
    """Un projet IA d'une entreprise, né d'une recommandation de son diagnostic ou d'un cas d'usage du référentiel."""

    entreprise = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="projets", verbose_name="entreprise"
    )
    titre = models.CharField("titre", max_length=200)
    objectif = models.TextField("objectif, dans vos mots", max_length=5000)
    responsable = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projets_responsable",
        verbose_name="responsable",
    )
    equipe = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="projets_equipe", verbose_name="équipe"
    )
    cas_usage = models.ForeignKey(
        "cas_usage.CasUsage", on_delete=models.PROTECT, related_name="projets", verbose_name="cas d'usage"
    )
    # Origine : la recommandation peut disparaître quand le diagnostic est recalculé ; le diagnostic reste.
    diagnostic = models.ForeignKey(
        "diagnostic.Diagnostic", on_delete=models.SET_NULL, null=True, blank=True, related_name="projets"
    )
    recommandation = models.ForeignKey(
        "diagnostic.Recommandation", on_delete=models.SET_NULL, null=True, blank=True, related_name="projets"
    )
    solutions = models.ManyToManyField(
        "catalogue.Solution", blank=True, related_name="projets", verbose_name="solutions du catalogue"
    )
    prestataires_libres = models.TextField(
        "autres solutions ou prestataires", max_length=1000, blank=True, help_text="Ceux qui ne sont pas au catalogue."
    )
    budget_prevu = models.PositiveBigIntegerField(
        "budget prévu (€)", null=True, blank=True, validators=[MaxValueValidator(MONTANT_MAX_EUR)]
    )
    budget_depense = models.PositiveBigIntegerField(
        "budget dépensé (€)", null=True, blank=True, validators=[MaxValueValidator(MONTANT_MAX_EUR)]
    )
    financements_envisages = models.TextField("financements envisagés", max_length=2000, blank=True)
    date_debut = models.DateField("date de début", null=True, blank=True)
    date_cible = models.DateField("date visée", null=True, blank=True)
    etape = models.CharField("étape", max_length=12, choices=Etape.choices, default=Etape.IDEE)
    etape_depuis = models.DateTimeField("à cette étape depuis", default=timezone.now)
    cree_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    # Mise à jour par chaque événement de la chronologie : la tâche des projets qui s'enlisent la lira.
    derniere_activite_le = models.DateTimeField("dernière activité", default=timezone.now)
    # Le calendrier des relances (relances.py) : la date de la prochaine et son rang, posés par chaque activité (rang 1
    # après le délai de l'étape), avancés par la tâche ; vides quand il n'y a plus rien à envoyer pour ce silence.
    prochaine_relance_le = models.DateTimeField("prochaine relance", null=True, blank=True)
    prochain_rang = models.PositiveSmallIntegerField(
        "rang de la prochaine relance", choices=RangRelance.choices, null=True, blank=True
    )
    # Le résumé du parcours (parcours.py), recalculé à chaque écriture d'un changement d'étape : les chiffres de la
    # sortie du POC le lisent au lieu de réagréger tout l'historique.
    entre_en_poc_le = models.DateTimeField("entré en POC le (la première fois)", null=True, blank=True, editable=False)
    en_production_le = models.DateTimeField(
        "en production le (la première fois)", null=True, blank=True, editable=False
    )
    jour_entree_poc = models.DateField("jour de la première entrée en POC", null=True, blank=True, editable=False)
    mois_avant_production = models.PositiveSmallIntegerField(
        "en production dans les N mois après l'entrée en POC", null=True, blank=True, editable=False
    )
    motif_abandon = models.CharField(
        "motif du dernier abandon", max_length=20, choices=MotifArret.choices, blank=True, editable=False
    )
    jours_idee = models.FloatField("jours en idée (passages terminés)", null=True, blank=True, editable=False)
    jours_cadrage = models.FloatField("jours en cadrage (passages terminés)", null=True, blank=True, editable=False)
    jours_poc = models.FloatField("jours en POC (passages terminés)", null=True, blank=True, editable=False)
    jours_pilote = models.FloatField("jours en pilote (passages terminés)", null=True, blank=True, editable=False)
    jours_en_pause = models.FloatField("jours en pause (passages terminés)", null=True, blank=True, editable=False)
    est_demo = models.BooleanField("donnée de démonstration", default=False)

    objects = ProjetQuerySet.as_manager()

    class Meta:
        verbose_name = "projet IA"
        verbose_name_plural = "projets IA"
        ordering = ["-derniere_activite_le"]
        indexes = [
            models.Index(fields=["entreprise", "etape"], name="projet_entreprise_etape"),
            models.Index(fields=["derniere_activite_le"], name="projet_derniere_activite"),
            # La tâche des relances ne lit que les projets dont la prochaine relance est due.
            models.Index(fields=["prochaine_relance_le"], name="projet_prochaine_relance"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_cible__isnull=True)
                | models.Q(date_debut__isnull=True)
                | models.Q(date_cible__gte=models.F("date_debut")),
                name="projet_date_cible_apres_debut",
                violation_error_message="La date visée ne peut pas précéder la date de début.",
            )
        ]

    def __str__(self):
        return self.titre

    def get_absolute_url(self):
        return reverse("projets:detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.date_debut and self.date_cible and self.date_cible < self.date_debut:
            raise ValidationError({"date_cible": "La date visée ne peut pas précéder la date de début."})


class ChangementEtapeQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        from osezia.projets import parcours

        with transaction.atomic():
            crees = super().bulk_create(objs, *args, **kwargs)
            parcours.recalculer([c.projet_id for c in crees])
        return crees

    def update(self, **kwargs):
        from osezia.projets import parcours

        with transaction.atomic():
            projets = set(self.values_list("projet_id", flat=True))
            nombre = super().update(**kwargs)
            projets.add(kwargs.get("projet_id", getattr(kwargs.get("projet"), "pk", None)))
            parcours.recalculer(projets)
        return nombre

    def delete(self):
        from osezia.projets import parcours

        with transaction.atomic():
            projets = set(self.values_list("projet_id", flat=True))
            resultat = super().delete()
            parcours.recalculer(projets)
        return resultat


class ChangementEtape(models.Model):
    """Chaque changement d'étape, daté et gardé : l'historique que lisent les statistiques du programme. Toute
    écriture recalcule le résumé du parcours de son projet (parcours.py)."""

    projet = models.ForeignKey(Projet, on_delete=models.CASCADE, related_name="changements")
    de = models.CharField("de", max_length=12, choices=Etape.choices)
    vers = models.CharField("vers", max_length=12, choices=Etape.choices)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    motif = models.CharField("motif", max_length=20, choices=MotifArret.choices, blank=True)
    detail = models.TextField("précisions", max_length=2000, blank=True)
    le = models.DateTimeField("le", default=timezone.now)

    objects = ChangementEtapeQuerySet.as_manager()

    class Meta:
        verbose_name = "changement d'étape"
        verbose_name_plural = "changements d'étape"
        ordering = ["le", "pk"]
        indexes = [models.Index(fields=["projet", "le"], name="changement_projet_le")]

    def __str__(self):
        return f"{self.projet} : {self.get_de_display()} → {self.get_vers_display()}"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self._recalculer_le_parcours()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            resultat = super().delete(*args, **kwargs)
            self._recalculer_le_parcours()
        return resultat

    def _recalculer_le_parcours(self):
        from osezia.projets import parcours

        valeurs = parcours.recalculer([self.projet_id]).get(self.projet_id, {})
        projet = self._state.fields_cache.get("projet")
        if projet is not None:  # le projet en mémoire reste juste pour qui le réenregistre ensuite
            for champ, valeur in valeurs.items():
                setattr(projet, champ, valeur)


class Indicateur(models.Model):
    projet = models.ForeignKey(Projet, on_delete=models.CASCADE, related_name="indicateurs")
    libelle = models.CharField("indicateur", max_length=200)
    unite = models.CharField("unité", max_length=12, choices=Unite.choices)
    valeur_reference = models.DecimalField("valeur de départ", max_digits=14, decimal_places=2)
    date_reference = models.DateField("date de la valeur de départ")
    cible = models.DecimalField("valeur visée", max_digits=14, decimal_places=2, null=True, blank=True)
    sens = models.CharField("sens souhaité", max_length=8, choices=Sens.choices, default=Sens.HAUSSE)
    du_cas_usage = models.BooleanField("indicateur type du cas d'usage", default=False)
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "indicateur"
        verbose_name_plural = "indicateurs"
        ordering = ["cree_le", "pk"]

    def __str__(self):
        return self.libelle


class Mesure(models.Model):
    """Une valeur mesurée d'un indicateur, dans son unité, à une date qui ne précède pas la valeur de départ."""

    indicateur = models.ForeignKey(Indicateur, on_delete=models.CASCADE, related_name="mesures")
    date = models.DateField("date")
    valeur = models.DecimalField("valeur", max_digits=14, decimal_places=2)
    saisie_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "mesure"
        verbose_name_plural = "mesures"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicateur", "date"],
                name="mesure_une_par_jour",
                violation_error_message="Une mesure existe déjà à cette date pour cet indicateur.",
            )
        ]

    def __str__(self):
        return f"{self.indicateur} : {self.valeur} le {self.date}"

    def clean(self):
        super().clean()
        if self.indicateur_id and self.date and self.date < self.indicateur.date_reference:
            raise ValidationError(
                {"date": "Une mesure ne peut pas précéder la date de la valeur de départ de l'indicateur."}
            )


class Commentaire(models.Model):
    projet = models.ForeignKey(Projet, on_delete=models.CASCADE, related_name="commentaires")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    texte = models.TextField("commentaire", max_length=5000)
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "commentaire"
        verbose_name_plural = "commentaires"
        ordering = ["cree_le"]

    def __str__(self):
        return self.texte[:60]


def chemin_document(document, nom):
    # Un nom tiré au hasard : le nom d'origine (gardé à part) ne sert jamais de chemin sur le disque.
    return f"projets/{document.projet_id}/{uuid.uuid4().hex}{PurePosixPath(nom).suffix.lower()}"


class DocumentProjet(models.Model):
    """Un fichier du projet, rangé par l'API de stockage de Django hors de toute adresse publique : servi par la
    page du projet après contrôle des droits."""

    projet = models.ForeignKey(Projet, on_delete=models.CASCADE, related_name="documents")
    fichier = models.FileField("fichier", upload_to=chemin_document, max_length=300)
    nom = models.CharField("nom du fichier", max_length=200)
    type_contenu = models.CharField("type de contenu", max_length=100)
    taille = models.PositiveIntegerField("taille (octets)")
    depose_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    depose_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documents"
        ordering = ["-depose_le"]

    def __str__(self):
        return self.nom


class EvenementProjet(models.Model):
    """La chronologie d'un projet : tout ce qui s'y passe, dans l'ordre."""

    projet = models.ForeignKey(Projet, on_delete=models.CASCADE, related_name="evenements")
    type = models.CharField("type", max_length=20, choices=TypeEvenement.choices)
    acteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    texte = models.CharField("texte", max_length=500)
    commentaire = models.ForeignKey(Commentaire, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    document = models.ForeignKey(DocumentProjet, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Un brouillon supprimé laisse sa trace dans l'histoire du projet, sans lien.
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.SET_NULL, null=True, blank=True, related_name="evenements"
    )
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["projet", "cree_le"], name="evenement_projet_cree_le")]

    def __str__(self):
        return self.texte


class RelanceProjet(models.Model):
    """Une relance envoyée pour un silence du projet : le silence est daté par la dernière activité du projet au
    moment de la relance (`silence_depuis`). Une seule relance par silence et par rang (contrainte unique) : une
    tâche relancée ou deux travailleurs en même temps n'envoient jamais deux fois ; une activité ouvre un nouveau
    silence. Ni nom ni adresse ici : les personnes prévenues sont dans la chronologie et les notifications."""

    projet = models.ForeignKey(Projet, on_delete=models.CASCADE, related_name="relances")
    rang = models.PositiveSmallIntegerField("rang", choices=RangRelance.choices)
    silence_depuis = models.DateTimeField("sans activité depuis")
    etape = models.CharField("étape", max_length=12, choices=Etape.choices)
    envoyee_le = models.DateTimeField("envoyée le", default=timezone.now)
    destinataires = models.PositiveSmallIntegerField("personnes prévenues", default=0)

    class Meta:
        verbose_name = "relance"
        verbose_name_plural = "relances"
        ordering = ["-envoyee_le", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["projet", "silence_depuis", "rang"], name="relance_une_par_silence")
        ]

    def __str__(self):
        return f"{self.projet} : {self.get_rang_display()} ({self.envoyee_le:%d/%m/%Y})"
