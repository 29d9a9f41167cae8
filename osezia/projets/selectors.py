"""Lectures des projets : la liste « Mes projets » (étape, prochain jalon, dernière activité, indicateurs) et la
page d'un projet, en un petit nombre de requêtes."""

import re

from django.db.models import Prefetch

from osezia.projets import graphique
from osezia.projets.enums import PARCOURS, Etape
from osezia.projets.models import EvenementProjet, Indicateur, Mesure, Projet

TAILLE_PAGE = 50


def liste(utilisateur, *, entreprise=None):
    projets = (
        Projet.objects.visibles_par(utilisateur)
        .select_related("entreprise", "cas_usage", "responsable")
        .prefetch_related(
            Prefetch(
                "indicateurs",
                queryset=Indicateur.objects.prefetch_related(
                    Prefetch("mesures", queryset=Mesure.objects.order_by("date"))
                ),
            )
        )
        .order_by("-derniere_activite_le", "-pk")
    )
    if entreprise is not None:
        projets = projets.filter(entreprise=entreprise)
    return projets


def prochaine_etape(projet):
    """L'étape suivante du parcours, ou None (en production, en pause, abandonné)."""
    if projet.etape in PARCOURS[:-1]:
        return PARCOURS[PARCOURS.index(projet.etape) + 1]
    return None


def prochain_jalon(projet):
    """Ce qui vient ensuite, en une phrase : l'étape suivante et la date visée s'il y en a une."""
    suivante = prochaine_etape(projet)
    if projet.etape == Etape.EN_PAUSE:
        return "Reprendre le projet"
    if projet.etape == Etape.ABANDONNE:
        return "Aucun : projet abandonné"
    if suivante is None:
        return "Mesurer les résultats"
    return f"Étape « {Etape(suivante).label} »"


def libelle_kpi(cas_usage, longueur=200):
    """Le libellé proposé pour l'indicateur type d'un cas d'usage : sa première proposition, coupée au mot."""
    texte = re.split(r"\s*[;(]|\.\s", cas_usage.kpi.strip(), maxsplit=1)[0].rstrip(" .:,")
    if len(texte) > longueur:
        texte = texte[:longueur].rsplit(" ", 1)[0]
    return texte


def derniere_mesure(indicateur):
    mesures = list(indicateur.mesures.all())
    return mesures[-1] if mesures else None


def indicateurs_du_projet(projet):
    """Chaque indicateur avec ses mesures, sa courbe SVG et les lignes du tableau de données."""
    resultat = []
    for indicateur in projet.indicateurs.prefetch_related(
        Prefetch("mesures", queryset=Mesure.objects.order_by("date"))
    ):
        mesures = list(indicateur.mesures.all())
        resultat.append(
            {
                "indicateur": indicateur,
                "mesures": mesures,
                "derniere": mesures[-1] if mesures else None,
                "courbe": graphique.courbe_svg(indicateur, mesures, identifiant=f"courbe-{indicateur.pk}"),
                "lignes": graphique.points(indicateur, mesures),
            }
        )
    return resultat


def chronologie(projet, *, limite=200):
    return (
        EvenementProjet.objects.filter(projet=projet)
        .select_related("acteur", "commentaire", "document")
        .order_by("-cree_le", "-pk")[:limite]
    )
