"""Lectures du référentiel des cas d'usage."""

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Prefetch, Value, When

from osezia.cas_usage.connaissance import Adequation, Connaissance, adequation_du_cas
from osezia.cas_usage.enums import AdequationTaille
from osezia.cas_usage.models import CasUsage, FonctionMetier
from osezia.catalogue.enums import OrigineSolution
from osezia.catalogue.models import Solution


def fonctions_avec_cas_usage():
    return FonctionMetier.objects.prefetch_related(
        Prefetch("cas_usage", queryset=CasUsage.objects.publies().order_by("titre"))
    )


ORDRE_EFFORT = {"faible": 0, "moyen": 1, "eleve": 2}
ORDRE_COUT = {"moins-1k": 0, "1k-10k": 1, "10k-50k": 2, "plus-50k": 3}


@dataclass
class UsageDuSecteur:
    cas: CasUsage
    force: int
    adequation: Adequation

    @property
    def facilite(self):
        """Plus c'est petit, plus c'est simple à démarrer : effort et coût de la première année."""
        return ORDRE_EFFORT.get(self.cas.effort, 1) + ORDRE_COUT.get(self.cas.cout, 1)


@dataclass
class UsagesDuSecteur:
    connaissance: Connaissance
    taille: str | None
    adaptes: list = field(default_factory=list)  # adaptés à la taille (tous, sans taille), les plus utiles d'abord
    sous_conditions: list = field(default_factory=list)
    inadaptes: list = field(default_factory=list)
    transverses: list = field(default_factory=list)  # utiles partout, sans pertinence propre au secteur

    @property
    def tous(self):
        return self.adaptes + self.sous_conditions + self.inadaptes


def usages_du_secteur(secteur, connaissance_sectorielle, *, taille=None):
    """Les cas d'usage d'un poste NAF selon la connaissance la plus fine (métier, sinon division), classés pour une
    taille d'entreprise quand elle est donnée : d'abord ce qui convient à cette taille, du plus utile au plus simple
    à démarrer ; puis ce qui demande une condition ; puis ce qui ne convient pas, avec la raison."""
    connaissance = connaissance_sectorielle.pour(secteur.code)
    cas_publies = list(CasUsage.objects.publies().select_related("fonction"))
    resultat = UsagesDuSecteur(connaissance=connaissance, taille=taille)
    for cas in cas_publies:
        force = connaissance.forces.get(cas.slug, 0)
        if not force:
            if cas.transversal:
                resultat.transverses.append(cas)
            continue
        usage = UsageDuSecteur(cas=cas, force=force, adequation=adequation_du_cas(cas, taille))
        groupe = {
            AdequationTaille.ADAPTEE: resultat.adaptes,
            AdequationTaille.SOUS_CONDITIONS: resultat.sous_conditions,
            AdequationTaille.INADAPTEE: resultat.inadaptes,
        }[usage.adequation.statut]
        groupe.append(usage)
    if taille:
        # À force égale, l'usage propre au métier avant l'usage transversal, puis le plus simple à démarrer.
        cle = lambda u: (-u.force, u.cas.transversal, u.facilite, u.cas.fonction.ordre, u.cas.titre)  # noqa: E731
    else:
        cle = lambda u: (-u.force, u.cas.fonction.ordre, u.cas.titre)  # noqa: E731
    for groupe in (resultat.adaptes, resultat.sous_conditions, resultat.inadaptes):
        groupe.sort(key=cle)
    resultat.transverses.sort(key=lambda c: (c.fonction.ordre, c.titre))
    return resultat


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
