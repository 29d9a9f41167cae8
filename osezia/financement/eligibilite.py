"""Éligibilité d'une entreprise à un dispositif, critère par critère, avec ses raisons.

Un critère que la plateforme ne peut pas vérifier (chiffre manquant, condition qualitative) est « à vérifier » :
jamais deviné. Un critère « prioritaire » ne rend pas inéligible : il dit seulement si l'entreprise est prioritaire.
"""

from dataclasses import dataclass, field

from osezia.financement.enums import StatutEligibilite

GRAVITE = {StatutEligibilite.ELIGIBLE: 0, StatutEligibilite.A_VERIFIER: 1, StatutEligibilite.NON_ELIGIBLE: 2}


@dataclass(frozen=True)
class Entreprise:
    """Ce que l'éligibilité lit d'une entreprise (None : inconnu)."""

    effectif: int | None = None
    chiffre_affaires: int | None = None
    categorie: str | None = None  # TPE, PME, ETI, GE ou None si inconnue
    naf: str = ""  # sous-classe
    section: str = ""
    region: str = ""


@dataclass
class Critere:
    statut: str
    texte: str
    prioritaire: bool = False


@dataclass
class Eligibilite:
    dispositif: object
    statut: str
    criteres: list[Critere] = field(default_factory=list)
    prioritaire: bool | None = None

    @property
    def libelle(self):
        return StatutEligibilite(self.statut).label

    @property
    def a_verifier(self):
        return [c for c in self.criteres if c.statut == StatutEligibilite.A_VERIFIER]


def _nombre(valeur):
    return f"{valeur:,}".replace(",", " ")


def _euros(valeur):
    return f"{_nombre(valeur)} €"


def _comparer(critere, entreprise):
    """(statut, texte) d'un critère vérifiable."""
    type_, valeur = critere["type"], critere.get("valeur")
    E, V, N = StatutEligibilite.ELIGIBLE, StatutEligibilite.A_VERIFIER, StatutEligibilite.NON_ELIGIBLE
    if type_ in ("effectif_min", "effectif_max"):
        seuil = (
            f"au moins {_nombre(valeur)} salariés" if type_ == "effectif_min" else f"au plus {_nombre(valeur)} salariés"
        )
        if entreprise.effectif is None:
            return V, f"{seuil} : effectif non renseigné"
        ok = entreprise.effectif >= valeur if type_ == "effectif_min" else entreprise.effectif <= valeur
        return (E if ok else N), f"{seuil} (vous : {_nombre(entreprise.effectif)})"
    if type_ in ("chiffre_affaires_min", "chiffre_affaires_max"):
        seuil = (
            f"chiffre d'affaires supérieur à {_euros(valeur)}"
            if type_ == "chiffre_affaires_min"
            else f"chiffre d'affaires d'au plus {_euros(valeur)}"
        )
        if entreprise.chiffre_affaires is None:
            return V, f"{seuil} : chiffre d'affaires non renseigné"
        ok = (
            entreprise.chiffre_affaires > valeur
            if type_ == "chiffre_affaires_min"
            else entreprise.chiffre_affaires <= valeur
        )
        return (E if ok else N), f"{seuil} (vous : {_euros(entreprise.chiffre_affaires)})"
    if type_ == "categories":
        liste = " ou ".join(valeur)
        if not entreprise.categorie:
            return V, f"entreprise {liste} : catégorie inconnue (chiffres manquants)"
        if entreprise.categorie == "TPE" and "PME" in valeur and "TPE" not in valeur:
            # Au sens du décret n° 2008-1354, une microentreprise est une PME : on ne tranche pas à la place du porteur.
            return (
                V,
                f"entreprise {liste} : les microentreprises sont des PME au sens du décret n° 2008-1354, accès à confirmer",
            )
        return (E if entreprise.categorie in valeur else N), f"entreprise {liste} (vous : {entreprise.categorie})"
    if type_ in ("sections_naf", "divisions_naf"):
        code = entreprise.section if type_ == "sections_naf" else entreprise.naf[:2]
        if not code:
            return V, "secteur d'activité non renseigné"
        return (E if code in valeur else N), f"secteurs {', '.join(valeur)} (vous : {code})"
    if type_ == "regions":
        if not entreprise.region:
            return V, "région non renseignée"
        return (E if entreprise.region in valeur else N), f"régions {', '.join(valeur)} (vous : {entreprise.region})"
    raise ValueError(f"Critère inconnu : {type_}")


def _fusion_effectif(criteres):
    """« entre 10 et 2 000 salariés » plutôt que deux lignes, quand min et max vont ensemble."""
    types = {c["type"]: c for c in criteres}
    if "effectif_min" in types and "effectif_max" in types:
        mini, maxi = types["effectif_min"], types["effectif_max"]
        if bool(mini.get("prioritaire")) == bool(maxi.get("prioritaire")):
            reste = [c for c in criteres if c["type"] not in ("effectif_min", "effectif_max")]
            return [
                {
                    "type": "effectif_entre",
                    "min": mini["valeur"],
                    "max": maxi["valeur"],
                    "prioritaire": mini.get("prioritaire"),
                }
            ] + reste
    return criteres


def _priorite(statut, texte):
    """Un critère « prioritaire » ne rend jamais inéligible : il dit si l'entreprise est prioritaire."""
    if statut == StatutEligibilite.ELIGIBLE:
        return Critere(StatutEligibilite.ELIGIBLE, f"prioritaire : {texte}", prioritaire=True)
    if statut == StatutEligibilite.NON_ELIGIBLE:
        return Critere(StatutEligibilite.ELIGIBLE, f"non prioritaire : {texte}", prioritaire=True)
    return Critere(StatutEligibilite.A_VERIFIER, f"priorité à vérifier : {texte}", prioritaire=True)


def _effectif_entre(critere, entreprise):
    texte = f"entre {_nombre(critere['min'])} et {_nombre(critere['max'])} salariés"
    if entreprise.effectif is None:
        return StatutEligibilite.A_VERIFIER, f"{texte} : effectif non renseigné"
    ok = critere["min"] <= entreprise.effectif <= critere["max"]
    statut = StatutEligibilite.ELIGIBLE if ok else StatutEligibilite.NON_ELIGIBLE
    return statut, f"{texte} (vous : {_nombre(entreprise.effectif)})"


def evaluer(dispositif, entreprise):
    """Éligibilité d'une entreprise : le statut le plus sévère de ses critères vérifiables ; les conditions que
    seule l'entreprise peut vérifier sont listées à part, « à vérifier »."""
    verifiables, statuts_priorite = [], []
    for critere in _fusion_effectif(list(dispositif.criteres)):
        if critere["type"] == "effectif_entre":
            statut, texte = _effectif_entre(critere, entreprise)
        else:
            statut, texte = _comparer(critere, entreprise)
        if critere.get("prioritaire"):
            verifiables.append(_priorite(statut, texte))
            statuts_priorite.append(statut)
        else:
            verifiables.append(Critere(statut, texte))
    statut = max((c.statut for c in verifiables), key=GRAVITE.get, default=StatutEligibilite.ELIGIBLE)
    prioritaire = None
    if statuts_priorite and StatutEligibilite.A_VERIFIER not in statuts_priorite:
        prioritaire = all(s == StatutEligibilite.ELIGIBLE for s in statuts_priorite)
    a_verifier = [Critere(StatutEligibilite.A_VERIFIER, texte) for texte in dispositif.a_verifier]
    return Eligibilite(dispositif=dispositif, statut=statut, criteres=verifiables + a_verifier, prioritaire=prioritaire)


# --- Reste à charge ------------------------------------------------------------------------------------------

TRANCHES_COUT = {
    "moins-1k": (0, 1_000),
    "1k-10k": (1_000, 10_000),
    "10k-50k": (10_000, 50_000),
    "plus-50k": (50_000, None),
}


def aide(dispositif, cout):
    """Montant pris en charge pour un coût donné (taux × coût, dans la limite du plafond)."""
    if dispositif.taux is None:
        return None
    montant = cout * float(dispositif.taux) / 100
    return min(montant, dispositif.plafond) if dispositif.plafond is not None else montant


def reste_a_charge(dispositif, tranche):
    """(min, max) restant à payer pour une tranche de coût, ou None si le dispositif ne réduit pas un coût."""
    if dispositif.taux is None or tranche not in TRANCHES_COUT:
        return None
    bas, haut = TRANCHES_COUT[tranche]
    reste_bas = bas - (aide(dispositif, bas) or 0)
    reste_haut = None if haut is None else haut - (aide(dispositif, haut) or 0)
    return round(reste_bas), (round(reste_haut) if reste_haut is not None else None)
