"""Lectures du référentiel des cas d'usage."""

from django.db.models import Case, IntegerField, Max, Prefetch, Value, When

from osezia.cas_usage.models import CasUsage, FonctionMetier
from osezia.catalogue.enums import OrigineSolution
from osezia.catalogue.models import Solution
from osezia.referentiels.enums import NiveauNAF


def fonctions_avec_cas_usage():
    return FonctionMetier.objects.prefetch_related(
        Prefetch("cas_usage", queryset=CasUsage.objects.publies().order_by("titre"))
    )


def cas_usage_pour_secteur(secteur):
    """Cas d'usage qui comptent pour un poste NAF (la force la plus haute sur ses divisions), les plus forts d'abord,
    puis les cas transverses qui n'y figurent pas déjà."""
    if secteur.niveau == NiveauNAF.SECTION:
        filtre = {"pertinences__division__section": secteur}
    else:
        filtre = {"pertinences__division": secteur.division_id}
    specifiques = list(
        CasUsage.objects.publies()
        .filter(**filtre)
        .select_related("fonction")
        .annotate(force=Max("pertinences__force"))
        .order_by("-force", "fonction__ordre", "titre")
    )
    deja = {c.pk for c in specifiques}
    transverses = [
        c for c in CasUsage.objects.publies().filter(transversal=True).select_related("fonction") if c.pk not in deja
    ]
    return specifiques, transverses


def solutions_du_cas_usage(cas_usage):
    """Solutions publiées du cas d'usage : fiches des fournisseurs d'abord, puis démonstration, puis imports."""
    return (
        Solution.objects.publiees()
        .filter(cas_usage=cas_usage)
        .select_related("fournisseur")
        .annotate(
            rang=Case(
                When(origine=OrigineSolution.SAISIE, then=Value(0)),
                When(origine=OrigineSolution.DEMO, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rang", "nom")
    )
