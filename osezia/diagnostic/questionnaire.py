"""Le questionnaire de maturité (contenus/questionnaire.yaml), compatible avec le Digital Maturity Assessment
des pôles européens d'innovation numérique : six dimensions notées de 0 à 100, score global = moyenne."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

FICHIER = Path(__file__).resolve().parent / "contenus" / "questionnaire.yaml"


@dataclass(frozen=True)
class Choix:
    cle: str
    libelle: str
    points: float


@dataclass(frozen=True)
class Question:
    cle: str
    texte: str
    aide: str
    type: str  # unique | multiple
    choix: tuple[Choix, ...]
    plafond: float | None

    @property
    def maximum(self):
        if self.type == "multiple":
            total = sum(c.points for c in self.choix)
            return min(total, self.plafond) if self.plafond is not None else total
        return max(c.points for c in self.choix)

    def points(self, reponse):
        valeurs = {c.cle: c.points for c in self.choix}
        if self.type == "multiple":
            total = sum(valeurs[c] for c in reponse or [] if c in valeurs)
            return min(total, self.plafond) if self.plafond is not None else total
        return valeurs.get(reponse, 0)

    def est_valide(self, reponse):
        cles = {c.cle for c in self.choix}
        if self.type == "multiple":
            return isinstance(reponse, list) and all(r in cles for r in reponse)
        return isinstance(reponse, str) and reponse in cles


@dataclass(frozen=True)
class Dimension:
    cle: str
    titre: str
    intro: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    version: str
    source: dict
    dimensions: tuple[Dimension, ...]

    def dimension(self, cle):
        return next(d for d in self.dimensions if d.cle == cle)

    @property
    def questions(self):
        return {q.cle: q for d in self.dimensions for q in d.questions}


@cache
def questionnaire():
    donnees = yaml.safe_load(FICHIER.read_text(encoding="utf-8"))
    dimensions = []
    for d in donnees["dimensions"]:
        questions = tuple(
            Question(
                cle=q["cle"],
                texte=q["texte"],
                aide=q.get("aide", ""),
                type=q.get("type", "unique"),
                choix=tuple(Choix(c["cle"], c["libelle"], float(c.get("points", 0))) for c in q["choix"]),
                plafond=float(q["plafond"]) if q.get("plafond") is not None else None,
            )
            for q in d["questions"]
        )
        dimensions.append(Dimension(d["cle"], d["titre"], d.get("intro", ""), questions))
    return Questionnaire(str(donnees["version"]), donnees.get("source", {}), tuple(dimensions))


def score_dimension(dimension, reponses):
    """Score 0-100 d'une dimension, ou None tant qu'une de ses questions n'a pas de réponse (on ne devine pas)."""
    maximum = sum(q.maximum for q in dimension.questions)
    if any(q.cle not in reponses for q in dimension.questions) or not maximum:
        return None
    return round(sum(q.points(reponses[q.cle]) for q in dimension.questions) / maximum * 100, 1)


def scores(reponses):
    return {d.cle: score_dimension(d, reponses) for d in questionnaire().dimensions}


def score_global(scores_dimensions):
    valeurs = list(scores_dimensions.values())
    if not valeurs or any(v is None for v in valeurs):
        return None
    return round(sum(valeurs) / len(valeurs), 1)


def nettoyer(dimension, donnees):
    """Les réponses valides d'une étape ({question: choix ou [choix]}) ; les autres sont ignorées."""
    reponses = {}
    for question in dimension.questions:
        if question.type == "multiple":
            # Les questions à cases ont un choix « Aucun » : aucune case cochée veut dire « pas encore répondu ».
            valeur = donnees.getlist(question.cle) if hasattr(donnees, "getlist") else donnees.get(question.cle)
            valeur = [v for v in valeur or [] if v]
            if not valeur:
                continue
        else:
            valeur = donnees.get(question.cle)
            if not valeur:
                continue
        if question.est_valide(valeur):
            reponses[question.cle] = valeur
    return reponses
