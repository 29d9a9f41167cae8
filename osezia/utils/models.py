from django.db import models


class CompteurLimite(models.Model):
    """Nombre de demandes d'un même auteur (adresse IP, compte, e-mail visé) pour une action limitée, sur une fenêtre
    de temps fixe. La clé est une empreinte : ni adresse IP ni e-mail n'est gardé en clair."""

    cle = models.CharField("clé", max_length=64, unique=True)
    nombre = models.PositiveIntegerField("nombre de demandes", default=0)
    expire_le = models.DateTimeField("fin de la fenêtre", db_index=True)

    class Meta:
        verbose_name = "compteur de limite de débit"
        verbose_name_plural = "compteurs de limite de débit"

    def __str__(self):
        return f"{self.nombre} demande(s) jusqu'au {self.expire_le:%d/%m/%Y %H:%M}"
