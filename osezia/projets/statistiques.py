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

Des requêtes agrégées, quel que soit le nombre de projets, sur le résumé du parcours que chaque projet garde
(parcours.py, recalculé à chaque changement d'étape : jour de la première entrée en POC, mois jusqu'à la production,
motif du dernier abandon, jours des passages terminés par étape) : les projets comptés par jour d'entrée en POC,
abandon, délai de production et motif (quelques milliers de groupes) ; les médianes par trimestre et de l'ensemble
(PERCENTILE_CONT sur PostgreSQL, en Python sur SQLite). Le reste (trimestres, parts, délais) se fait en Python sur
ces groupes.
"""

import datetime
import hashlib
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Aggregate, BooleanField, Case, Count, FloatField, IntegerField, Max, Value, When
from django.db.models.functions import TruncQuarter

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


class MedianePostgres(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _trimestre(jour):
    return jour.year, (jour.month - 1) // 3 + 1


def _entres_en_poc(projets):
    return projets.order_by().filter(jour_entree_poc__isnull=False)


def _groupes(projets):
    """[(jour d'entrée en POC, abandonné, palier, démo, motif d'abandon, nombre)] ; le palier est le premier délai de DELAIS_MOIS
    dans lequel le projet est passé en production, DELAIS_MOIS[-1] + 1 au-delà, None s'il n'y est pas passé."""
    paliers = [When(mois_avant_production__lte=mois, then=Value(mois)) for mois in DELAIS_MOIS]
    return list(
        _entres_en_poc(projets)
        .annotate(
            abandonne=Case(When(etape=ABANDONNE, then=Value(True)), default=Value(False), output_field=BooleanField()),
            palier=Case(
                *paliers,
                When(mois_avant_production__isnull=False, then=Value(DELAIS_MOIS[-1] + 1)),
                default=Value(None),
                output_field=IntegerField(),
            ),
        )
        .values_list("jour_entree_poc", "abandonne", "palier", "est_demo", "motif_abandon")
        .annotate(nombre=Count("pk"))
    )


def _medianes(projets):
    """{(année, trimestre) ou None pour l'ensemble: {étape: Mediane}}."""
    champs = {etape: parcours.CHAMPS_DUREES[etape] for etape in ETAPES_MESUREES}
    if connection.vendor == "postgresql":
        aggregats = {}
        for rang, champ in enumerate(champs.values()):
            aggregats[f"m{rang}"] = MedianePostgres(champ)
            aggregats[f"n{rang}"] = Count(champ)
        lignes = [
            (_trimestre(ligne.pop("debut")), ligne)
            for ligne in _entres_en_poc(projets)
            .annotate(debut=TruncQuarter("jour_entree_poc"))
            .values("debut")
            .annotate(**aggregats)
        ]
        lignes.append((None, _entres_en_poc(projets).aggregate(**aggregats)))
        return {
            cle: {
                etape: Mediane(ligne[f"m{rang}"] if ligne[f"n{rang}"] else None, ligne[f"n{rang}"])
                for rang, etape in enumerate(champs)
            }
            for cle, ligne in lignes
        }
    valeurs = defaultdict(lambda: [[] for _ in champs])
    for jour, *durees in _entres_en_poc(projets).values_list("jour_entree_poc", *champs.values()):
        for cle in (_trimestre(jour), None):
            for liste, jours in zip(valeurs[cle], durees, strict=True):
                if jours is not None:
                    liste.append(jours)
    return {
        cle: {
            etape: Mediane(statistics.median(jours) if jours else None, len(jours))
            for etape, jours in zip(champs, listes, strict=True)
        }
        for cle, listes in valeurs.items()
    }


def _cohorte(annee, trimestre, groupes, medianes, aujourdhui):
    """groupes : des lignes de _groupes. Sans année : l'ensemble, dont les parts à N mois portent sur les projets
    entrés en POC depuis au moins N mois."""
    total = sum(g[5] for g in groupes)
    cohorte = Cohorte(annee=annee, trimestre=trimestre, projets=total)
    fin = dates.ajouter_mois(datetime.date(annee, 3 * trimestre - 2, 1), 3) if annee else None
    for mois in DELAIS_MOIS:
        if annee and dates.ajouter_mois(fin, mois) > aujourdhui:
            cohorte.production[mois] = None
            continue
        mesurables = groupes if annee else [g for g in groupes if dates.ajouter_mois(g[0], mois) <= aujourdhui]
        nombre = sum(g[5] for g in mesurables if g[2] is not None and g[2] <= mois)
        cohorte.production[mois] = Part(nombre, sum(g[5] for g in mesurables))
    cohorte.deja_en_production = sum(g[5] for g in groupes if g[2] is not None)
    abandonnes = sum(g[5] for g in groupes if g[1])
    cohorte.abandonnes = Part(abandonnes, total)
    # Un projet abandonné sans motif lisible (donnée ancienne) compte sous « autre ».
    compte = Counter()
    for g in groupes:
        if g[1]:
            compte[g[4] or MotifArret.AUTRE] += g[5]
    cohorte.motifs = [(MotifArret(motif).label, n) for motif, n in sorted(compte.items(), key=lambda e: (-e[1], e[0]))]
    vides = {etape: Mediane(None, 0) for etape in ETAPES_MESUREES}
    cohorte.medianes = medianes or vides
    return cohorte


def sortie_du_poc(projets, *, aujourdhui=None):
    """Les chiffres de la sortie du POC pour ces projets (un QuerySet de Projet, déjà restreint aux droits et aux
    filtres) : cohortes du plus ancien au plus récent trimestre, et l'ensemble."""
    aujourdhui = aujourdhui or dates.aujourdhui()
    groupes = _groupes(projets)
    par_trimestre = defaultdict(list)
    for groupe in groupes:
        par_trimestre[_trimestre(groupe[0])].append(groupe)
    medianes = _medianes(projets) if groupes else {}
    cohortes = [
        _cohorte(a, t, par_trimestre[(a, t)], medianes.get((a, t)), aujourdhui) for a, t in sorted(par_trimestre)
    ]
    ensemble = _cohorte(None, None, groupes, medianes.get(None), aujourdhui)
    demo = sum(g[5] for g in groupes if g[3])
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
