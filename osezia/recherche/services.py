"""Recherche dans les cas d'usage et les solutions : lecture seule, commune aux pages HTML et à l'API."""

import hashlib
import json
from dataclasses import dataclass, field
from math import ceil

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import mark_safe

from osezia.cas_usage.models import CasUsage, FonctionMetier
from osezia.labels.models import RegimeLabel
from osezia.recherche.facettes import GROUPES, TOUS_SECTEURS, libelles_statiques
from osezia.recherche.models import EtatIndex
from osezia.recherche.moteurs import moteur as moteur_configure
from osezia.recherche.moteurs.base import MARQUE_DEBUT, MARQUE_FIN, jetons_du_filtre
from osezia.recherche.requete import analyser, corriger, formes_a_verifier
from osezia.referentiels.models import SecteurNAF
from osezia.utils.surlignage import extrait_surligne

DUREE_CACHE = 300
DUREE_CACHE_SANS_MOTS = 24 * 3600  # caduc bien avant, dès que l'index change de jeton


@dataclass
class Resultat:
    type: str
    carte: dict  # recherche.cartes : ce qu'en montrent la carte de résultat et l'API
    score: float
    extrait: str = ""


@dataclass
class ValeurFacette:
    valeur: str
    libelle: str
    nombre: int
    selectionnee: bool


@dataclass
class Facette:
    cle: str
    libelle: str
    valeurs: list[ValeurFacette]

    @property
    def nombre_selectionnees(self):
        return sum(v.selectionnee for v in self.valeurs)


@dataclass
class Resultats:
    requete: str
    elements: list[Resultat]
    total: int
    page: int
    par_page: int
    facettes: list[Facette] = field(default_factory=list)
    requete_corrigee: str = ""
    tous_les_mots: bool = True

    @property
    def pages(self):
        return max(1, ceil(self.total / self.par_page))

    @property
    def debut(self):
        return (self.page - 1) * self.par_page + 1 if self.total else 0

    @property
    def fin(self):
        return min(self.total, self.page * self.par_page)


def _html_extrait(brut):
    return mark_safe(escape(brut).replace(MARQUE_DEBUT, "<mark>").replace(MARQUE_FIN, "</mark>"))


def _libelles_en_base():
    return {
        "fonction": dict(FonctionMetier.objects.values_list("slug", "nom")),
        "cas": dict(CasUsage.objects.values_list("slug", "titre")),
        "secteur": {s.code: f"{s.libelle_lisible} ({s.code})" for s in SecteurNAF.objects.sections()},
        "label": dict(RegimeLabel.objects.values_list("code", "nom")),
    }


LIBELLES_STATIQUES = libelles_statiques()


def _libelles():
    """Libellés des facettes. Ceux qui viennent de la base changent rarement : gardés 5 minutes en cache."""
    return {**LIBELLES_STATIQUES, **cache.get_or_set("recherche:libelles-facettes", _libelles_en_base, DUREE_CACHE)}


def _facettes(comptes, selection, groupes_affiches):
    libelles = _libelles()
    tous = comptes.get(TOUS_SECTEURS, 0)
    par_groupe = {}
    for jeton, nombre in comptes.items():
        if jeton != TOUS_SECTEURS:
            cle, _, valeur = jeton.partition(":")
            par_groupe.setdefault(cle, []).append((valeur, nombre))
    facettes = []
    for groupe in GROUPES:
        if groupe.cle not in groupes_affiches:
            continue
        choisies = set(selection.get(groupe.cle, []))
        noms = libelles[groupe.cle]
        valeurs = []
        for valeur, nombre in par_groupe.get(groupe.cle, ()):
            if groupe.cle == "secteur":
                if valeur not in noms and valeur not in choisies:
                    continue  # on propose les sections ; une division n'apparaît que choisie
                nombre += tous
            valeurs.append(ValeurFacette(valeur, noms.get(valeur, valeur), nombre, valeur in choisies))
        for valeur in choisies - {v.valeur for v in valeurs}:
            valeurs.append(ValeurFacette(valeur, noms.get(valeur, valeur), 0, True))
        valeurs.sort(key=lambda v: (-v.nombre, v.libelle))
        if valeurs:
            facettes.append(Facette(groupe.cle, groupe.libelle, valeurs))
    return facettes


def jetons_du_visiteur(*, naf=None, taille=None):
    """Les jetons de facettes qui disent qu'une fiche convient au visiteur : sa division NAF, sa taille."""
    jetons = []
    if naf:
        jetons.append(f"secteur:{naf[:2]}")
    if taille:
        jetons.append(f"taille:{taille}")
    return jetons


def rechercher(*, q="", groupes=None, tri=None, page=1, par_page=20, groupes_affiches=None, moteur=None, visiteur=()):
    """Cherche `q` dans l'index, filtré par `groupes` ({groupe: [valeurs]}), et renvoie une page de Resultats.

    Par pertinence (l'ordre par défaut), à pertinence comparable, passent d'abord les fiches qui conviennent au
    visiteur (`visiteur` : jetons_du_visiteur, et les secteurs et tailles qu'il a cochés), puis les plus complètes."""
    moteur = moteur or moteur_configure()
    groupes = groupes or {}
    groupes_affiches = groupes_affiches or [g.cle for g in GROUPES]
    analyse = analyser(q)
    tri = tri or "pertinence"
    filtres = {g: jetons_du_filtre(g, v) for g, v in groupes.items() if v}
    # Un secteur coché (division) ou une taille cochée disent aussi qui cherche ; « tous secteurs » ne compte pas.
    adequation = sorted(
        set(visiteur)
        | {f"secteur:{v}" for v in groupes.get("secteur", ()) if len(v) == 2}
        | {f"taille:{v}" for v in groupes.get("taille", ())}
    )
    debut, fin = (page - 1) * par_page, page * par_page

    # Tous les mots ; sinon tous sauf un ; sinon un seul : les fiches qui en contiennent le plus. Le palier se choisit
    # sur les mots et le type de fiche, jamais sur les autres filtres : en cocher un ne fait que restreindre la liste.
    nombre_mots = len(analyse.positifs)
    paliers = [nombre_mots] + ([nombre_mots - 1] if nombre_mots > 2 else []) + ([1] if nombre_mots > 1 else [])

    def chercher(formes=frozenset()):
        return moteur.correspondances(
            analyse,
            filtres,
            paliers=paliers,
            tri=tri,
            debut=debut,
            fin=fin,
            formes_a_verifier=formes,
            adequation=adequation,
        )

    if analyse.vide:
        # Sans mots, tout le catalogue (ou tout un filtre) se lit, se trie et se compte : des centaines de
        # millisecondes à 100 000 fiches. Le résultat ne dépend que des filtres et de l'index : gardé sous son jeton.
        correspondances = _en_cache(moteur, (sorted(filtres.items()), tri, adequation, debut, fin), chercher)
        return _resultats(analyse, correspondances, groupes, groupes_affiches, page, par_page, tous_les_mots=True)

    correspondances = chercher(formes_a_verifier(analyse))
    if correspondances.palier != nombre_mots or not correspondances.avec_les_mots:
        # Aucune fiche n'a tous les mots : peut-être une faute de frappe. Les corrections s'ajoutent aux mots saisis
        # (OU) et l'on cherche à nouveau, du palier de tous les mots au palier d'un seul.
        analyse = corriger(analyse, moteur, connus=correspondances.connus)
        if analyse.a_des_corrections:
            correspondances = chercher()
    tous_les_mots = correspondances.avec_les_mots == 0 or correspondances.palier == nombre_mots
    return _resultats(analyse, correspondances, groupes, groupes_affiches, page, par_page, tous_les_mots=tous_les_mots)


def _en_cache(moteur, cle, calculer):
    jeton = EtatIndex.objects.filter(pk=1).values_list("jeton", flat=True).first()
    if jeton is None:
        return calculer()
    empreinte = hashlib.sha256(json.dumps([type(moteur).__name__, cle]).encode()).hexdigest()[:32]
    return cache.get_or_set(f"recherche:sans-mots:{jeton}:{empreinte}", calculer, DUREE_CACHE_SANS_MOTS)


def _resultats(analyse, correspondances, groupes, groupes_affiches, page, par_page, *, tous_les_mots):
    racines = analyse.racines_positives() if not analyse.vide else None
    elements = []
    for _, type_document, score, carte, texte in correspondances.page:
        if carte is None:  # document écrit avant la migration 0003, réindexé au prochain `migrate`
            continue
        extrait = _html_extrait(extrait_surligne(texte, racines, MARQUE_DEBUT, MARQUE_FIN)) if racines else ""
        elements.append(Resultat(type_document, carte, score, extrait))
    return Resultats(
        requete=analyse.texte,
        elements=elements,
        total=correspondances.total,
        page=page,
        par_page=par_page,
        facettes=_facettes(correspondances.comptes, groupes, groupes_affiches),
        requete_corrigee=analyse.texte_corrige if analyse.a_des_corrections else "",
        tous_les_mots=tous_les_mots,
    )


def rechercher_depuis_formulaire(formulaire, **kwargs):
    donnees = formulaire.cleaned_data
    return rechercher(
        q=donnees["q"],
        groupes=formulaire.valeurs_groupes(),
        tri=donnees["tri"],
        page=donnees["page"],
        par_page=donnees["par_page"],
        **kwargs,
    )
