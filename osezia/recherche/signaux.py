"""Chaque écriture d'un cas d'usage ou d'une solution, y compris depuis l'administration, met l'index à jour."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from osezia.cas_usage.models import CasUsage, PertinenceSectorielle
from osezia.catalogue.models import Solution
from osezia.recherche.enums import TypeDocument
from osezia.recherche.indexation import programmer


@receiver(post_save, sender=CasUsage)
@receiver(post_delete, sender=CasUsage)
def cas_usage_modifie(sender, instance, **kwargs):
    programmer(TypeDocument.CAS_USAGE, instance.pk)


@receiver(post_save, sender=PertinenceSectorielle)
@receiver(post_delete, sender=PertinenceSectorielle)
def pertinence_modifiee(sender, instance, **kwargs):
    programmer(TypeDocument.CAS_USAGE, instance.cas_usage_id)


@receiver(post_save, sender=Solution)
@receiver(post_delete, sender=Solution)
def solution_modifiee(sender, instance, **kwargs):
    programmer(TypeDocument.SOLUTION, instance.pk)


@receiver(m2m_changed, sender=Solution.cas_usage.through)
@receiver(m2m_changed, sender=Solution.secteurs.through)
def liens_solution_modifies(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:
        for pk in pk_set or ():
            programmer(TypeDocument.SOLUTION, pk)
    else:
        programmer(TypeDocument.SOLUTION, instance.pk)
