"""Lectures des dossiers : la file d'instruction d'une structure (filtres, tri par échéance, 50 lignes par page), les
aides obtenues par un projet et le plafond de minimis d'une entreprise."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Sum

from osezia.dossiers import chargement, droits
from osezia.dossiers.enums import A_INSTRUIRE, OBTENUS, Etat
from osezia.dossiers.models import Dossier
from osezia.utils.dates import debut_du_jour
from osezia.utils.sources import est_confirme

TAILLE_PAGE = 50
# Âge d'un dossier dans la file : depuis son dépôt.
AGES = {"7": ("moins de 7 jours", 0, 7), "30": ("de 7 à 30 jours", 7, 30), "plus": ("plus de 30 jours", 30, None)}


def file_instruction(utilisateur, *, aujourdhui, dispositif=None, etat=None, region=None, age=None):
    """Les dossiers des structures que l'utilisateur instruit, triés par échéance (la plus proche d'abord). Par défaut
    ceux qui restent à traiter ; `etat` en choisit un. Une valeur de filtre inconnue ne filtre pas : le formulaire
    la signale."""
    # Les structures lues d'abord (une ou deux en pratique) : avec leurs numéros dans la requête, PostgreSQL parcourt
    # l'index de la file dans l'ordre des échéances et s'arrête à la 50ᵉ ligne, au lieu de trier toute la file.
    structures = [s["organisation"] for s in droits.structures_instruites(utilisateur)]
    dossiers = Dossier.objects.filter(operateur_id__in=structures).exclude(etat=Etat.BROUILLON)
    if etat in Etat.values and etat != Etat.BROUILLON:
        dossiers = dossiers.filter(etat=etat)
    else:
        dossiers = dossiers.filter(etat__in=A_INSTRUIRE)
    if dispositif:
        dossiers = dossiers.filter(dispositif__slug=dispositif)
    if region:
        dossiers = dossiers.filter(region_id=region)
    if age in AGES:
        # Des bornes d'horodatage (début de jour au fuseau du site) plutôt que depose_le__date : l'index reste utilisable.
        _, mini, maxi = AGES[age]
        dossiers = dossiers.filter(depose_le__lt=debut_du_jour(aujourdhui - timedelta(days=mini - 1)))
        if maxi is not None:
            dossiers = dossiers.filter(depose_le__gte=debut_du_jour(aujourdhui - timedelta(days=maxi - 1)))
    return dossiers.select_related("entreprise", "dispositif", "instructeur", "region", "projet").order_by(
        "echeance", "pk"
    )


@dataclass(frozen=True)
class AidesProjet:
    total: int
    cout: int | None
    part: int | None  # pourcentage du coût prévu, arrondi


def aides_du_projet(projet):
    """Le total des aides publiques obtenues par le projet (accordées, versées) et sa part du budget prévu."""
    total = (
        Dossier.objects.filter(projet=projet, etat__in=OBTENUS).aggregate(total=Sum("montant_accorde"))["total"] or 0
    )
    cout = projet.budget_prevu
    return AidesProjet(total=total, cout=cout, part=round(100 * total / cout) if cout and total else None)


@dataclass(frozen=True)
class DeMinimis:
    total: int
    plafond: int
    annees: int
    pourcentage: int
    alerte: bool
    depasse: bool
    confirme: bool
    sources: list


def de_minimis(entreprise, *, aujourdhui):
    """Les aides obtenues sur osezia par l'entreprise depuis trois ans glissants, face au plafond de minimis (données
    de guichets.yaml). Un calcul indicatif : seules les aides accordées sous ce régime comptent, et celles obtenues
    hors de la plateforme n'y sont pas."""
    donnees = chargement.de_minimis()
    plafond, annees = donnees["plafond"], donnees["annees"]
    debut = (
        aujourdhui.replace(year=aujourdhui.year - annees)
        if not (aujourdhui.month == 2 and aujourdhui.day == 29)
        else aujourdhui.replace(year=aujourdhui.year - annees, day=28)
    )
    total = (
        Dossier.objects.filter(entreprise=entreprise, etat__in=OBTENUS, decide_le__date__gt=debut).aggregate(
            total=Sum("montant_accorde")
        )["total"]
        or 0
    )
    pourcentage = round(100 * total / plafond)
    return DeMinimis(
        total=total,
        plafond=plafond,
        annees=annees,
        pourcentage=pourcentage,
        alerte=pourcentage >= donnees["seuil_alerte_pourcent"],
        depasse=total > plafond,
        confirme=est_confirme(donnees["sources"]),
        sources=donnees["sources"],
    )
