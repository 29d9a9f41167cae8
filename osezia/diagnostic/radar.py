"""Diagramme radar des six dimensions de maturité, en SVG produit côté serveur (page et PDF)."""

import math

from django.utils.html import escape
from django.utils.safestring import mark_safe

NIVEAUX = (25, 50, 70, 100)


def _point(cx, cy, rayon, indice, nombre, valeur):
    angle = -math.pi / 2 + 2 * math.pi * indice / nombre
    r = rayon * max(0.0, min(100.0, valeur or 0)) / 100
    return cx + r * math.cos(angle), cy + r * math.sin(angle)


def _polygone(cx, cy, rayon, valeurs):
    return " ".join(
        f"{x:.1f},{y:.1f}" for x, y in (_point(cx, cy, rayon, i, len(valeurs), v) for i, v in enumerate(valeurs))
    )


def _lignes(titre, largeur=16):
    """Coupe un libellé en deux lignes au plus, au mot près."""
    mots, lignes = titre.split(), [""]
    for mot in mots:
        if lignes[-1] and len(lignes[-1]) + 1 + len(mot) > largeur and len(lignes) < 2:
            lignes.append(mot)
        else:
            lignes[-1] = f"{lignes[-1]} {mot}".strip()
    return lignes


def radar_svg(axes, actuel, precedent=None, *, taille=300, identifiant="radar"):
    """axes : [(titre, clé)] ; actuel / precedent : {clé: score 0-100}. Le SVG a un titre et une description lisibles
    par un lecteur d'écran ; le tableau des scores, à côté, reste la version accessible de référence."""
    largeur, hauteur = taille + 160, taille + 40
    cx, cy = largeur / 2, hauteur / 2
    rayon = taille / 2 - 40
    n = len(axes)
    morceaux = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {largeur} {hauteur}" width="{largeur}" height="{hauteur}" '
        f'role="img" aria-labelledby="{identifiant}-titre {identifiant}-desc" class="osezia-radar">',
        f'<title id="{identifiant}-titre">Maturité numérique par dimension (0 à 100)</title>',
        f'<desc id="{identifiant}-desc">'
        + escape(
            " ; ".join(
                f"{titre} : {actuel.get(cle) if actuel.get(cle) is not None else 'non calculé'}" for titre, cle in axes
            )
        )
        + "</desc>",
    ]
    for niveau in NIVEAUX:
        morceaux.append(
            f'<polygon points="{_polygone(cx, cy, rayon, [niveau] * n)}" fill="none" stroke="#cecece" stroke-width="1"/>'
        )
    for i in range(n):
        x, y = _point(cx, cy, rayon, i, n, 100)
        morceaux.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#cecece" stroke-width="1"/>'
        )
    if precedent:
        valeurs = [precedent.get(cle) or 0 for _, cle in axes]
        morceaux.append(
            f'<polygon points="{_polygone(cx, cy, rayon, valeurs)}" fill="none" stroke="#666666" '
            'stroke-width="2" stroke-dasharray="6 4"/>'
        )
    valeurs = [actuel.get(cle) or 0 for _, cle in axes]
    morceaux.append(
        f'<polygon points="{_polygone(cx, cy, rayon, valeurs)}" fill="#000091" fill-opacity="0.18" '
        'stroke="#000091" stroke-width="2.5"/>'
    )
    for i, (titre, cle) in enumerate(axes):
        x, y = _point(cx, cy, rayon + 12, i, n, 100)
        ancre = "middle" if abs(x - cx) < 5 else ("start" if x > cx else "end")
        lignes = _lignes(titre)
        if y < cy - 5:
            y -= 13 * len(lignes)  # au-dessus du centre, le libellé monte pour ne pas couvrir le graphique
        score = actuel.get(cle)
        tspans = "".join(
            f'<tspan x="{x:.1f}" dy="{0 if j == 0 else 13}">{escape(ligne)}</tspan>' for j, ligne in enumerate(lignes)
        )
        morceaux.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" text-anchor="{ancre}" fill="#161616">{tspans}'
            f'<tspan x="{x:.1f}" dy="13" font-weight="bold">{"—" if score is None else f"{score:.0f}"}</tspan></text>'
        )
    morceaux.append("</svg>")
    return mark_safe("".join(morceaux))
