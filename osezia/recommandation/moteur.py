"""Moteur de recommandation des cas d'usage pour une entreprise : déterministe, hors ligne, rapide.

Il lit le profil (texte libre « activité » et « ce qui fait perdre du temps ou de l'argent », secteur NAF, taille,
maturité) et classe les cas d'usage du référentiel par pertinence :
- correspondance de vocabulaire (racines françaises sans accents, expressions de plusieurs mots, poids IDF :
  un mot présent dans beaucoup de cas d'usage compte peu), les besoins exprimés comptant plus que la description ;
- connaissance sectorielle du référentiel (force de la pertinence du cas d'usage pour la division NAF) ;
- faisabilité (taille, maturité, effort), qui module peu le classement et décide de l'horizon de la feuille de route.
Chaque recommandation dit pourquoi, avec les mots de l'entreprise.
"""

import math
import re
from dataclasses import dataclass, field

from osezia.utils.texte import est_mot_vide, mots, racine

# Poids des champs du profil : ce qui fait perdre du temps dit le besoin, la description dit le métier.
POIDS_BESOINS = 1.0
POIDS_DESCRIPTION = 0.45
# Poids des champs du cas d'usage.
POIDS_MOT_CLE = 1.0
POIDS_TITRE = 0.8
POIDS_CORPS = 0.25
BONUS_EXPRESSION = 1.2  # une expression de plusieurs mots retrouvée entière vaut plus que ses mots épars
FENETRE_EXPRESSION = 3  # mots intercalés tolérés entre les mots d'une expression
POIDS_SECTEUR = 0.45  # force 3 ⇒ +0,45 sur un score de texte normalisé à 1 (meilleur sur les deux jeux d'évaluation)
POIDS_TRANSVERSAL = 0.04
LONGUEUR_TEXTE_MAX = 5000
SEUIL_CITATION = 0.3  # on ne cite l'entreprise que si son texte pèse au moins 30 % du meilleur cas d'usage

_PROPOSITION = re.compile(r"[^.;:!?\n,()]+")

# Tournures qui disent l'intensité ou la fréquence, pas le sujet : « ils appellent sans arrêt » ne parle pas
# d'arrêt de machine. On les retire avant de chercher le vocabulaire des cas d'usage.
LOCUTIONS_NEUTRES = re.compile(
    r"\b(sans arr[eê]t|sans cesse|tout le temps|en m[eê]me temps|de temps en temps|tout de suite|"
    r"au quotidien|tous les jours|chaque jour|la plupart du temps)\b",
    re.IGNORECASE,
)
# Verbes très généraux : ils figurent dans presque toutes les phrases et ne désignent aucun usage.
_FORMES_VERBES_GENERAUX = (
    "savoir sait savons savent pouvoir peut pouvons peuvent vouloir veut voulons veulent devoir doit devons doivent "
    "aller va allons vont mettre met mettons mettent dire dit disons disent donner donne donnons donnent "
    "passer passe passons passent venir vient venons viennent voir voit voyons voient falloir faut "
    "prendre prend prenons prennent pris rester reste restons restent"
)
VERBES_GENERAUX = frozenset(racine(m) for m in _FORMES_VERBES_GENERAUX.split())


@dataclass(frozen=True)
class Profil:
    identifiant: str = ""
    naf: str = ""  # sous-classe (47.11F) ou division (47)
    effectif: int | None = None
    chiffre_affaires: int | None = None
    region: str = ""
    description: str = ""
    besoins: str = ""
    maturite: dict = field(default_factory=dict)  # {dimension: score 0-100}

    @property
    def division(self):
        return (self.naf or "")[:2]


@dataclass
class Recommandation:
    cas_usage: str
    titre: str
    score: float
    raisons: list[str]
    valeur: float = 0.0
    faisabilite: float = 1.0
    horizon: str = ""
    force_secteur: int = 0


@dataclass
class _CasUsage:
    slug: str
    titre: str
    fonction: str
    racines_fortes: dict  # racine → poids (mots-clés, titre)
    racines_corps: set
    expressions: list  # tuples de racines (2 mots et plus)
    pertinences: dict  # division → force
    transversal: bool
    effort: str
    cout: str
    delai: str
    libelles_expressions: dict = field(default_factory=dict)


def _racines(texte):
    return [racine(m) for m in mots(texte) if not est_mot_vide(m) and len(m) > 1]


def _jetons(texte):
    """[(racine, début, fin)] des mots porteurs de sens d'un texte, avec leur position dans le texte."""
    texte = LOCUTIONS_NEUTRES.sub(lambda m: " " * len(m.group()), texte.lower())
    resultat = []
    for m in re.finditer(r"[0-9a-zà-öø-ÿœæ]+", texte):
        mot = m.group()
        if len(mot) > 1 and not est_mot_vide(mot):
            r = racine(mot)
            if r not in VERBES_GENERAUX:
                resultat.append((r, m.start(), m.end()))
    return resultat


class Moteur:
    def __init__(self, cas_usage, libelles_divisions=None):
        self.cas = cas_usage
        self.libelles_divisions = libelles_divisions or {}
        nombre = len(cas_usage)
        frequences = {}
        for cas in cas_usage:
            for r in set(cas.racines_fortes) | cas.racines_corps:
                frequences[r] = frequences.get(r, 0) + 1
        self.idf = {r: math.log(1 + nombre / f) for r, f in frequences.items()}

    @classmethod
    def depuis_la_base(cls):
        from osezia.cas_usage.models import CasUsage
        from osezia.referentiels.models import SecteurNAF

        cas_usage = []
        for cas in CasUsage.objects.publies().select_related("fonction").prefetch_related("pertinences"):
            fortes = {}
            expressions, libelles = [], {}
            for expression in cas.mots_cles:
                racines = tuple(_racines(expression))
                for r in racines:
                    fortes[r] = max(fortes.get(r, 0), POIDS_MOT_CLE)
                if len(racines) >= 2:
                    expressions.append(racines)
                    libelles[racines] = expression
            for r in _racines(cas.titre):
                fortes[r] = max(fortes.get(r, 0), POIDS_TITRE)
            corps = set(_racines(" ".join([cas.resume, cas.ce_que_ca_fait, cas.exemple, *cas.benefices])))
            cas_usage.append(
                _CasUsage(
                    slug=cas.slug,
                    titre=cas.titre,
                    fonction=cas.fonction.nom,
                    racines_fortes=fortes,
                    racines_corps=corps - set(fortes),
                    expressions=expressions,
                    pertinences={p.division_id: p.force for p in cas.pertinences.all()},
                    transversal=cas.transversal,
                    effort=cas.effort,
                    cout=cas.cout,
                    delai=cas.delai,
                    libelles_expressions=libelles,
                )
            )
        libelles = dict(SecteurNAF.objects.divisions().values_list("code", "libelle"))
        return cls(cas_usage, libelles)

    # --- Texte ---------------------------------------------------------------------------------------------

    def _champs(self, profil):
        return [
            ("besoins", profil.besoins[:LONGUEUR_TEXTE_MAX], POIDS_BESOINS),
            ("description", profil.description[:LONGUEUR_TEXTE_MAX], POIDS_DESCRIPTION),
        ]

    @staticmethod
    def _expression_presente(expression, positions):
        """Vrai si toutes les racines de l'expression apparaissent, proches les unes des autres."""
        listes = [positions.get(r) for r in expression]
        if not all(listes):
            return False
        for depart in listes[0]:
            if all(any(abs(p - depart) <= len(expression) + FENETRE_EXPRESSION for p in liste) for liste in listes[1:]):
                return True
        return False

    def _score_texte(self, cas, champs_analyses):
        score, preuves = 0.0, {}
        for nom, jetons, poids_champ in champs_analyses:
            positions = {}
            for i, (r, _, _) in enumerate(jetons):
                positions.setdefault(r, []).append(i)
            for r in positions:
                poids = cas.racines_fortes.get(r) or (POIDS_CORPS if r in cas.racines_corps else 0)
                if poids:
                    apport = poids_champ * poids * self.idf.get(r, 0)
                    if apport > preuves.get(r, (0,))[0]:
                        preuves[r] = (apport, nom)
            for expression in cas.expressions:
                if self._expression_presente(expression, positions):
                    cle = ("expression",) + expression
                    apport = (
                        poids_champ * BONUS_EXPRESSION * sum(self.idf.get(r, 0) for r in expression) / len(expression)
                    )
                    if apport > preuves.get(cle, (0,))[0]:
                        preuves[cle] = (apport, nom)
        score = sum(apport for apport, _ in preuves.values())
        return score, preuves

    # --- Classement --------------------------------------------------------------------------------------

    def recommander(self, profil, *, top=None):
        champs = [(nom, _jetons(texte), poids) for nom, texte, poids in self._champs(profil)]
        scores = []
        for cas in self.cas:
            texte, preuves = self._score_texte(cas, champs)
            scores.append((cas, texte, preuves))
        maximum = max((t for _, t, _ in scores), default=0) or 1.0
        resultats = []
        for cas, texte, preuves in scores:
            part_texte = texte / maximum
            force = cas.pertinences.get(profil.division, 0)
            valeur = texte / maximum + POIDS_SECTEUR * force / 3 + (POIDS_TRANSVERSAL if cas.transversal else 0)
            faisabilite = faisabilite_cas(cas, profil)
            score = valeur * (0.85 + 0.15 * faisabilite)
            resultats.append(
                Recommandation(
                    cas_usage=cas.slug,
                    titre=cas.titre,
                    score=round(score, 4),
                    raisons=self._raisons(cas, preuves, profil, force, faisabilite, part_texte),
                    valeur=round(valeur, 4),
                    faisabilite=round(faisabilite, 3),
                    horizon=horizon(cas, faisabilite),
                    force_secteur=force,
                )
            )
        resultats.sort(key=lambda r: (-r.score, r.cas_usage))
        return resultats[:top] if top else resultats

    # --- Raisons -----------------------------------------------------------------------------------------

    def _raisons(self, cas, preuves, profil, force, faisabilite, part_texte):
        raisons = []
        if part_texte >= SEUIL_CITATION:
            # Poids de chaque racine trouvée (une expression prête son poids à ses mots).
            poids = {}
            for cle, (apport, _) in preuves.items():
                for r in [cle] if isinstance(cle, str) else cle[1:]:
                    poids[r] = poids.get(r, 0) + apport
            textes = {nom: texte for nom, texte, _ in self._champs(profil)}
            for nom in ("besoins", "description"):
                citation = _proposition(textes[nom], poids)
                if citation:
                    verbe = "Vous écrivez" if nom == "besoins" else "Vous décrivez"
                    raisons.append(f"{verbe} « {citation} »")
                    break
        if force >= 2:
            secteur = self.libelles_divisions.get(profil.division, profil.division)
            qualificatif = "très fréquent" if force == 3 else "fréquent"
            raisons.append(f"Usage {qualificatif} dans votre secteur ({secteur})")
        elif cas.transversal and not raisons:
            raisons.append("Utile dans presque toutes les entreprises")
        raisons.extend(raisons_faisabilite(cas, profil, faisabilite))
        return raisons


def _proposition(texte, poids_racines, longueur_max=140):
    """La proposition (morceau de phrase) du texte où les racines trouvées pèsent le plus, telle qu'écrite."""
    meilleure, meilleur_poids = "", 0.0
    for m in _PROPOSITION.finditer(texte):
        morceau = " ".join(m.group().split())
        poids = sum(poids_racines.get(r, 0) for r in {r for r, _, _ in _jetons(morceau)})
        if poids > meilleur_poids:
            meilleure, meilleur_poids = morceau, poids
    if len(meilleure) > longueur_max:
        meilleure = meilleure[: longueur_max - 1].rsplit(" ", 1)[0] + "…"
    return meilleure


# --- Faisabilité et horizon ---------------------------------------------------------------------------------

EXIGENCE_EFFORT = {"faible": 20, "moyen": 40, "eleve": 60}


def faisabilite_cas(cas, profil):
    """Entre 0 et 1 : l'entreprise a-t-elle de quoi démarrer ? Maturité (données, automatisation) face à l'effort,
    et moyens (taille) face au coût. Sans questionnaire rempli, on ne pénalise pas la maturité."""
    facteurs = []
    if profil.maturite:
        socle = (profil.maturite.get("donnees", 0) + profil.maturite.get("automatisation", 0)) / 2
        exigence = EXIGENCE_EFFORT.get(cas.effort, 40)
        facteurs.append(min(1.0, 0.35 + socle / exigence * 0.65) if exigence else 1.0)
    if profil.effectif is not None:
        if cas.cout == "plus-50k":
            facteurs.append(0.4 if profil.effectif < 10 else 0.7 if profil.effectif < 50 else 1.0)
        elif cas.cout == "10k-50k":
            facteurs.append(0.7 if profil.effectif < 10 else 1.0)
    return min(facteurs) if facteurs else 1.0


def horizon(cas, faisabilite):
    if faisabilite < 0.6 or cas.delai == "plus-6-mois":
        return "plus-tard"
    if cas.delai in ("semaines", "1-3-mois") and cas.effort != "eleve":
        return "rapide"
    return "structurant"


def raisons_faisabilite(cas, profil, faisabilite):
    raisons = []
    if profil.maturite:
        donnees = profil.maturite.get("donnees", 0)
        if donnees >= 50 and cas.effort != "faible":
            raisons.append(
                f"Vos données sont déjà en bonne partie numérisées (gestion des données : {donnees:.0f}/100)"
            )
        elif faisabilite < 0.6:
            raisons.append("À préparer : numériser et organiser d'abord les données dont l'usage a besoin")
    if cas.cout == "plus-50k" and profil.effectif is not None and profil.effectif < 10:
        raisons.append("Investissement important pour une très petite entreprise : à envisager avec un financement")
    return raisons
