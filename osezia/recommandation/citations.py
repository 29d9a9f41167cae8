"""Citer l'entreprise : la plus courte proposition de son texte qui porte les mots qui ont fait choisir un cas
d'usage, au plus une vingtaine de mots, avec ces mots marqués."""

import re
from dataclasses import dataclass

MOTS_MAX = 25
PART_SIGNIFICATIVE = 0.35  # un mot qui pèse moins du tiers du mot le plus fort n'est ni cherché ni marqué
LONGUEUR_REFERENCE = 10  # dix mots de plus coûtent autant que le poids des mots trouvés : la plus courte gagne
MOTS_MIN = 3  # un bout de proposition plus court (« sur Facebook ») ne dit rien seul

_PHRASES = re.compile(r"[^.;!?\n]+")
_PROPOSITIONS = re.compile(r"[^,:()«»\"“”]+")
_CONJONCTIONS = re.compile(
    r"\s(?:et|mais|ou|car|donc|puis|alors que|parce que|tandis que|sans parler des?|en plus)\s", re.IGNORECASE
)
_MOT = re.compile(r"\S+")
_BORDS = " \t,;:.!?-–—'’"


@dataclass(frozen=True)
class Citation:
    texte: str
    marques: tuple  # ((début, fin), …) des mots trouvés, dans texte
    racines: frozenset  # racines marquées

    @property
    def mots_marques(self):
        return [self.texte[d:f] for d, f in self.marques]


def _segments(texte):
    """(début, fin) des phrases, de leurs propositions et des membres de ces propositions, dans le texte."""
    for phrase in _PHRASES.finditer(texte):
        yield phrase.span()
        for proposition in _PROPOSITIONS.finditer(texte, phrase.start(), phrase.end()):
            yield proposition.span()
            debut = proposition.start()
            for conjonction in _CONJONCTIONS.finditer(texte, proposition.start(), proposition.end()):
                yield debut, conjonction.start()
                debut = conjonction.end()
            if debut != proposition.start():
                yield debut, proposition.end()


def _segments_nettoyes(texte):
    """(début, fin, phrase entière ?) sans doublons ni bords de ponctuation."""
    phrases = {p.span() for p in _PHRASES.finditer(texte)}
    vus = set()
    for debut, fin in _segments(texte):
        entiere = (debut, fin) in phrases
        debut, fin = _nettoyer(texte, debut, fin)
        if debut < fin and (debut, fin) not in vus:
            vus.add((debut, fin))
            yield debut, fin, entiere


_CONJONCTION_EN_TETE = re.compile(r"(?:et|mais|ou|car|donc|puis)\s+", re.IGNORECASE)


def _nettoyer(texte, debut, fin):
    while debut < fin and texte[debut] in _BORDS:
        debut += 1
    tete = _CONJONCTION_EN_TETE.match(texte, debut, fin)
    if tete:
        debut = tete.end()
    while fin > debut and texte[fin - 1] in _BORDS:
        fin -= 1
    return debut, fin


def _fenetre(texte, debut, fin, jetons, mots_max):
    """Au plus mots_max mots autour des jetons marqués, avec « … » là où la proposition est coupée."""
    mots = [m.span() for m in _MOT.finditer(texte, debut, fin)]
    if len(mots) <= mots_max:
        return debut, fin, False, False
    indices = [i for i, (d, f) in enumerate(mots) if any(d <= j < f for j, _ in jetons)] or [0]
    premier, dernier = indices[0], indices[-1]
    if dernier - premier + 1 > mots_max:
        dernier = premier + mots_max - 1
    marge = mots_max - (dernier - premier + 1)
    premier = max(0, premier - marge // 2)
    dernier = min(len(mots) - 1, premier + mots_max - 1)
    premier = max(0, dernier - mots_max + 1)
    return mots[premier][0], mots[dernier][1], premier > 0, dernier < len(mots) - 1


def citer(texte, poids, jetons_de, *, mots_max=MOTS_MAX, resserrer=False):
    """Citation du texte pour des racines pondérées {racine: poids}, ou None si aucune n'y figure.

    jetons_de(texte) rend les [(racine, début, fin)] du texte (la normalisation du moteur). resserrer : la plus petite
    fenêtre autour des seuls mots trouvés (quand une autre recommandation cite déjà la même proposition)."""
    jetons = [(r, d, f) for r, d, f in jetons_de(texte) if r in poids]
    if not jetons:
        return None
    plus_fort = max(poids[r] for r, _, _ in jetons)
    significatives = {r for r, _, _ in jetons if poids[r] >= PART_SIGNIFICATIVE * plus_fort}
    jetons = [j for j in jetons if j[0] in significatives]
    candidats = []
    for debut, fin, phrase_entiere in _segments_nettoyes(texte):
        dedans = [(r, d, f) for r, d, f in jetons if debut <= d and f <= fin]
        nombre_mots = len(_MOT.findall(texte, debut, fin))
        if not dedans or (nombre_mots < MOTS_MIN and not phrase_entiere):
            continue
        poids_total = sum(poids[r] for r in {r for r, _, _ in dedans})
        candidats.append(
            (poids_total / (1 + nombre_mots / LONGUEUR_REFERENCE), -nombre_mots, -debut, debut, fin, dedans)
        )
    if not candidats:
        return None
    *_, debut, fin, dedans = max(candidats)
    if resserrer:
        # Les seuls mots trouvés et trois mots autour, sans sortir de leur proposition ni passer un « et ».
        bornes = [
            (d, f)
            for d, f, _ in _segments_nettoyes(texte)
            if d <= dedans[0][1] and dedans[-1][2] <= f and len(_MOT.findall(texte, d, f)) >= MOTS_MIN
        ]
        gauche, droite = min(bornes, key=lambda b: b[1] - b[0], default=(0, len(texte)))
        debut, fin = dedans[0][1], dedans[-1][2]
        mots = [m.span() for m in _MOT.finditer(texte, gauche, droite)]
        avant = [d for d, _ in mots if d < debut][-3:]
        apres = [f for _, f in mots if f > fin][:3]
        debut, fin = _nettoyer(texte, avant[0] if avant else debut, apres[-1] if apres else fin)
    debut, fin, coupe_avant, coupe_apres = _fenetre(texte, debut, fin, [(d, f) for _, d, f in dedans], mots_max)
    # Coupure dans une citation, à la française : « […] ».
    extrait = texte[debut:fin]
    # Resserrée, la citation n'est coupée que si des mots de sa phrase restent avant ou après elle.
    phrase = next((p.span() for p in _PHRASES.finditer(texte) if p.start() <= debut < p.end()), (0, len(texte)))
    debut_phrase, fin_phrase = _nettoyer(texte, *phrase)
    if coupe_avant or (resserrer and debut > debut_phrase):
        extrait = "[…] " + extrait
    if coupe_apres or (resserrer and fin < fin_phrase):
        extrait += " […]"
    # Espaces multiples et retours à la ligne ramenés à une espace, marques recalculées sur l'extrait propre.
    propre = " ".join(extrait.split())
    marques, racines = [], set()
    for r, d, f in jetons_de(propre):
        if r in significatives:
            marques.append((d, f))
            racines.add(r)
    return Citation(texte=propre, marques=tuple(marques), racines=frozenset(racines))
