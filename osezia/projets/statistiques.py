"""« Sortie du POC », mesurée : lectures seules, à partir des changements d'étape datés (ChangementEtape).

Une cohorte est le trimestre où des projets sont entrés en POC pour la première fois (« 1er trimestre 2026 »). Pour chacune :
le nombre de projets, la part passée en production dans les 6 et dans les 12 mois qui suivent l'entrée en POC, la
part abandonnée à ce jour (avec ses motifs) et la durée médiane de chaque étape.

Règles, dites aussi sur la page :
- une part à 6 (ou 12) mois n'est donnée qu'une fois que chaque projet de la cohorte a eu 6 (ou 12) mois : avant,
  la cohorte est « pas encore mesurable » ;
- sous SEUIL_POURCENTAGE projets, une cohorte ne donne que des effectifs (« 1 sur 2 »), jamais de pourcentage ;
- la durée d'une étape ne compte que les passages terminés : un projet encore à cette étape n'est pas compté (une
  durée ouverte, arrêtée à aujourd'hui, tirerait les médianes vers le bas pour les cohortes récentes) ; un projet
  passé deux fois par la même étape compte la somme de ses passages.

Deux requêtes, quel que soit le nombre de projets : une ligne par projet entré en POC, lue du résumé du parcours que
chaque projet garde (parcours.py : dates de première entrée en POC et en production, jours des passages terminés par
étape, recalculés à chaque changement d'étape), puis les motifs des projets abandonnés. Le reste (trimestres, délais
en mois du calendrier, médianes) se fait en un passage en Python sur ces lignes.
"""

import datetime
import functools
import hashlib
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.utils import timezone

from osezia.organisations.models import Organisation
from osezia.projets import parcours
from osezia.projets.enums import Etape, MotifArret
from osezia.projets.models import ChangementEtape
from osezia.utils import dates

SEUIL_POURCENTAGE = 5
DELAIS_MOIS = (6, 12)
# Les étapes dont on mesure la durée : le parcours jusqu'à la production, et la pause.
ETAPES_MESUREES = (Etape.IDEE, Etape.CADRAGE, Etape.POC, Etape.PILOTE, Etape.EN_PAUSE)
# Comparer à la chaîne plutôt qu'au membre de l'énumération : des dizaines de milliers de lignes à chaque calcul.
ABANDONNE = Etape.ABANDONNE.value


@functools.lru_cache(maxsize=8192)
def ajouter_mois(jour, mois):
    """La même date `mois` mois plus tard (le dernier jour du mois s'il n'existe pas : 31 août + 6 mois = 28 février)."""
    total = jour.month - 1 + mois
    annee, mois_cible = jour.year + total // 12, total % 12 + 1
    suivant = datetime.date(annee + mois_cible // 12, mois_cible % 12 + 1, 1)
    return jour.replace(year=annee, month=mois_cible, day=min(jour.day, (suivant - datetime.timedelta(days=1)).day))


@dataclass
class Part:
    """Un effectif sur un total ; le pourcentage seulement si le total est assez grand pour ne pas tromper."""

    nombre: int
    total: int

    @property
    def pourcentage(self):
        if self.total < SEUIL_POURCENTAGE:
            return None
        return round(100 * self.nombre / self.total)

    @property
    def texte(self):
        if self.pourcentage is None:
            return f"{self.nombre} sur {self.total}"
        return f"{self.pourcentage} % ({self.nombre} sur {self.total})"


@dataclass
class Mediane:
    jours: float | None
    nombre: int

    @property
    def texte(self):
        if not self.nombre:
            return "—"
        arrondi = round(self.jours)
        return f"{arrondi} jour{'s' if arrondi > 1 else ''} (n = {self.nombre})"


@dataclass
class Cohorte:
    annee: int | None
    trimestre: int | None
    projets: int = 0
    production: dict = field(default_factory=dict)  # {6: Part ou None (pas encore mesurable), 12: …}
    deja_en_production: int = 0
    abandonnes: Part | None = None
    motifs: list = field(default_factory=list)  # [(libellé, nombre)], du plus fréquent au moins fréquent
    medianes: dict = field(default_factory=dict)  # {Etape: Mediane}

    @property
    def libelle(self):
        """« 1er trimestre 2026 » ; « Toutes les cohortes » pour l'ensemble."""
        if not self.annee:
            return "Toutes les cohortes"
        return f"{self.libelle_trimestre} {self.annee}"

    @property
    def libelle_trimestre(self):
        return "1er trimestre" if self.trimestre == 1 else f"{self.trimestre}ᵉ trimestre"

    @property
    def petite(self):
        return self.projets < SEUIL_POURCENTAGE


@dataclass
class Statistiques:
    cohortes: list
    ensemble: Cohorte
    projets_demo: int
    aujourdhui: datetime.date

    @property
    def vide(self):
        return not self.cohortes


def _debut_trimestre(jour):
    return datetime.date(jour.year, 3 * ((jour.month - 1) // 3) + 1, 1)


def _lignes(projets):
    """Une ligne par projet entré en POC : (pk, étape, démo, jour d'entrée en POC, jour de production ou None, jours
    passés à chaque étape mesurée ou None), lue du résumé du parcours que garde chaque projet (parcours.py). Les jours
    sont ramenés au fuseau du site par la base : pas de conversion d'horodatage ligne à ligne en Python."""
    fuseau = timezone.get_current_timezone()
    champs = [parcours.CHAMPS_DUREES[etape] for etape in ETAPES_MESUREES]
    return (
        projets.order_by()
        .filter(entre_en_poc_le__isnull=False)
        .annotate(
            jour_poc=TruncDate("entre_en_poc_le", tzinfo=fuseau),
            jour_production=TruncDate("en_production_le", tzinfo=fuseau),
        )
        .values_list("pk", "etape", "est_demo", "jour_poc", "jour_production", *champs)
    )


def _motifs(projets, abandonnes):
    """{pk: motif} du dernier abandon de chaque projet abandonné (une requête)."""
    if not abandonnes:
        return {}
    resultat = {}
    for pk, motif in (
        ChangementEtape.objects.filter(projet__in=projets.filter(etape=Etape.ABANDONNE), vers=Etape.ABANDONNE)
        .order_by("projet_id", "le", "pk")
        .values_list("projet_id", "motif")
    ):
        resultat[pk] = motif
    return resultat


def _cohorte(annee, trimestre, membres, motifs, aujourdhui):
    """membres : des lignes de _lignes (pk, étape, démo, jour d'entrée en POC, jour de production ou None, jours par
    étape mesurée). Sans année : l'ensemble, dont les parts à N mois portent sur les projets entrés en POC depuis au
    moins N mois."""
    cohorte = Cohorte(annee=annee, trimestre=trimestre, projets=len(membres))
    fin = ajouter_mois(datetime.date(annee, 3 * trimestre - 2, 1), 3) if annee else None
    for mois in DELAIS_MOIS:
        if annee and ajouter_mois(fin, mois) > aujourdhui:
            cohorte.production[mois] = None
            continue
        mesurables = membres if annee else [m for m in membres if ajouter_mois(m[3], mois) <= aujourdhui]
        nombre = sum(1 for m in mesurables if m[4] is not None and m[4] <= ajouter_mois(m[3], mois))
        cohorte.production[mois] = Part(nombre, len(mesurables))
    cohorte.deja_en_production = sum(1 for m in membres if m[4] is not None)
    abandonnes = [m[0] for m in membres if m[1] == ABANDONNE]
    cohorte.abandonnes = Part(len(abandonnes), len(membres))
    compte = Counter(motifs.get(pk) or MotifArret.AUTRE for pk in abandonnes)
    cohorte.motifs = [(MotifArret(motif).label, n) for motif, n in sorted(compte.items(), key=lambda e: (-e[1], e[0]))]
    cohorte.medianes = {}
    for rang, etape in enumerate(ETAPES_MESUREES, start=5):
        jours = [m[rang] for m in membres if m[rang] is not None]
        cohorte.medianes[etape] = Mediane(statistics.median(jours) if jours else None, len(jours))
    return cohorte


def sortie_du_poc(projets, *, aujourdhui=None):
    """Les chiffres de la sortie du POC pour ces projets (un QuerySet de Projet, déjà restreint aux droits et aux
    filtres) : cohortes du plus ancien au plus récent trimestre, et l'ensemble."""
    aujourdhui = aujourdhui or dates.aujourdhui()
    lignes = list(_lignes(projets))
    abandonnes = [ligne[0] for ligne in lignes if ligne[1] == ABANDONNE]
    motifs = _motifs(projets, abandonnes)
    groupes = defaultdict(list)
    for ligne in lignes:
        entree = ligne[3]
        groupes[(entree.year, (entree.month - 1) // 3 + 1)].append(ligne)
    demo = sum(1 for ligne in lignes if ligne[2])
    cohortes = [_cohorte(a, t, groupes[(a, t)], motifs, aujourdhui) for a, t in sorted(groupes)]
    ensemble = _cohorte(None, None, lignes, motifs, aujourdhui)
    return Statistiques(cohortes=cohortes, ensemble=ensemble, projets_demo=demo, aujourdhui=aujourdhui)


# Les chiffres de tous les projets (pilote) coûtent une agrégation sur tout l'historique : ils sont gardés en cache
# tant que les données qu'ils lisent n'ont pas changé. La version compte et date ce qui les change : un changement
# d'étape (créé, ou effacé avec son projet) et une fiche d'entreprise modifiée (taille, région, secteur des filtres).
DUREE_CACHE = 6 * 3600


def version_des_donnees():
    changements = ChangementEtape.objects.aggregate(nombre=Count("pk"), dernier=Max("pk"))
    modifiee = Organisation.objects.entreprises().aggregate(modifiee=Max("modifie_le"))["modifiee"]
    return f"{changements['nombre']}-{changements['dernier']}-{modifiee.timestamp() if modifiee else 0}"


def sortie_du_poc_en_cache(projets, *, cle, aujourdhui=None):
    """sortie_du_poc(projets), gardé en cache sous `cle` (les filtres) pour la version des données et le jour."""
    aujourdhui = aujourdhui or dates.aujourdhui()
    brut = f"sortie-du-poc:{cle}:{aujourdhui.isoformat()}:{version_des_donnees()}"
    cle_cache = "osezia:poc:" + hashlib.sha256(brut.encode()).hexdigest()
    chiffres = cache.get(cle_cache)
    if chiffres is None:
        chiffres = sortie_du_poc(projets, aujourdhui=aujourdhui)
        cache.set(cle_cache, chiffres, DUREE_CACHE)
    return chiffres
