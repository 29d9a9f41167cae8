"""Les cases des facettes et les cartes des résultats de recherche. Écrites en Python plutôt qu'en gabarit : une page
de résultats compte une centaine de cases et vingt cartes, et leur gabarit coûtait plus que la recherche en base."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from osezia.catalogue.enums import Hebergement, TranchePrix
from osezia.labels.models import libelle_badge

register = template.Library()
VISIBLES = 8
TRANCHES_PRIX = dict(TranchePrix.choices)
HEBERGEMENTS = dict(Hebergement.choices)


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


def _badge(texte, couleur=""):
    classe = f"fr-badge fr-badge--sm{' fr-badge--' + couleur if couleur else ''}"
    return f'<li><p class="{classe}">{escape(texte)}</p></li>'


@register.simple_tag
def carte_resultat(resultat):
    """Carte DSFR d'un résultat (cas d'usage ou solution), d'après la carte gardée dans l'index (recherche.cartes) :
    titre lié, extrait surligné ou résumé, badges."""
    carte = resultat.carte
    if resultat.type == "cas_usage":
        titre, resume = carte["titre"], carte["resume"]
        badges = _badge("Cas d'usage", "purple-glycine") + _badge(carte["fonction"]["nom"])
        fin = ""
    else:
        titre, resume = carte["nom"], carte["description_courte"]
        badges = _badge("Solution", "blue-ecume")
        if carte["est_demo"]:
            badges += _badge("Démo", "new")
        completude = carte.get("completude") or {}
        if completude.get("complete"):
            badges += _badge("Fiche complète", "success")
        else:
            badges += _badge("Fiche sommaire")
        for label in carte.get("labels") or []:
            badges += _badge(libelle_badge(label["nom"], demo=label.get("demo", False)), "success")
        if carte["origine"] == "import":
            badges += _badge(f"Notice courte : {carte['source']}")
        editeur = carte["fournisseur"]["nom"] if carte["fournisseur"] else "Éditeur non renseigné"
        morceaux = [editeur]
        if carte["tranche_prix"] != TranchePrix.NON_COMMUNIQUE:
            morceaux.append(TRANCHES_PRIX.get(carte["tranche_prix"], carte["tranche_prix"]))
        if carte["hebergement"] != Hebergement.NON_COMMUNIQUE:
            morceaux.append(f"Hébergement : {HEBERGEMENTS.get(carte['hebergement'], carte['hebergement'])}")
        if completude.get("manque") and not completude.get("complete"):
            nombre = len(completude["manque"])
            morceaux.append(f"{nombre} information{'s' if nombre > 1 else ''} manquante{'s' if nombre > 1 else ''}")
        detail = " · ".join(morceaux)
        fin = f'<div class="fr-card__end"><p class="fr-card__detail">{escape(detail)}</p></div>'
    # L'extrait est déjà échappé, ses seules balises sont les <mark> posées par le service.
    texte = resultat.extrait or escape(resume)
    return mark_safe(
        '<div class="fr-mb-2w"><div class="fr-card fr-enlarge-link fr-card--sm"><div class="fr-card__body">'
        f'<div class="fr-card__content"><h3 class="fr-card__title"><a href="{escape(carte["url"])}">'
        f'{escape(titre)}</a></h3><p class="fr-card__desc">{texte}</p>'
        f'<div class="fr-card__start"><ul class="fr-badges-group">{badges}</ul></div>{fin}</div></div></div></div>'
    )


@register.simple_tag
def filtres_actifs(request, resultats):
    """Les filtres cochés, chacun en étiquette qui le retire (même adresse sans cette valeur, page 1) : sur un
    téléphone, les facettes repliées ne montrent pas ce qui restreint la liste."""
    etiquettes = []
    for facette in resultats.facettes:
        for valeur in facette.valeurs:
            if not valeur.selectionnee:
                continue
            parametres = request.GET.copy()
            parametres.setlist(facette.cle, [v for v in parametres.getlist(facette.cle) if v != valeur.valeur])
            parametres.pop("page", None)
            libelle = f"{facette.libelle} : {valeur.libelle}"
            etiquettes.append(
                f'<li><a class="fr-tag fr-tag--sm fr-tag--icon-left fr-icon-close-line" '
                f'href="?{escape(parametres.urlencode())}" aria-label="Retirer le filtre {escape(libelle)}">'
                f"{escape(valeur.libelle)}</a></li>"
            )
    if not etiquettes:
        return ""
    return mark_safe(  # libellés et adresses échappés ci-dessus
        '<div class="fr-mb-2w"><p class="fr-text--sm fr-mb-1v" id="filtres-actifs">Filtres actifs :</p>'
        f'<ul class="fr-tags-group" aria-labelledby="filtres-actifs">{"".join(etiquettes)}</ul></div>'
    )
