"""Chaque écriture d'un cas d'usage ou d'une solution, y compris depuis l'administration, met l'index à jour ; de même
pour ce que leurs documents recopient (mots-clés, cartes) : fonction, titre d'un cas d'usage, fournisseur."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from osezia.cas_usage.models import CasUsage, FonctionMetier, PertinenceSectorielle
from osezia.catalogue.models import Solution
from osezia.labels.models import Label
from osezia.organisations.models import Organisation
from osezia.recherche.enums import TypeDocument
from osezia.recherche.indexation import programmer, programmer_plusieurs


@receiver(post_save, sender=CasUsage)
@receiver(post_delete, sender=CasUsage)
def cas_usage_modifie(sender, instance, **kwargs):
    programmer(TypeDocument.CAS_USAGE, instance.pk)
    if kwargs["signal"] is post_save:  # son titre est dans les mots-clés de ses solutions
        programmer_plusieurs(TypeDocument.SOLUTION, _solutions_publiees(cas_usage=instance))


@receiver(post_save, sender=FonctionMetier)
def fonction_modifiee(sender, instance, **kwargs):
    programmer_plusieurs(TypeDocument.CAS_USAGE, instance.cas_usage.values_list("pk", flat=True))


@receiver(post_save, sender=Organisation)
def organisation_modifiee(sender, instance, **kwargs):
    """Nom, région, taille d'un fournisseur : recopiés dans les cartes et les mots-clés de ses solutions."""
    programmer_plusieurs(TypeDocument.SOLUTION, _solutions_publiees(fournisseur=instance))


def _solutions_publiees(**filtre):
    return Solution.objects.publiees().filter(**filtre).values_list("pk", flat=True)


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


@receiver(post_save, sender=Label)
@receiver(post_delete, sender=Label)
def label_modifie(sender, instance, **kwargs):
    """Un label accordé, suspendu, retiré ou expiré : la facette et la carte des solutions qu'il couvre changent."""
    if instance.pk is not None:
        programmer_plusieurs(TypeDocument.SOLUTION, instance.solutions.values_list("pk", flat=True))


@receiver(m2m_changed, sender=Label.solutions.through)
def portee_label_modifiee(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:
        programmer(TypeDocument.SOLUTION, instance.pk)
    else:
        programmer_plusieurs(TypeDocument.SOLUTION, pk_set or instance.solutions.values_list("pk", flat=True))
