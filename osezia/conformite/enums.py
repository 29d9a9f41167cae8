from django.db import models


class RoleAIAct(models.TextChoices):
    """Le rôle de l'entreprise pour un système d'IA, au sens de l'article 3 du règlement (UE) 2024/1689."""

    DEPLOYEUR = "deployeur", "Déployeur (l'entreprise utilise le système)"
    FOURNISSEUR = "fournisseur", "Fournisseur (l'entreprise développe le système ou le met sur le marché à son nom)"
