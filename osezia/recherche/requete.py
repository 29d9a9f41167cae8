"""Analyse d'une requête saisie par une personne : mots, expressions entre guillemets, exclusions, fautes de frappe."""

import re
from dataclasses import dataclass, field

from osezia.utils.texte import est_mot_vide, forme_normale, mots, racine

LONGUEUR_MAX = 200
TERMES_MAX = 12
_MORCEAU = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


@dataclass
class Terme:
    mots: list[str]  # un mot, ou plusieurs pour une expression entre guillemets
    negatif: bool = False
    corrections: list[str] = field(default_factory=list)

    @property
    def est_expression(self):
        return len(self.mots) > 1

    @property
    def racines(self):
        return [racine(m) for m in self.mots]

    @property
    def variantes(self):
        """Le mot saisi et ses corrections, à chercher en OU."""
        return self.mots[:1] + self.corrections


@dataclass
class RequeteAnalysee:
    texte: str
    termes: list[Terme]

    @property
    def vide(self):
        return not any(not t.negatif for t in self.termes)

    @property
    def positifs(self):
        return [t for t in self.termes if not t.negatif]

    @property
    def texte_corrige(self):
        """La requête avec les corrections à la place des mots inconnus (pour « Résultats pour … »)."""
        morceaux = []
        for t in self.termes:
            texte = " ".join(t.mots) if not t.corrections else t.corrections[0]
            if t.est_expression:
                texte = f'"{texte}"'
            morceaux.append(("-" if t.negatif else "") + texte)
        return " ".join(morceaux)

    @property
    def a_des_corrections(self):
        return any(t.corrections for t in self.termes)

    def racines_positives(self):
        return {r for t in self.positifs for m in t.variantes + t.mots for r in [racine(m)]}


def analyser(texte: str) -> RequeteAnalysee:
    texte = " ".join((texte or "").split())[:LONGUEUR_MAX]
    termes = []
    for negatif_expr, expression, negatif_mot, brut in _MORCEAU.findall(texte):
        if expression or negatif_expr:
            liste = [m for m in mots(expression) if not est_mot_vide(m)]
            if liste:
                termes.append(Terme(mots=liste, negatif=bool(negatif_expr)))
            continue
        negatif = bool(negatif_mot) and len(brut) > 0
        for m in mots(brut):
            if not est_mot_vide(m):
                termes.append(Terme(mots=[m], negatif=negatif))
    return RequeteAnalysee(texte=texte, termes=termes[:TERMES_MAX])


ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def variantes_distance_un(mot):
    """Toutes les chaînes à une opération près (suppression, transposition, remplacement, insertion)."""
    coupes = [(mot[:i], mot[i:]) for i in range(len(mot) + 1)]
    suppressions = {g + d[1:] for g, d in coupes if d}
    transpositions = {g + d[1] + d[0] + d[2:] for g, d in coupes if len(d) > 1}
    remplacements = {g + c + d[1:] for g, d in coupes if d for c in ALPHABET}
    insertions = {g + c + d for g, d in coupes for c in ALPHABET}
    return (suppressions | transpositions | remplacements | insertions) - {mot}


def _a_verifier(analyse):
    return [t for t in analyse.positifs if not t.est_expression and len(t.mots[0]) >= 4]


def formes_a_verifier(analyse: RequeteAnalysee) -> frozenset[str]:
    """Les formes (minuscules, sans accents) des mots que `corriger` cherche dans le lexique : les mots positifs
    hors expression, de 4 lettres et plus."""
    return frozenset(forme_normale(t.mots[0]) for t in _a_verifier(analyse))


def cles_du_lexique(formes):
    """(formes, racines) triées : un mot du lexique reconnaît une forme s'il est elle ou s'il a sa racine. Les deux
    lecteurs du lexique (`mots_connus`, le moteur PostgreSQL) cherchent `mot IN formes OR racine IN racines`."""
    return sorted(formes), sorted({racine(f) for f in formes})


def connus_parmi(formes, lignes):
    """Les formes que des lignes (mot, racine) du lexique reconnaissent, telles quelles ou par leur racine
    (« facturs » → « factur » connue)."""
    par_racine = {}
    for forme in formes:
        par_racine.setdefault(racine(forme), set()).add(forme)
    connus = set()
    for mot, racine_du_mot in lignes:
        if mot in formes:
            connus.add(mot)
        connus |= par_racine.get(racine_du_mot, set())
    return frozenset(connus)


def mots_connus(formes):
    """Les formes présentes dans l'index, telles quelles ou par leur racine. En SQL direct : l'ORM coûtait ici
    0,3 ms de construction de requête pour 0,03 ms de lecture (SQLite ; PostgreSQL lit le lexique avec les résultats)."""
    from django.db import connection

    if not formes:
        return frozenset()
    formes, racines = cles_du_lexique(formes)
    marques = ", ".join(["%s"] * len(formes)), ", ".join(["%s"] * len(racines))
    with connection.cursor() as curseur:
        curseur.execute(
            f"SELECT mot, racine FROM recherche_motlexique WHERE mot IN ({marques[0]}) OR racine IN ({marques[1]})",
            [*formes, *racines],
        )
        return connus_parmi(frozenset(formes), curseur.fetchall())


def mot_proche(forme, moteur):
    """Le mot du lexique le plus proche d'un mot inconnu : à une faute de frappe près (le plus fréquent d'abord),
    sinon par similarité de trigrammes quand le moteur en dispose (pg_trgm sur PostgreSQL)."""
    from osezia.recherche.models import MotLexique

    voisin = (
        MotLexique.objects.filter(mot__in=variantes_distance_un(forme))
        .order_by("-frequence", "mot")
        .values_list("mot", flat=True)
        .first()
    )
    return voisin or moteur.mot_approchant(forme)


def corriger(analyse: RequeteAnalysee, moteur, *, connus=None) -> RequeteAnalysee:
    """Propose une correction pour chaque mot positif absent de l'index, même par sa racine (4 lettres et plus).
    `connus` : les formes déjà vérifiées dans le lexique (le moteur PostgreSQL les rend avec les résultats)."""
    candidats = _a_verifier(analyse)
    if not candidats:
        return analyse
    if connus is None:
        connus = mots_connus(formes_a_verifier(analyse))
    for terme in candidats:
        forme = forme_normale(terme.mots[0])
        if forme in connus:
            continue
        correction = mot_proche(forme, moteur)
        if correction and correction != forme:
            terme.corrections = [correction]
    return analyse
