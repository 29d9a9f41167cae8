"""Moteur de recommandation des cas d'usage pour une entreprise : déterministe, hors ligne, rapide.

Il lit le profil (texte libre « activité » et « ce qui fait perdre du temps ou de l'argent », secteur NAF, taille,
maturité) et classe les cas d'usage du référentiel par pertinence :
- correspondance de vocabulaire (racines françaises sans accents, expressions de plusieurs mots, poids IDF :
  un mot présent dans beaucoup de cas d'usage compte peu), les besoins exprimés comptant plus que la description ;
- connaissance sectorielle du référentiel (force de la pertinence du cas d'usage pour le métier de l'entreprise,
  sinon pour sa division NAF) ;
- adéquation à la taille (un cas d'usage qui ne convient pas à la taille de l'entreprise passe « plus tard », avec
  la raison) et faisabilité (maturité, effort), qui décident de l'horizon de la feuille de route.
Chaque recommandation dit pourquoi : les mots de l'entreprise qui l'ont fait choisir, cités et marqués, ou ce sur quoi
elle repose (métier, taille, maturité).
"""

import math
import re
from dataclasses import dataclass, field

from osezia.cas_usage.connaissance import (
    LIBELLES_TAILLE_COURTS,
    Connaissance,
    ConnaissanceSectorielle,
    adequation,
    taille_entreprise,
)
from osezia.cas_usage.enums import AdequationTaille
from osezia.recommandation.citations import citer
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
SEUIL_CITATION = 0.2  # on ne cite l'entreprise que si son texte pèse au moins 20 % du meilleur cas d'usage
PENALITE_HORS_TAILLE = 0.5  # un usage qui ne convient pas à la taille de l'entreprise recule loin derrière les autres
# Un usage absent de la liste d'un métier connu (metiers.yaml) n'y est pas courant : il ne passe devant que si le texte
# de l'entreprise le demande nettement.
PENALITE_HORS_METIER = 0.85
POIDS_DEJA_CITE = 0.3  # poids, pour choisir la citation, d'un mot déjà cité pour une recommandation mieux classée

# Tournures qui disent l'intensité ou la fréquence, pas le sujet : « ils appellent sans arrêt » ne parle pas
# d'arrêt de machine. On les retire avant de chercher le vocabulaire des cas d'usage.
LOCUTIONS_NEUTRES = re.compile(
    r"\b(sans arr[eê]t|sans cesse|tout le temps|en m[eê]me temps|de temps en temps|tout de suite|"
    r"au quotidien|tous les jours|chaque jour|la plupart du temps|en plein|en pleine|plein de|pleins de)\b",
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
# Mots de temps et d'intensité : seuls, ils ne désignent aucun usage (« on jette trop le soir ») ; ils ne comptent
# que dans une expression du référentiel (« la veille au soir », « heures supplémentaires »).
_FORMES_MOTS_FAIBLES = (
    "trop beaucoup toujours souvent jamais encore vraiment tellement assez plus moins fois temps heure heures "
    "jour jours journée journées semaine semaines mois année années an ans soir soirs matin matins midi nuit week-end "
    "lundi mardi mercredi jeudi vendredi samedi dimanche veille lendemain"
)
MOTS_FAIBLES = frozenset(racine(m) for m in mots(_FORMES_MOTS_FAIBLES))


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
    categorie: str = ""  # TPE, PME, ETI, GE selon le décret n° 2008-1354 ; vide si inconnue

    @property
    def division(self):
        return (self.naf or "")[:2]


@dataclass(frozen=True)
class Raison:
    """Une raison affichée ; `marques` : (début, fin) des mots de l'entreprise à marquer dans `texte`."""

    nature: str  # citation, secteur, taille, maturite, general
    texte: str
    marques: tuple = ()

    def en_dict(self):
        return {"nature": self.nature, "texte": self.texte, "marques": [list(m) for m in self.marques]}

    @classmethod
    def depuis(cls, valeur):
        """Depuis ce qu'enregistre un diagnostic : un dictionnaire, ou un simple texte (diagnostics plus anciens)."""
        if isinstance(valeur, str):
            return cls("general", valeur)
        return cls(valeur.get("nature", "general"), valeur["texte"], tuple(tuple(m) for m in valeur.get("marques", [])))


@dataclass
class Recommandation:
    cas_usage: str
    titre: str
    score: float
    raisons: list[Raison]
    valeur: float = 0.0
    faisabilite: float = 1.0
    horizon: str = ""
    force_secteur: int = 0
    adequation: str = AdequationTaille.ADAPTEE
    hors_taille: bool = False

    @property
    def textes_raisons(self):
        return [r.texte for r in self.raisons]


@dataclass
class _CasUsage:
    slug: str
    titre: str
    fonction: str
    racines_fortes: dict  # racine → poids (mots-clés, titre)
    racines_corps: set
    expressions: list  # tuples de racines (2 mots et plus)
    transversal: bool
    effort: str
    cout: str
    delai: str
    libelles_expressions: dict = field(default_factory=dict)
    tailles: dict = field(default_factory=dict)
    effectif_min: int | None = None
    raison_effectif: str = ""
    signaux: dict = field(default_factory=dict)  # taille → [(libellé, racines)]
    exigence_equipement: str = ""
    exigence_donnees: str = ""
    # Mots qui ne sont mots-clés qu'au sein d'une expression (« sms » de « campagne sms ») : seuls, ils comptent au
    # score mais ne se citent pas, « les commandes arrivent par SMS » ne parle pas de campagne. Les mots du seul
    # corps de la fiche ne se citent pas non plus : trop vagues pour dire « vous écrivez ».
    racines_d_expression: frozenset = frozenset()


# « rendez-vous » est un seul mot : découpé, « rendez » se confondrait avec « rendre » et « rendu ».
_MOT = re.compile(r"rendez-vous|[0-9a-zà-öø-ÿœæ]+")


def _racines(texte):
    return [racine(m) for m in _MOT.findall(texte.lower()) if not est_mot_vide(m) and len(m) > 1]


def _jetons(texte):
    """[(racine, début, fin)] des mots porteurs de sens d'un texte, avec leur position dans le texte."""
    texte = LOCUTIONS_NEUTRES.sub(lambda m: " " * len(m.group()), texte.lower())
    resultat = []
    for m in _MOT.finditer(texte):
        mot = m.group()
        if len(mot) > 1 and not est_mot_vide(mot):
            r = racine(mot)
            if r not in VERBES_GENERAUX:
                resultat.append((r, m.start(), m.end()))
    return resultat


# Une expression ne se retrouve pas à cheval sur deux phrases ou deux propositions liées par « et » : « on jette trop
# de pain le soir et les commandes arrivent » ne dit pas « commander trop ».
_COUPURE = re.compile(r"[.;!?\n]|\s(?:et|mais|puis)\s", re.IGNORECASE)
ECART_PROPOSITION = 10


def _rangs(texte, jetons):
    """Le rang de chaque jeton, avec un grand écart au passage d'une proposition à la suivante."""
    rangs, rang, fin_precedente = [], 0, None
    for _, debut, fin in jetons:
        if fin_precedente is not None:
            rang += 1 + (ECART_PROPOSITION if _COUPURE.search(texte, fin_precedente, debut) else 0)
        rangs.append(rang)
        fin_precedente = fin
    return rangs


class Moteur:
    def __init__(self, cas_usage, connaissance=None):
        self.cas = cas_usage
        self.connaissance = connaissance or ConnaissanceSectorielle()
        self.racines_appellations = frozenset(_racines(" ".join(self.connaissance.appellations)))
        nombre = len(cas_usage)
        frequences = {}
        for cas in cas_usage:
            for r in set(cas.racines_fortes) | cas.racines_corps:
                frequences[r] = frequences.get(r, 0) + 1
        self.idf = {r: math.log(1 + nombre / f) for r, f in frequences.items()}

    @classmethod
    def depuis_la_base(cls):
        from osezia.cas_usage.models import CasUsage

        cas_usage = []
        for cas in CasUsage.objects.publies().select_related("fonction"):
            fortes = {}
            expressions, libelles, seules = [], {}, set()
            for expression in cas.mots_cles:
                racines = tuple(_racines(expression))
                for r in racines:
                    fortes[r] = max(fortes.get(r, 0), POIDS_MOT_CLE)
                if len(racines) >= 2:
                    expressions.append(racines)
                    libelles[racines] = expression
                else:
                    seules.update(racines)
            d_expression = {r for e in expressions for r in e} - seules
            for r in _racines(cas.titre):
                fortes[r] = max(fortes.get(r, 0), POIDS_TITRE)
                d_expression.discard(r)
            corps = set(_racines(" ".join([cas.resume, cas.ce_que_ca_fait, cas.exemple, *cas.benefices])))
            cas_usage.append(
                _CasUsage(
                    slug=cas.slug,
                    titre=cas.titre,
                    fonction=cas.fonction.nom,
                    racines_fortes=fortes,
                    racines_corps=corps - set(fortes),
                    expressions=expressions,
                    transversal=cas.transversal,
                    effort=cas.effort,
                    cout=cas.cout,
                    delai=cas.delai,
                    libelles_expressions=libelles,
                    tailles=cas.tailles,
                    effectif_min=cas.effectif_min,
                    raison_effectif=cas.raison_effectif,
                    signaux={
                        taille: [(signal, tuple(_racines(signal))) for signal in entree.get("signaux", [])]
                        for taille, entree in cas.tailles.items()
                    },
                    exigence_equipement=cas.exigence_equipement,
                    exigence_donnees=cas.exigence_donnees,
                    racines_d_expression=frozenset(d_expression),
                )
            )
        return cls(cas_usage, ConnaissanceSectorielle.depuis_la_base())

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
        for nom, jetons, poids_champ, rangs in champs_analyses:
            positions = {}
            for rang, (r, _, _) in zip(rangs, jetons, strict=True):
                positions.setdefault(r, []).append(rang)
            for r in positions:
                if r in MOTS_FAIBLES:
                    continue
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
        champs = []
        for nom, texte, poids in self._champs(profil):
            jetons = _jetons(texte)
            champs.append((nom, jetons, poids, _rangs(texte, jetons)))
        positions_profil, decalage = {}, 0
        for _, jetons, _, rangs in champs:
            for rang, (r, _, _) in zip(rangs, jetons, strict=True):
                positions_profil.setdefault(r, []).append(decalage + rang)
            decalage += (rangs[-1] if rangs else 0) + ECART_PROPOSITION + 1
        connaissance = self.connaissance.pour(profil.naf)
        taille, _ = taille_entreprise(profil.categorie, profil.effectif, profil.chiffre_affaires)
        scores = []
        for cas in self.cas:
            texte, preuves = self._score_texte(cas, champs)
            scores.append((cas, texte, preuves))
        maximum = max((t for _, t, _ in scores), default=0) or 1.0
        resultats = []
        for cas, texte, preuves in scores:
            force = connaissance.forces.get(cas.slug, 0)
            valeur = texte / maximum + POIDS_SECTEUR * force / 3 + (POIDS_TRANSVERSAL if cas.transversal else 0)
            faisabilite = faisabilite_cas(cas, profil)
            adequat = adequation(
                tailles=cas.tailles,
                effectif_min=cas.effectif_min,
                raison_effectif=cas.raison_effectif,
                taille=taille,
                effectif=profil.effectif,
            )
            signal = None
            if adequat.statut == AdequationTaille.SOUS_CONDITIONS:
                signal = next(
                    (
                        libelle
                        for libelle, racines in cas.signaux.get(taille, [])
                        if racines and self._expression_presente(racines, positions_profil)
                    ),
                    None,
                )
            hors_taille = adequat.statut == AdequationTaille.INADAPTEE or (
                adequat.statut == AdequationTaille.SOUS_CONDITIONS and signal is None
            )
            score = valeur * (0.85 + 0.15 * faisabilite) * (PENALITE_HORS_TAILLE if hors_taille else 1)
            if connaissance.metier and not force:
                score *= PENALITE_HORS_METIER
            recommandation = Recommandation(
                cas_usage=cas.slug,
                titre=cas.titre,
                score=round(score, 4),
                raisons=[],
                valeur=round(valeur, 4),
                faisabilite=round(faisabilite, 3),
                horizon="plus-tard" if hors_taille else horizon(cas, faisabilite),
                force_secteur=force,
                adequation=adequat.statut,
                hors_taille=hors_taille,
            )
            resultats.append((recommandation, cas, preuves, texte / maximum, adequat, signal))
        resultats.sort(key=lambda e: (-e[0].score, e[0].cas_usage))
        if top:
            resultats = resultats[:top]
        citations = {}
        for recommandation, cas, preuves, part_texte, adequat, signal in resultats:
            recommandation.raisons = self._raisons(
                cas, preuves, profil, connaissance, recommandation, part_texte, adequat, signal, taille, citations
            )
        return [e[0] for e in resultats]

    # --- Raisons -----------------------------------------------------------------------------------------

    def _citation(self, cas, preuves, profil, citations, connaissance):
        """La citation de l'entreprise pour ce cas d'usage, jamais la même qu'une recommandation précédente trouvée
        par d'autres mots. Les mots qui nomment un métier (« boulangerie », « plombier ») ne se citent pas : ils disent
        qui est l'entreprise, la raison sectorielle le dit déjà, et citer « Plombier chauffagiste » n'apprend rien."""
        du_metier = self.racines_appellations | set(_racines(connaissance.nom_metier or ""))
        poids = {}
        for cle, (apport, _) in preuves.items():
            if isinstance(cle, str) and (cle not in cas.racines_fortes or cle in cas.racines_d_expression):
                continue
            # Le plus fort apport de chaque mot, pas la somme : un mot présent dans trois expressions trouvées
            # (« commandes par SMS », « commandes par téléphone »…) n'écrase pas les autres mots à marquer.
            for r in [cle] if isinstance(cle, str) else cle[1:]:
                if r not in du_metier and r not in MOTS_FAIBLES:
                    poids[r] = max(poids.get(r, 0), apport)
        if not poids:
            return None
        # Les mots déjà cités pour une recommandation précédente pèsent moins : chaque citation montre d'abord les
        # mots propres à son usage (« Les devis me prennent mes soirées », pas toute la phrase jusqu'aux tournées).
        deja_cites = set().union(*citations.values()) if citations else set()
        if set(poids) - deja_cites:
            poids = {r: p * (POIDS_DEJA_CITE if r in deja_cites else 1) for r, p in poids.items()}
        textes = {nom: texte for nom, texte, _ in self._champs(profil)}
        meilleure = None
        for nom in ("besoins", "description"):
            citation = citer(textes[nom], poids, _jetons)
            if citation is None:
                continue
            poids_cite = sum(poids[r] for r in citation.racines)
            if meilleure is None or poids_cite > meilleure[0] * 1.5:
                meilleure = (poids_cite, nom, citation)
        if meilleure is None:
            return None
        _, nom, citation = meilleure
        deja = citations.get(citation.texte)
        if deja is not None and deja != citation.racines:
            citation = citer(textes[nom], {r: poids[r] for r in citation.racines}, _jetons, resserrer=True)
            if citation is None or citation.texte in citations:
                return None
        citations.setdefault(citation.texte, citation.racines)
        return nom, citation

    def _raisons(
        self, cas, preuves, profil, connaissance: Connaissance, reco, part_texte, adequat, signal, taille, citations
    ):
        raisons = []
        if part_texte >= SEUIL_CITATION:
            trouvee = self._citation(cas, preuves, profil, citations, connaissance)
            if trouvee:
                nom, citation = trouvee
                debut = "Vous écrivez « " if nom == "besoins" else "Vous décrivez « "
                raisons.append(
                    Raison(
                        "citation",
                        f"{debut}{citation.texte} »",
                        tuple((d + len(debut), f + len(debut)) for d, f in citation.marques),
                    )
                )
        cite = bool(raisons)
        force = reco.force_secteur
        if force >= 2 or (force == 1 and not cite):
            raisons.append(Raison("secteur", connaissance.raison(force)))
        libelle_taille = LIBELLES_TAILLE_COURTS.get(taille, "")
        if reco.hors_taille:
            if adequat.statut == AdequationTaille.SOUS_CONDITIONS:
                texte = f"À votre taille ({libelle_taille}), à envisager seulement si {_minuscule(adequat.texte)}"
            elif cas.effectif_min and profil.effectif is not None and profil.effectif < cas.effectif_min:
                texte = f"Pas pour tout de suite : {_minuscule(adequat.texte)}"
            else:
                texte = f"Pas pour tout de suite à votre taille ({libelle_taille}) : {_minuscule(adequat.texte)}"
            raisons.append(Raison("taille", texte))
        elif signal:
            raisons.append(Raison("taille", f"Possible à votre taille : vous parlez de « {signal} »"))
        raisons.extend(Raison("maturite", texte) for texte in raisons_faisabilite(cas, profil, reco.faisabilite))
        if not raisons:
            if cas.transversal:
                raisons.append(Raison("general", "Utile dans presque toutes les entreprises"))
            if taille and not reco.hors_taille:
                raisons.append(Raison("taille", _demarrage(cas)))
        return raisons


def _minuscule(texte):
    texte = texte.strip()
    return texte[:1].lower() + texte[1:] if texte else texte


DEMARRAGE_EQUIPEMENT = {
    "aucun": "un ordinateur ou un smartphone",
    "logiciel": "votre logiciel de gestion",
    "equipements": "du matériel spécialisé",
}
DEMARRAGE_DONNEES = {
    "aucune": "sans données à préparer",
    "documents": "à partir de vos documents",
    "historique": "à partir d'un an d'historique",
    "mesures": "à partir de mesures collectées pendant des semaines",
}


def _demarrage(cas):
    """Ce sur quoi repose un usage sans citation ni secteur : ce qu'il faut pour démarrer, à votre taille."""
    equipement = DEMARRAGE_EQUIPEMENT.get(cas.exigence_equipement)
    donnees = DEMARRAGE_DONNEES.get(cas.exigence_donnees)
    if not equipement:
        return "Adapté à une entreprise de votre taille"
    return (
        f"Adapté à votre taille : démarre avec {equipement}, {donnees}"
        if donnees
        else f"Adapté à votre taille : démarre avec {equipement}"
    )


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
