import re

from osezia.utils.texte import racine

_MOT = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿŒœÆæ]+")


def extrait_surligne(texte, racines, debut, fin, longueur=260):
    """Le passage de `texte` (environ `longueur` caractères) le plus riche en mots dont la racine est dans `racines`,
    ces mots entourés des marques `debut` et `fin`. Le texte n'est pas échappé : c'est l'appelant qui le fait."""
    texte = " ".join(texte.split())
    positions = [(m.start(), m.end()) for m in _MOT.finditer(texte) if racine(m.group().lower()) in racines]
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
    morceaux, curseur = [], depart
    for a, b in positions:
        if a >= depart and b <= arrivee:
            morceaux += [texte[curseur:a], debut, texte[a:b], fin]
            curseur = b
    morceaux.append(texte[curseur:arrivee])
    return ("…" if depart else "") + "".join(morceaux) + ("…" if arrivee < len(texte) else "")
