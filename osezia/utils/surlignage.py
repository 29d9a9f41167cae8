import re
from functools import lru_cache

from osezia.utils.texte import composer, racine

_VARIANTES = {
    "a": "[aàâä]", "e": "[eéèêë]", "i": "[iîï]", "o": "[oôö]", "u": "[uùûü]", "c": "[cç]", "y": "[yÿ]",
}  # fmt: skip
PREFIXE = 3


@lru_cache(maxsize=1024)
def _candidats(racines):
    """Les mots qui commencent comme l'une des racines (3 lettres, accents et casse ignorés) : un sur-ensemble des mots
    à surligner, trouvé par une seule expression régulière ; chacun est ensuite vérifié par sa racine."""
    debuts = set()
    for r in racines:
        motif, i = "", 0
        while i < min(len(r), PREFIXE):
            if r[i : i + 2] in ("oe", "ae"):  # « œ », « æ » sont deux lettres dans une racine
                motif += f"(?:{r[i : i + 2]}|{'œ' if r[i] == 'o' else 'æ'})"
                i += 2
            else:
                motif += _VARIANTES.get(r[i], re.escape(r[i]))
                i += 1
        debuts.add(motif)
    return re.compile(f"\\b(?:{'|'.join(sorted(debuts))})\\w*", re.IGNORECASE)


def extrait_surligne(texte, racines, debut, fin, longueur=260):
    """Le passage de `texte` (environ `longueur` caractères) le plus riche en mots dont la racine est dans `racines`,
    ces mots entourés des marques `debut` et `fin`. Le texte n'est pas échappé : c'est l'appelant qui le fait."""
    texte = " ".join(composer(texte).split())
    racines = frozenset(r for r in racines if r)
    candidats = _candidats(racines).finditer(texte) if racines else ()
    positions = [(m.start(), m.end()) for m in candidats if racine(m.group().lower()) in racines]
    if not positions:
        coupe = texte[:longueur]
        return coupe + ("…" if len(texte) > longueur else "")
    # Fenêtre glissante : le départ qui couvre le plus de mots trouvés.
    meilleur_debut, meilleur_nombre, j = positions[0][0], 0, 0
    for i, (depart, _) in enumerate(positions):
        while j < len(positions) and positions[j][1] <= depart + longueur:
            j += 1
        if j - i > meilleur_nombre:
            meilleur_debut, meilleur_nombre = depart, j - i
    depart = max(0, meilleur_debut - 40)
    if depart:
        espace = texte.rfind(" ", 0, depart)
        depart = espace + 1 if espace >= 0 else depart
    arrivee = min(len(texte), depart + longueur)
    if arrivee < len(texte):
        espace = texte.rfind(" ", depart, arrivee)
        arrivee = espace if espace > depart else arrivee
        while arrivee > depart and texte[arrivee - 1] in ",;:":  # « frais… », pas « frais,… »
            arrivee -= 1
    morceaux, curseur = [], depart
    for a, b in positions:
        if a >= depart and b <= arrivee:
            morceaux += [texte[curseur:a], debut, texte[a:b], fin]
            curseur = b
    morceaux.append(texte[curseur:arrivee])
    return ("…" if depart else "") + "".join(morceaux) + ("…" if arrivee < len(texte) else "")
