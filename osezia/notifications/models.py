from django.conf import settings
from django.db import models
from django.utils import timezone

from osezia.notifications.enums import Categorie, StatutCourriel


class CourrielQuerySet(models.QuerySet):
    def dus(self, maintenant=None):
        """À envoyer maintenant : jamais essayés, ou dont le nouvel essai est l'heure."""
        maintenant = maintenant or timezone.now()
        return self.filter(
            models.Q(statut=StatutCourriel.A_ENVOYER)
            | models.Q(statut=StatutCourriel.A_REESSAYER, prochain_essai__lte=maintenant)
        )

    def en_echec(self):
        return self.filter(statut__in=[StatutCourriel.A_REESSAYER, StatutCourriel.ABANDONNE])


class Courriel(models.Model):
    """Un e-mail à envoyer, écrit dans la même transaction que ce qui l'a causé : l'envoi, par une tâche de fond,
    peut échouer et être réessayé sans que l'action de l'utilisateur échoue."""

    destinataire = models.EmailField("destinataire")
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="courriels"
    )
    categorie = models.CharField("catégorie", max_length=40, choices=Categorie.choices)
    sujet = models.CharField("sujet", max_length=200)
    corps = models.TextField("texte")
    lien_desabonnement = models.URLField("lien de désabonnement", max_length=500, blank=True)
    statut = models.CharField("statut", max_length=12, choices=StatutCourriel.choices, default=StatutCourriel.A_ENVOYER)
    tentatives = models.PositiveSmallIntegerField("essais", default=0)
    derniere_erreur = models.TextField("dernière erreur", blank=True)
    prochain_essai = models.DateTimeField("prochain essai", null=True, blank=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    dernier_essai_le = models.DateTimeField("dernier essai le", null=True, blank=True)
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)

    objects = CourrielQuerySet.as_manager()

    class Meta:
        verbose_name = "e-mail"
        verbose_name_plural = "e-mails"
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["statut", "prochain_essai"])]

    def __str__(self):
        return f"{self.sujet} → {self.destinataire}"


class NotificationQuerySet(models.QuerySet):
    def non_lues(self):
        return self.filter(lue_le__isnull=True)


class Notification(models.Model):
    """Ce qui s'affiche dans la liste « Notifications » de la personne, qu'elle reçoive l'e-mail ou non."""

    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    categorie = models.CharField("catégorie", max_length=40, choices=Categorie.choices)
    titre = models.CharField("titre", max_length=200)
    message = models.TextField("message", blank=True)
    lien = models.CharField("lien", max_length=500, blank=True, help_text="Chemin de la page où agir.")
    cree_le = models.DateTimeField("le", auto_now_add=True)
    lue_le = models.DateTimeField("lue le", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["utilisateur", "lue_le"])]

    def __str__(self):
        return self.titre


class Desabonnement(models.Model):
    """Une catégorie d'e-mails que la personne ne veut plus recevoir (la notification dans le site reste)."""

    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desabonnements")
    categorie = models.CharField("catégorie", max_length=40, choices=Categorie.choices)
    cree_le = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "désabonnement"
        verbose_name_plural = "désabonnements"
        constraints = [models.UniqueConstraint(fields=["utilisateur", "categorie"], name="desabonnement_unique")]

    def __str__(self):
        return f"{self.utilisateur} : {self.get_categorie_display()}"
