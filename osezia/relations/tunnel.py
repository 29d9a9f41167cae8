"""Le tunnel des mises en relation, mesuré : lectures seules, en agrégats SQL (SQLite et PostgreSQL).

Une mise en relation a atteint une étape de `transitions.ETAPES_TUNNEL` si un de ses changements de statut y mène, ou
si son statut actuel est cette étape ou une suivante (une étape atteinte suppose les précédentes franchies). « Pas
intéressé » suppose la demande envoyée ; « affaire perdue », le fournisseur intéressé (transitions.TRANSITIONS).

Une seule requête compte toutes les étapes, par groupe : les mises en relation jointes à leurs changements, comptées
sans doublon sous la condition de chaque étape. Le délai de première réponse (`repondue_le - envoyee_le`) a sa médiane
par PERCENTILE_CONT sur PostgreSQL ; SQLite n'a pas d'agrégat de médiane : les délais y sont lus et la médiane
calculée en Python (même résultat, comme `projets/statistiques.py`)."""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    F,
    FilteredRelation,
    Q,
    Sum,
)

from osezia.labels.enums import StatutLabel
from osezia.relations import transitions
from osezia.relations.enums import MotifPasInteresse, MotifPerdue, Statut, StatutAvis
from osezia.relations.models import Avis, EnqueteSatisfaction, MiseEnRelation
from osezia.utils.dates import debut_du_jour

ETAPES = transitions.ETAPES_TUNNEL
# L'étape la plus avancée que suppose chaque statut actuel (hors tunnel : un refus ou une perte).
RANG_DU_STATUT = {
    **{statut: rang for rang, statut in enumerate(ETAPES)},
    Statut.PAS_INTERESSE: ETAPES.index(Statut.ENVOYEE),
    Statut.PERDUE: ETAPES.index(Statut.INTERESSE),
}
REFUS = {Statut.PAS_INTERESSE: MotifPasInteresse, Statut.PERDUE: MotifPerdue}


class Origine:
    REELLES = "reelles"
    DEMO = "demo"
    TOUTES = "toutes"
    CHOIX = [
        (REELLES, "Données réelles seulement"),
        (DEMO, "Données de démonstration seulement"),
        (TOUTES, "Données réelles et de démonstration"),
    ]


@dataclass(frozen=True)
class Dimension:
    cle: str
    libelle: str
    champ_cle: str
    champ_nom: str
    sans_valeur: str


DIMENSIONS = {
    d.cle: d
    for d in (
        Dimension("cas_usage", "Cas d'usage", "besoin__cas_usage__slug", "besoin__cas_usage__titre",
                  "Sans besoin exprimé (rendez-vous d'affaires)"),
        Dimension("region", "Région de l'entreprise", "entreprise__region_id", "entreprise__region__nom",
                  "Région non renseignée"),
        Dimension("fournisseur", "Fournisseur", "fournisseur_id", "fournisseur__nom", "—"),
        Dimension("label", "Label du fournisseur", "label_valide__regime__code", "label_valide__regime__nom",
                  "Sans label"),
    )
}  # fmt: skip


def _avec_dimension(relations, dimension):
    if dimension is not None and dimension.cle == "label":
        # Le label que le fournisseur détient aujourd'hui (même règle que Label.objects.valides()) ; un fournisseur
        # qui en détient deux compte dans chacun. Une FilteredRelation neuve à chaque requête : elle se modifie
        # quand la requête la résout.
        label_valide = FilteredRelation(
            "fournisseur__labels_accordes", condition=Q(fournisseur__labels_accordes__statut=StatutLabel.VALIDE)
        )
        return relations.annotate(label_valide=label_valide)
    return relations


def pourcentage(nombre, total):
    """Le pourcentage arrondi, ou None quand il n'y a rien à diviser."""
    if not total:
        return None
    return round(100 * nombre / total)


def texte_pourcentage(nombre, total):
    valeur = pourcentage(nombre, total)
    return "—" if valeur is None else f"{valeur} %"


@dataclass
class EtapeMesuree:
    statut: Statut
    nombre: int
    precedent: int | None  # None pour la première étape : pas de taux

    @property
    def libelle(self):
        return self.statut.label

    @property
    def taux(self):
        return None if self.precedent is None else pourcentage(self.nombre, self.precedent)

    @property
    def taux_texte(self):
        return "—" if self.taux is None else f"{self.taux} %"


@dataclass
class Delai:
    """La médiane d'un délai (en secondes) sur `nombre` mises en relation."""

    secondes: float | None
    nombre: int

    @property
    def texte(self):
        if not self.nombre or self.secondes is None:
            return "—"
        minutes = round(self.secondes / 60)
        if minutes < 60:
            valeur = f"{minutes} min"
        elif minutes < 48 * 60:
            heures = round(minutes / 60)
            valeur = f"{heures} h"
        else:
            jours = round(self.secondes / 86400, 1)
            valeur = f"{jours:g} jours".replace(".", ",")
        return f"{valeur} (n = {self.nombre})"


@dataclass
class Tunnel:
    libelle: str
    cle: str | None
    etapes: list
    delai: Delai = field(default_factory=lambda: Delai(None, 0))

    @property
    def total(self):
        return self.etapes[0].nombre if self.etapes else 0


def relations_mesurees(*, du=None, au=None, cas_usage=None, region=None, fournisseur=None, origine=Origine.REELLES):
    """Les mises en relation parties vers un fournisseur, restreintes aux filtres : période d'envoi (du et au compris,
    au fuseau du site), cas d'usage (slug), région de l'entreprise (code), fournisseur, origine."""
    relations = MiseEnRelation.objects.filter(statut__in=transitions.RECUES)
    if du:
        relations = relations.filter(envoyee_le__gte=debut_du_jour(du))
    if au:
        relations = relations.filter(envoyee_le__lt=debut_du_jour(au + datetime.timedelta(days=1)))
    if cas_usage:
        relations = relations.filter(besoin__cas_usage__slug=cas_usage)
    if region:
        relations = relations.filter(entreprise__region_id=region)
    if fournisseur is not None:
        relations = relations.filter(fournisseur=fournisseur)
    if origine == Origine.REELLES:
        relations = relations.filter(est_demo=False)
    elif origine == Origine.DEMO:
        relations = relations.filter(est_demo=True)
    return relations


def _conditions_des_etapes():
    """Pour chaque étape : la condition « atteinte », lue sur la ligne jointe à un changement de statut."""
    conditions = {}
    for rang in range(len(ETAPES)):
        statuts = [statut for statut, r in RANG_DU_STATUT.items() if r >= rang]
        conditions[f"e{rang}"] = Q(statut__in=statuts) | Q(changements__vers__in=ETAPES[rang:])
    return conditions


def _comptes_des_etapes():
    return {nom: Count("pk", distinct=True, filter=condition) for nom, condition in _conditions_des_etapes().items()}


def _etapes(ligne):
    return [
        EtapeMesuree(etape, ligne[f"e{rang}"] or 0, None if rang == 0 else ligne[f"e{rang - 1}"] or 0)
        for rang, etape in enumerate(ETAPES)
    ]


def tunnel(relations):
    """Le tunnel de l'ensemble, avec la médiane du délai de première réponse."""
    ligne = relations.aggregate(**_comptes_des_etapes())
    return Tunnel("Ensemble", None, _etapes(ligne), delais(relations)[None])


def tunnel_par(relations, cle_dimension):
    """Un tunnel par groupe de la dimension (cas d'usage, région, fournisseur, label), du plus grand au plus petit."""
    dimension = DIMENSIONS[cle_dimension]
    lignes = (
        _avec_dimension(relations, dimension)
        .values(dimension.champ_cle, dimension.champ_nom)
        .annotate(**_comptes_des_etapes())
        .order_by()
    )
    medianes = delais(relations, cle_dimension)
    tunnels = []
    for ligne in lignes:
        cle = ligne[dimension.champ_cle]
        tunnels.append(
            Tunnel(ligne[dimension.champ_nom] or dimension.sans_valeur, cle, _etapes(ligne),
                   medianes.get(cle, Delai(None, 0)))
        )  # fmt: skip
    return sorted(tunnels, key=lambda t: (-t.total, t.libelle))


class MedianeDuree(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def delais(relations, cle_dimension=None):
    """{clé du groupe (None : l'ensemble) : Delai} : médiane de `repondue_le - envoyee_le` des demandes répondues."""
    dimension = DIMENSIONS[cle_dimension] if cle_dimension else None
    repondues = _avec_dimension(relations, dimension).filter(repondue_le__isnull=False, envoyee_le__isnull=False)
    resultat = {None: Delai(None, 0)}
    if connection.vendor == "postgresql":
        duree = F("repondue_le") - F("envoyee_le")
        agregats = {"mediane": MedianeDuree(duree), "nombre": Count("pk")}
        if dimension is None:
            ligne = repondues.aggregate(**agregats)
            lignes = [(None, ligne)]
        else:
            lignes = [
                (ligne[dimension.champ_cle], ligne)
                for ligne in repondues.values(dimension.champ_cle).annotate(**agregats).order_by()
            ]
        for cle, ligne in lignes:
            mediane = ligne["mediane"]
            resultat[cle] = Delai(mediane.total_seconds() if mediane is not None else None, ligne["nombre"])
        return resultat
    champ_cle = dimension.champ_cle if dimension else "pk"
    durees = defaultdict(list)
    for cle, envoyee, repondue in repondues.values_list(champ_cle, "envoyee_le", "repondue_le").iterator():
        durees[cle if dimension else None].append((repondue - envoyee).total_seconds())
    for cle, valeurs in durees.items():
        resultat[cle] = Delai(statistics.median(valeurs), len(valeurs))
    return resultat


@dataclass
class Refus:
    statut: Statut
    total: int
    motifs: list  # [(libellé, nombre)], du plus fréquent au moins fréquent

    @property
    def libelle(self):
        return self.statut.label


def refus(relations):
    """Les refus (« pas intéressé ») et les affaires perdues, comptés par motif."""
    comptes = defaultdict(dict)
    for ligne in relations.filter(statut__in=REFUS).values("statut", "motif").annotate(nombre=Count("pk")).order_by():
        comptes[ligne["statut"]][ligne["motif"]] = ligne["nombre"]
    resultat = []
    for statut, motifs in REFUS.items():
        valeurs = comptes.get(statut.value, {})
        libelles = dict(motifs.choices)
        lignes = sorted(
            ((libelles.get(motif, "Motif non renseigné"), nombre) for motif, nombre in valeurs.items()),
            key=lambda m: (-m[1], m[0]),
        )
        resultat.append(Refus(statut, sum(valeurs.values()), lignes))
    return resultat


@dataclass
class Enquetes:
    reponses: int
    contact: int
    utile: int
    utile_repondu: int
    contrat: int
    contrat_repondu: int
    montant: int

    @property
    def contact_texte(self):
        return texte_pourcentage(self.contact, self.reponses)

    @property
    def utile_texte(self):
        return texte_pourcentage(self.utile, self.utile_repondu)

    @property
    def contrat_texte(self):
        return texte_pourcentage(self.contrat, self.contrat_repondu)


def enquetes(relations):
    """Les réponses à l'enquête de satisfaction ; chaque part sur les réponses à sa question."""
    # Les alias portent un préfixe : un agrégat ne peut pas porter le nom d'un champ qu'un autre agrégat lit.
    ligne = EnqueteSatisfaction.objects.filter(relation__in=relations).aggregate(
        n_reponses=Count("pk"),
        n_contact=Count("pk", filter=Q(contact_etabli=True)),
        n_utile=Count("pk", filter=Q(utile=True)),
        n_utile_repondu=Count("utile"),
        n_contrat=Count("pk", filter=Q(contrat=True)),
        n_contrat_repondu=Count("contrat"),
        n_montant=Sum("montant"),
    )
    ligne["n_montant"] = ligne["n_montant"] or 0
    return Enquetes(**{cle.removeprefix("n_"): valeur for cle, valeur in ligne.items()})


def avis_a_moderer():
    """La file des avis en attente, les plus anciens d'abord."""
    return (
        Avis.objects.filter(statut=StatutAvis.EN_ATTENTE)
        .select_related("fournisseur", "relation__entreprise")
        .order_by("cree_le", "pk")
    )


def avis_publies(fournisseur):
    """Les avis publiés sur un fournisseur, les plus récents d'abord, avec leur contexte vérifié et sa réponse."""
    return list(Avis.objects.publies().filter(fournisseur=fournisseur).order_by("-modere_le", "-pk"))
