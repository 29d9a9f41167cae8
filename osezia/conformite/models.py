from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from osezia.cas_usage.enums import NiveauRisqueAIAct
from osezia.conformite.enums import RoleAIAct


class SystemeIA(models.Model):
    """Le système d'IA qu'un projet déploie, tel que l'entreprise le déclare pour son registre IA. Le niveau de risque
    vient du cas d'usage du projet ; l'entreprise peut l'ajuster, en disant pourquoi."""

    projet = models.OneToOneField("projets.Projet", on_delete=models.CASCADE, related_name="systeme_ia")
    nom = models.CharField("nom du système d'IA", max_length=200)
    fournisseur = models.CharField(
        "qui le fournit", max_length=200, blank=True, help_text="L'éditeur du logiciel, ou votre entreprise."
    )
    role = models.CharField("rôle de l'entreprise", max_length=12, choices=RoleAIAct.choices)
    niveau_risque = models.CharField("niveau de risque", max_length=25, choices=NiveauRisqueAIAct.choices)
    motif_ajustement = models.TextField(
        "pourquoi ce niveau diffère de celui du cas d'usage", max_length=2000, blank=True
    )
    declare_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    modifie_le = models.DateTimeField("mis à jour le", default=timezone.now)

    class Meta:
        verbose_name = "système d'IA déclaré"
        verbose_name_plural = "systèmes d'IA déclarés"

    def __str__(self):
        return self.nom

    @property
    def ajuste(self):
        return self.niveau_risque != self.projet.cas_usage.risque_ai_act

    def clean(self):
        super().clean()
        if self.projet_id and self.ajuste and not self.motif_ajustement.strip():
            raise ValidationError(
                {
                    "motif_ajustement": (
                        "Le cas d'usage indique « "
                        f"{NiveauRisqueAIAct(self.projet.cas_usage.risque_ai_act).label} » : dites pourquoi votre "
                        "système relève d'un autre niveau."
                    )
                }
            )
