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


# Sortie du POC : barres par cohorte et durées médianes. Couleurs et traits viennent des classes de osezia.css.
SERIES_POC = (
    ("production_6", "En production en 6 mois au plus", "osezia-barre-6"),
    ("production_12", "En production en 12 mois au plus", "osezia-barre-12"),
    ("abandonnes", "Abandonnés à ce jour", "osezia-barre-abandon"),
)


def _valeurs_cohorte(cohorte):
    """{série: pourcentage ou None (pas encore mesurable, ou cohorte trop petite pour un pourcentage)}."""
    parts = {"production_6": cohorte.production.get(6), "production_12": cohorte.production.get(12)}
    parts["abandonnes"] = cohorte.abandonnes
    return {cle: (part.pourcentage if part is not None else None) for cle, part in parts.items()}


def _explication(cohorte, cle):
    part = {"production_6": cohorte.production.get(6), "production_12": cohorte.production.get(12)}.get(
        cle, cohorte.abandonnes
    )
    if part is None:
        return "pas encore mesurable"
    return part.texte


def parts_poc_svg(cohortes, *, identifiant):
    """Pour chaque cohorte, trois barres (production en 6 mois, en 12 mois, abandon), en pourcentage de la cohorte ;
    pas de barre quand la part n'est pas mesurable ou que la cohorte est trop petite (le tableau donne l'effectif)."""
    largeur_groupe = 84
    largeur = max(LARGEUR, MARGE_GAUCHE + MARGE_DROITE + largeur_groupe * len(cohortes))
    zone_h = 200
    bas = MARGE_HAUT + zone_h
    hauteur = bas + 54 + 18 * len(SERIES_POC)
    description = " ; ".join(
        f"{c.libelle} (n = {c.projets}) : "
        + ", ".join(f"{libelle.lower()} {_explication(c, cle)}" for cle, libelle, _ in SERIES_POC)
        for c in cohortes
    )
    morceaux = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {largeur} {hauteur}" width="100%" '
        f'role="img" aria-labelledby="{identifiant}-titre {identifiant}-desc" class="osezia-graphique">',
        f'<title id="{identifiant}-titre">Sortie du POC par cohorte (trimestre d\'entrée en POC), en %</title>',
        f'<desc id="{identifiant}-desc">{escape(description)}</desc>',
        f'<line x1="{MARGE_GAUCHE}" y1="{MARGE_HAUT}" x2="{MARGE_GAUCHE}" y2="{bas}" class="osezia-axe"/>',
        f'<line x1="{MARGE_GAUCHE}" y1="{bas}" x2="{largeur - MARGE_DROITE}" y2="{bas}" class="osezia-axe"/>',
    ]
    for pourcent in (0, 50, 100):
        gy = bas - zone_h * pourcent / 100
        morceaux.append(
            f'<text x="{MARGE_GAUCHE - 6}" y="{gy + 4:.1f}" text-anchor="end" class="osezia-graduation">'
            f"{pourcent} %</text>"
        )
        if pourcent:
            morceaux.append(
                f'<line x1="{MARGE_GAUCHE}" y1="{gy:.1f}" x2="{largeur - MARGE_DROITE}" y2="{gy:.1f}" '
                'class="osezia-grille"/>'
            )
    barre = 20
    for i, cohorte in enumerate(cohortes):
        x0 = MARGE_GAUCHE + 12 + i * largeur_groupe
        valeurs = _valeurs_cohorte(cohorte)
        for j, (cle, _, classe) in enumerate(SERIES_POC):
            x = x0 + j * (barre + 2)
            valeur = valeurs[cle]
            if valeur is None:
                morceaux.append(
                    f'<text x="{x + barre / 2:.1f}" y="{bas - 4}" text-anchor="middle" class="osezia-graduation">'
                    "–</text>"
                )
                continue
            h = zone_h * valeur / 100
            morceaux.append(
                f'<rect x="{x}" y="{bas - h:.1f}" width="{barre}" height="{h:.1f}" class="{classe}" '
                f'data-valeur="{valeur}"/>'
            )
        for rang, texte in enumerate((cohorte.libelle_trimestre, str(cohorte.annee), f"n = {cohorte.projets}")):
            morceaux.append(
                f'<text x="{x0 + 32}" y="{bas + 14 + 13 * rang}" text-anchor="middle" class="osezia-graduation">'
                f"{escape(texte)}</text>"
            )
    for j, (_, libelle, classe) in enumerate(SERIES_POC):
        ly, lx = bas + 66 + 18 * j, MARGE_GAUCHE
        morceaux.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" class="{classe}"/>')
        morceaux.append(f'<text x="{lx + 16}" y="{ly}" class="osezia-graduation">{escape(libelle)}</text>')
    morceaux.append("</svg>")
    return mark_safe("".join(morceaux))


def medianes_svg(cohorte, *, identifiant):
    """Barres horizontales : la durée médiane de chaque étape (passages terminés), en jours."""
    from osezia.projets.enums import Etape

    lignes = [(Etape(etape).label, m) for etape, m in cohorte.medianes.items()]
    haut = max([m.jours for _, m in lignes if m.nombre] or [1])
    gauche, pas = 200, 36
    hauteur = MARGE_HAUT + pas * len(lignes) + 8
    zone_l = LARGEUR - gauche - MARGE_DROITE - 110
    description = " ; ".join(f"{libelle} : {m.texte}" for libelle, m in lignes)
    morceaux = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LARGEUR} {hauteur}" width="100%" '
        f'role="img" aria-labelledby="{identifiant}-titre {identifiant}-desc" class="osezia-graphique">',
        f'<title id="{identifiant}-titre">Durée médiane de chaque étape, en jours ({escape(cohorte.libelle.lower())})</title>',
        f'<desc id="{identifiant}-desc">{escape(description)}</desc>',
    ]
    for i, (libelle, mediane) in enumerate(lignes):
        y = MARGE_HAUT + i * pas
        morceaux.append(
            f'<text x="{gauche - 8}" y="{y + 16}" text-anchor="end" class="osezia-graduation">{escape(libelle)}</text>'
        )
        if mediane.nombre:
            w = max(1.0, zone_l * mediane.jours / haut)
            morceaux.append(
                f'<rect x="{gauche}" y="{y + 4}" width="{w:.1f}" height="18" class="osezia-barre-6" '
                f'data-valeur="{mediane.jours:.1f}"/>'
            )
            morceaux.append(
                f'<text x="{gauche + w + 6:.1f}" y="{y + 17}" class="osezia-graduation">{escape(mediane.texte)}</text>'
            )
        else:
            morceaux.append(
                f'<text x="{gauche + 6}" y="{y + 17}" class="osezia-graduation">aucun passage terminé</text>'
            )
    morceaux.append("</svg>")
    return mark_safe("".join(morceaux))
