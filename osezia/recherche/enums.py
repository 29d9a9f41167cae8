from django.db import models


class TypeDocument(models.TextChoices):
    CAS_USAGE = "cas_usage", "Cas d'usage"
    SOLUTION = "solution", "Solution"
