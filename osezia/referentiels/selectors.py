"""Lectures des référentiels."""

from functools import lru_cache

from osezia.referentiels.enums import NiveauNAF
from osezia.referentiels.models import SecteurNAF
from osezia.utils.texte import racine, sans_accents


@lru_cache(maxsize=1)
def _index_naf():
    """(code, niveau, libellé, texte normalisé) de tous les postes ; la NAF ne change qu'avec une migration."""
    return [
        (s.code, s.niveau, s.libelle_lisible, sans_accents(f"{s.code} {s.libelle}".lower()))
        for s in SecteurNAF.objects.order_by("code")
    ]


def chercher_naf(texte, *, niveaux=None, limite=20):
    """Postes NAF dont le code commence par `texte`, ou dont le libellé contient tous les mots (sans accents,
    au singulier comme au pluriel). Les sous-classes et divisions d'abord : ce sont elles qu'on choisit."""
    texte = sans_accents((texte or "").strip().lower())
    if not texte:
        return []
    code = texte.replace(" ", "").upper()
    mots = [racine(m) for m in texte.replace(".", " ").split() if len(m) >= 2]
    resultats = []
    for code_naf, niveau, libelle, normal in _index_naf():
        if niveaux and niveau not in niveaux:
            continue
        if code_naf.upper().startswith(code) or code_naf.replace(".", "").upper().startswith(code.replace(".", "")):
            resultats.append((0, code_naf, niveau, libelle))
        elif mots and all(m in normal for m in mots):
            rang = {NiveauNAF.SOUS_CLASSE: 1, NiveauNAF.DIVISION: 2}.get(niveau, 3)
            resultats.append((rang, code_naf, niveau, libelle))
    resultats.sort()
    return [{"code": c, "niveau": n, "libelle": lib} for _, c, n, lib in resultats[:limite]]


def vider_cache():
    _index_naf.cache_clear()


def code_naf_exact(texte):
    """Le code NAF exact que désigne une saisie (« 10.71C », « 1071c », « 10 71 C »), ou None."""
    brut = "".join((texte or "").split()).upper().replace(".", "")
    if not brut[:2].isdigit():
        return None
    code = brut[:2] if len(brut) == 2 else f"{brut[:2]}.{brut[2:]}"
    connus = {c for c, *_ in _index_naf()}
    return code if code in connus else None
