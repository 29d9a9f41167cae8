"""Une raison de recommandation en HTML : texte échappé, mots de l'entreprise qui ont compté entre <mark>."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def raison_marquee(raison):
    texte, morceaux, curseur = raison.texte, [], 0
    for debut, fin in sorted(raison.marques):
        if debut < curseur or fin > len(texte):
            continue
        morceaux += [escape(texte[curseur:debut]), "<mark>", escape(texte[debut:fin]), "</mark>"]
        curseur = fin
    morceaux.append(escape(texte[curseur:]))
    return mark_safe("".join(morceaux))
