"""Filtres de français des gabarits (chargés partout : `builtins` dans config/settings.py)."""

from django import template

from osezia.utils.libelles import minuscule_initiale as _minuscule_initiale

register = template.Library()


@register.filter
def minuscule_initiale(libelle):
    return _minuscule_initiale(libelle)


@register.filter
def pluriel(nombre, suffixe="s"):
    """« 0 résultat », « 1 résultat », « 2 résultats » : en français, 0 et 1 sont au singulier (`pluralize` écrit
    « 0 résultats »)."""
    try:
        return suffixe if abs(float(nombre)) >= 2 else ""
    except (TypeError, ValueError):
        return ""
