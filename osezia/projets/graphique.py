"""Courbe d'un indicateur en SVG produit côté serveur (sans JavaScript) : valeur de départ, mesures, cible.

Le SVG a role="img", un titre et une description qui disent les valeurs ; le tableau des données, sous la courbe,
reste la version accessible de référence."""

from decimal import Decimal

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

LARGEUR, HAUTEUR = 560, 240
MARGE_GAUCHE, MARGE_DROITE, MARGE_HAUT, MARGE_BAS = 64, 16, 16, 40
BLEU, GRIS, ROUGE = "#000091", "#666666", "#c9191e"


def _nombre(valeur):
    from osezia.projets.services import formater

    return formater(valeur)


def points(indicateur, mesures):
    """[(date, valeur, libellé)] : la valeur de départ puis chaque mesure, dans l'ordre des dates."""
    serie = [(indicateur.date_reference, indicateur.valeur_reference, "départ")]
    serie += [(m.date, m.valeur, "mesure") for m in sorted(mesures, key=lambda m: m.date)]
    return serie


def courbe_svg(indicateur, mesures, *, identifiant):
    serie = points(indicateur, mesures)
    unite = indicateur.get_unite_display()
    valeurs = [float(v) for _, v, _ in serie] + ([float(indicateur.cible)] if indicateur.cible is not None else [])
    bas, haut = min(valeurs), max(valeurs)
    if bas == haut:
        bas, haut = bas - 1, haut + 1
    marge = (haut - bas) * 0.1
    bas, haut = bas - marge, haut + marge
    debut, fin = serie[0][0], serie[-1][0]
    jours = max((fin - debut).days, 1)
    zone_l, zone_h = LARGEUR - MARGE_GAUCHE - MARGE_DROITE, HAUTEUR - MARGE_HAUT - MARGE_BAS

    def x(jour):
        if len(serie) == 1:
            return MARGE_GAUCHE + zone_l / 2
        return MARGE_GAUCHE + zone_l * (jour - debut).days / jours

    def y(valeur):
        return MARGE_HAUT + zone_h * (1 - (float(valeur) - bas) / (haut - bas))

    description = " ; ".join(
        f"{'valeur de départ' if nature == 'départ' else 'mesure'} le {date_format(jour, 'j F Y')} : "
        f"{_nombre(valeur)} {unite}"
        for jour, valeur, nature in serie
    )
    if indicateur.cible is not None:
        description += f" ; valeur visée : {_nombre(indicateur.cible)} {unite}"
    morceaux = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LARGEUR} {HAUTEUR}" width="100%" '
        f'role="img" aria-labelledby="{identifiant}-titre {identifiant}-desc" class="osezia-courbe">',
        f'<title id="{identifiant}-titre">{escape(indicateur.libelle)} ({escape(unite)})</title>',
        f'<desc id="{identifiant}-desc">{escape(description)}</desc>',
        # Axes et graduations : le haut, le bas et le milieu de l'échelle.
        f'<line x1="{MARGE_GAUCHE}" y1="{MARGE_HAUT}" x2="{MARGE_GAUCHE}" y2="{MARGE_HAUT + zone_h}" '
        f'stroke="{GRIS}" stroke-width="1"/>',
        f'<line x1="{MARGE_GAUCHE}" y1="{MARGE_HAUT + zone_h}" x2="{LARGEUR - MARGE_DROITE}" '
        f'y2="{MARGE_HAUT + zone_h}" stroke="{GRIS}" stroke-width="1"/>',
    ]
    for graduation in (bas + marge, (bas + haut) / 2, haut - marge):
        gy = y(graduation)
        morceaux.append(
            f'<text x="{MARGE_GAUCHE - 6}" y="{gy + 4:.1f}" text-anchor="end" font-size="11" fill="{GRIS}">'
            f"{escape(_nombre(graduation))}</text>"
        )
    morceaux.append(
        f'<text x="{MARGE_GAUCHE}" y="{HAUTEUR - 12}" font-size="11" fill="{GRIS}">'
        f"{escape(date_format(debut, 'j/m/Y'))}</text>"
    )
    if fin != debut:
        morceaux.append(
            f'<text x="{LARGEUR - MARGE_DROITE}" y="{HAUTEUR - 12}" text-anchor="end" font-size="11" '
            f'fill="{GRIS}">{escape(date_format(fin, "j/m/Y"))}</text>'
        )
    if indicateur.cible is not None:
        cy = y(indicateur.cible)
        morceaux.append(
            f'<line x1="{MARGE_GAUCHE}" y1="{cy:.1f}" x2="{LARGEUR - MARGE_DROITE}" y2="{cy:.1f}" stroke="{ROUGE}" '
            'stroke-width="1.5" stroke-dasharray="6 4" class="osezia-courbe-cible"/>'
        )
    if len(serie) > 1:
        trace = " ".join(f"{x(jour):.1f},{y(valeur):.1f}" for jour, valeur, _ in serie)
        morceaux.append(f'<polyline points="{trace}" fill="none" stroke="{BLEU}" stroke-width="2.5"/>')
    for jour, valeur, nature in serie:
        forme = "fill" if nature == "mesure" else 'fill="#ffffff" stroke'
        morceaux.append(
            f'<circle cx="{x(jour):.1f}" cy="{y(valeur):.1f}" r="4" {forme}="{BLEU}" data-valeur="{Decimal(valeur):.2f}"/>'
        )
    morceaux.append("</svg>")
    return mark_safe("".join(morceaux))
