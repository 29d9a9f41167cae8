"""Le groupe de cases d'une facette de recherche. Écrit en Python plutôt qu'en gabarit : une page de résultats
en compte une centaine, et le gabarit coûtait à lui seul plus que la recherche en base."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()
VISIBLES = 8


def _cases(cle, valeurs, debut):
    cases = []
    for i, v in enumerate(valeurs, start=debut):
        ident = f"filtre-{cle}-{i}"
        coche = " checked" if v.selectionnee else ""
        cases.append(
            '<div class="fr-fieldset__element"><div class="fr-checkbox-group fr-checkbox-group--sm">'
            f'<input type="checkbox" name="{cle}" value="{escape(v.valeur)}" id="{ident}"{coche}>'
            f'<label class="fr-label" for="{ident}">{escape(v.libelle)} ({v.nombre})</label></div></div>'
        )
    return "".join(cases)


@register.simple_tag
def facette(facette):
    """Fieldset DSFR d'une facette : ses 8 premières valeurs, les autres repliées sous « N autres choix »."""
    cle = escape(facette.cle)
    autres = ""
    if len(facette.valeurs) > VISIBLES:
        autres = (
            '<details class="fr-fieldset__element"><summary class="fr-link fr-text--sm">'
            f"{len(facette.valeurs) - VISIBLES} autres choix</summary>"
            f"{_cases(cle, facette.valeurs[VISIBLES:], VISIBLES + 1)}</details>"
        )
    return mark_safe(  # chaque valeur venue des données passe par escape() ci-dessus
        f'<fieldset class="fr-fieldset" id="facette-{cle}" aria-labelledby="facette-{cle}-legende">'
        f'<legend class="fr-fieldset__legend--regular fr-fieldset__legend fr-text--bold" id="facette-{cle}-legende">'
        f"{escape(facette.libelle)}</legend>{_cases(cle, facette.valeurs[:VISIBLES], 1)}{autres}</fieldset>"
    )
