from django import template

from osezia.projets.services import formater

register = template.Library()


@register.filter
def nombre(valeur):
    """12.50 → « 12,5 », 1200 → « 1 200 » : les nombres des indicateurs, écrits à la française."""
    return "" if valeur is None else formater(valeur)
