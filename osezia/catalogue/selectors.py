"""Lectures du catalogue."""

from osezia.catalogue.models import Solution
from osezia.organisations.models import Organisation


def solutions_publiees_du_fournisseur(fournisseur):
    return Solution.objects.publiees().filter(fournisseur=fournisseur).prefetch_related("cas_usage").order_by("nom")


def fournisseurs_publics():
    """Fournisseurs qui ont au moins une solution publiée."""
    return Organisation.objects.fournisseurs().filter(solutions__statut="publiee").distinct().select_related("region")
