"""Statut d'un dispositif pour une entreprise et, quand il y en a un, pour un projet (un cas d'usage).

Chaque vérification a un statut ; celui du dispositif est le plus grave (`enums.GRAVITE`) :
- non_adapte : le dispositif ne finance pas ce genre de projet (la R&D de rupture n'est pas l'achat d'un outil) ;
- non_eligible : un critère vérifiable échoue, et l'on dit lequel ;
- ferme : aucune fenêtre de dépôt n'est ouverte à la date du jour, et l'on dit la suivante si on la connaît ;
- a_verifier : une condition décisive que seule l'entreprise peut vérifier, un chiffre qu'elle n'a pas donné, ou
  une règle dont aucune source n'a été lue ;
- eligible : toutes les conditions décisives sont vérifiées, sur des sources lues.

Une donnée dont aucune source n'a été lue ne tranche jamais : elle donne « à vérifier », ni « éligible », ni
« non éligible », ni « fermé », ni « non adapté ». Un critère « prioritaire » ne rend jamais inéligible et ne
change pas le statut : il dit seulement si l'entreprise est prioritaire. Les notes (démarches) ne sont pas des
conditions. La date du jour est un argument : elle vient de `osezia.utils.dates`, et les tests la figent.
"""

import datetime
from dataclasses import dataclass, field

from osezia.cas_usage.enums import NatureProjet, TrancheCout
from osezia.financement.enums import GRAVITE, ModeCalendrier, ObjetFinance, StatutEligibilite
from osezia.utils.dates import date_lisible
from osezia.utils.sources import est_confirme

E, V, F = StatutEligibilite.ELIGIBLE, StatutEligibilite.A_VERIFIER, StatutEligibilite.FERME
N, X = StatutEligibilite.NON_ELIGIBLE, StatutEligibilite.NON_ADAPTE

# Se lit après « pas » ou « adapté à » : « finance la R&D de rupture, pas l'achat et le déploiement d'un outil… ».
PHRASES_NATURE = {
    NatureProjet.OUTIL_MARCHE: "l'achat et le déploiement d'un outil existant",
    NatureProjet.SUR_MESURE: "un projet sur mesure",
    NatureProjet.RECHERCHE: "un projet de recherche et développement",
}
A_CONFIRMER = " (d'après une source non relue, à confirmer)"


@dataclass(frozen=True)
class Entreprise:
    """Ce que l'éligibilité lit d'une entreprise (None ou vide : inconnu)."""

    effectif: int | None = None
    chiffre_affaires: int | None = None
    categorie: str | None = None  # TPE, PME, ETI, GE ou None si inconnue
    naf: str = ""  # sous-classe
    section: str = ""
    region: str = ""


@dataclass(frozen=True)
class Projet:
    """Ce que le financement d'un projet lit d'un cas d'usage."""

    nature: str = ""  # NatureProjet, vide si inconnue
    cout: str = ""  # tranche de coût de la première année (TrancheCout)

    @classmethod
    def du_cas_usage(cls, cas):
        return cls(nature=cas.nature_projet, cout=cas.cout)


@dataclass(frozen=True)
class Verification:
    statut: str
    texte: str
    confirme: bool = True
    prioritaire: bool = False  # une ligne de priorité : elle ne change jamais le statut
    atteint: bool | None = None  # pour une priorité : l'entreprise est-elle prioritaire (None : on ne sait pas)


@dataclass(frozen=True)
class ResteACharge:
    tranche: str
    minimum: int
    maximum: int | None
    confirme: bool

    @property
    def libelle_tranche(self):
        return TrancheCout(self.tranche).label


@dataclass
class Eligibilite:
    dispositif: object
    statut: str
    verifications: list[Verification] = field(default_factory=list)
    prioritaire: bool | None = None
    projet: Projet | None = None
    reste_a_charge: ResteACharge | None = None
    prochaine_fenetre: dict | None = None

    @property
    def libelle(self):
        return StatutEligibilite(self.statut).label

    @property
    def decisives(self):
        return [v for v in self.verifications if not v.prioritaire]

    @property
    def raisons(self):
        """Ce qui fait le statut : les vérifications de ce statut (pour « éligible », tout ce qui a été vérifié)."""
        return [v.texte for v in self.decisives if v.statut == self.statut]

    @property
    def ligne(self):
        """Une ligne pour un·e dirigeant·e : « Non adapté : finance la R&D de rupture, pas … »."""
        return f"{self.libelle} : {' ; '.join(r.rstrip('.') for r in self.raisons)}."

    @property
    def priorites(self):
        return [v for v in self.verifications if v.prioritaire]

    @property
    def a_verifier(self):
        return [v for v in self.decisives if v.statut == V]

    @property
    def peut_aider(self):
        """Ce qui peut vraiment aider : éligible, à vérifier, ou fermé avec une prochaine fenêtre connue."""
        return self.statut in (E, V) or (self.statut == F and self.prochaine_fenetre is not None)

    @property
    def reste_reference(self):
        """Ce qui reste à payer sur le coût de référence de la prestation (un diagnostic, par exemple)."""
        d = self.dispositif
        if d.cout_reference is None or d.taux is None or not self.peut_aider:
            return None
        return round(d.cout_reference - aide(d, d.cout_reference))


# --- Critères vérifiables --------------------------------------------------------------------------------------


def _nombre(valeur):
    return f"{valeur:,}".replace(",", " ")


def _euros(valeur):
    return f"{_nombre(valeur)} €"


def regle(critere):
    """La règle d'un critère, sans l'entreprise : « au plus 49 salariés », « réservé aux PME ou ETI »."""
    type_, valeur = critere["type"], critere.get("valeur")
    if type_ == "effectif_entre":
        return f"entre {_nombre(critere['min'])} et {_nombre(critere['max'])} salariés"
    if type_ == "effectif_min":
        return f"au moins {_nombre(valeur)} salariés"
    if type_ == "effectif_max":
        return f"au plus {_nombre(valeur)} salariés"
    if type_ == "chiffre_affaires_min":
        return f"chiffre d'affaires supérieur à {_euros(valeur)}"
    if type_ == "chiffre_affaires_max":
        return f"chiffre d'affaires d'au plus {_euros(valeur)}"
    if type_ == "categories":
        return f"réservé aux {' ou '.join(valeur)}"
    if type_ == "sections_naf":
        return f"sections NAF {', '.join(valeur)}"
    if type_ == "divisions_naf":
        return f"divisions NAF {', '.join(valeur)}"
    if type_ == "regions":
        return f"régions {', '.join(valeur)}"
    raise ValueError(f"Critère inconnu : {type_}")


def _comparer(critere, entreprise):
    """(statut, texte) d'un critère pour une entreprise ; « à vérifier » quand il manque un chiffre."""
    type_, valeur, texte = critere["type"], critere.get("valeur"), regle(critere)
    if type_ in ("effectif_min", "effectif_max", "effectif_entre"):
        if entreprise.effectif is None:
            return V, f"{texte} : effectif non renseigné"
        if type_ == "effectif_entre":
            ok = critere["min"] <= entreprise.effectif <= critere["max"]
        else:
            ok = entreprise.effectif >= valeur if type_ == "effectif_min" else entreprise.effectif <= valeur
        return (E if ok else N), f"{texte} (vous : {_nombre(entreprise.effectif)})"
    if type_ in ("chiffre_affaires_min", "chiffre_affaires_max"):
        if entreprise.chiffre_affaires is None:
            return V, f"{texte} : chiffre d'affaires non renseigné"
        ca = entreprise.chiffre_affaires
        ok = ca > valeur if type_ == "chiffre_affaires_min" else ca <= valeur
        return (E if ok else N), f"{texte} (vous : {_euros(ca)})"
    if type_ == "categories":
        if not entreprise.categorie:
            return V, f"{texte} : catégorie de votre entreprise inconnue (chiffres manquants)"
        if entreprise.categorie == "TPE" and "PME" in valeur and "TPE" not in valeur:
            # Au sens du décret n° 2008-1354, une microentreprise est une PME : on ne tranche pas à la place du porteur.
            return V, (
                f"{texte} : une microentreprise (TPE) est une PME au sens du décret n° 2008-1354, "
                "accès à confirmer auprès du porteur"
            )
        return (E if entreprise.categorie in valeur else N), f"{texte} (vous : {entreprise.categorie})"
    if type_ in ("sections_naf", "divisions_naf"):
        code = entreprise.section if type_ == "sections_naf" else entreprise.naf[:2]
        if not code:
            return V, f"{texte} : secteur d'activité non renseigné"
        return (E if code in valeur else N), f"{texte} (vous : {code})"
    if type_ == "regions":
        if not entreprise.region:
            return V, f"{texte} : région non renseignée"
        return (E if entreprise.region in valeur else N), f"{texte} (vous : {entreprise.region})"
    raise ValueError(f"Critère inconnu : {type_}")


def fusion_effectif(criteres):
    """« entre 10 et 2 000 salariés » plutôt que deux lignes, quand min et max vont ensemble."""
    types = {c["type"]: c for c in criteres}
    mini, maxi = types.get("effectif_min"), types.get("effectif_max")
    if not (mini and maxi) or bool(mini.get("prioritaire")) != bool(maxi.get("prioritaire")):
        return list(criteres)
    reste = [c for c in criteres if c["type"] not in ("effectif_min", "effectif_max")]
    sources = list(mini.get("sources") or [])
    fusion = {
        "type": "effectif_entre",
        "min": mini["valeur"],
        "max": maxi["valeur"],
        "prioritaire": mini.get("prioritaire"),
        "sources": sources + [s for s in maxi.get("sources") or [] if s not in sources],
    }
    return [fusion, *reste]


def _critere(critere, entreprise):
    statut, texte = _comparer(critere, entreprise)
    confirme = est_confirme(critere.get("sources"))
    if critere.get("prioritaire"):
        # Jamais d'exclusion : la priorité s'affiche à part et ne change pas le statut.
        prefixe = {E: "prioritaire", N: "non prioritaire", V: "priorité inconnue"}[statut]
        atteint = {E: True, N: False, V: None}[statut] if confirme else None
        texte = f"{prefixe} : {texte}{'' if confirme else A_CONFIRMER}"
        return Verification(E, texte, confirme, prioritaire=True, atteint=atteint)
    return _selon_sources(Verification(statut, texte, confirme))


def _selon_sources(verification):
    """Ce qu'aucune source lue ne soutient ne tranche pas : « à vérifier »."""
    if verification.confirme or verification.statut == V:
        return verification
    return Verification(V, f"{verification.texte}{A_CONFIRMER}", confirme=False)


# --- Ce que le dispositif finance, face au projet ---------------------------------------------------------------


def _projet(dispositif, projet):
    objet = ObjetFinance(dispositif.finance).label
    confirme = dispositif.est_confirme("finance")
    if dispositif.est_general:
        return Verification(X, f"finance {objet} pour toute l'entreprise, pas un projet précis", confirme)
    if not projet.nature:
        return Verification(V, "nature du projet non renseignée dans le référentiel : à préciser avec votre conseiller")
    phrase = PHRASES_NATURE[NatureProjet(projet.nature)]
    if projet.nature in dispositif.projets:
        return _selon_sources(Verification(E, f"finance {objet}, adapté à {phrase}", confirme))
    return _selon_sources(Verification(X, f"finance {objet}, pas {phrase}", confirme))


# --- Calendrier -------------------------------------------------------------------------------------------------


def _jour(texte):
    return datetime.date.fromisoformat(texte)


def ouverture(dispositif, aujourdhui):
    """(vérification, prochaine fenêtre ou None) à la date `aujourdhui`."""
    calendrier = dispositif.calendrier or {}
    mode = dispositif.mode_calendrier
    if mode == ModeCalendrier.PERMANENT:
        texte = calendrier.get("texte") or "ouvert en continu, sans date limite de dépôt"
        return _selon_sources(Verification(E, texte, est_confirme(calendrier.get("sources")))), None
    if mode == ModeCalendrier.INCONNU:
        texte = calendrier.get("texte") or "ouverture à la date de votre demande : aucune date dans nos sources"
        return Verification(V, texte, est_confirme(calendrier.get("sources"))), None
    fenetres = sorted(calendrier.get("fenetres") or [], key=lambda f: f["ouverture"])
    for fenetre in fenetres:
        if _jour(fenetre["ouverture"]) <= aujourdhui <= _jour(fenetre["cloture"]):
            texte = f"{fenetre['libelle']} : dépôts ouverts jusqu'au {date_lisible(_jour(fenetre['cloture']))}"
            return _selon_sources(Verification(E, texte, est_confirme(fenetre.get("sources")))), None
    prochaine = next((f for f in fenetres if _jour(f["ouverture"]) > aujourdhui), None)
    texte = f"aucune fenêtre de dépôt ouverte au {date_lisible(aujourdhui)}"
    if prochaine:
        texte += (
            f" ; prochaine : {prochaine['libelle']}, du {date_lisible(_jour(prochaine['ouverture']))}"
            f" au {date_lisible(_jour(prochaine['cloture']))}"
        )
    elif fenetres:
        derniere = max(fenetres, key=lambda f: f["cloture"])
        texte += (
            f" ; la dernière connue ({derniere['libelle']}) a fermé le {date_lisible(_jour(derniere['cloture']))},"
            " aucune suivante annoncée"
        )
    # « Fermé » affirme qu'aucune fenêtre n'est ouverte : il faut que toutes soient sourcées par un document lu.
    confirme = bool(fenetres) and all(est_confirme(f.get("sources")) for f in fenetres)
    return _selon_sources(Verification(F, texte, confirme)), prochaine


# --- Évaluation -------------------------------------------------------------------------------------------------


def evaluer(dispositif, entreprise, *, aujourdhui, projet=None):
    """Statut du dispositif pour l'entreprise (et pour le projet s'il est donné), avec ses raisons."""
    verifications = []
    if projet is not None:
        verifications.append(_projet(dispositif, projet))
    criteres = [_critere(c, entreprise) for c in fusion_effectif(dispositif.criteres)]
    verifications += criteres
    calendrier, prochaine = ouverture(dispositif, aujourdhui)
    verifications.append(calendrier)
    verifications += [
        Verification(V, " ".join(c["texte"].split()), est_confirme(c.get("sources"))) for c in dispositif.conditions
    ]
    statut = max((v.statut for v in verifications if not v.prioritaire), key=GRAVITE.get)
    priorites = [v.atteint for v in criteres if v.prioritaire]
    prioritaire = None if not priorites or None in priorites else all(priorites)
    resultat = Eligibilite(
        dispositif=dispositif,
        statut=statut,
        verifications=verifications,
        prioritaire=prioritaire,
        projet=projet,
        prochaine_fenetre=prochaine,
    )
    if projet is not None and resultat.peut_aider:
        resultat.reste_a_charge = _reste(dispositif, projet)
    return resultat


# --- Reste à charge ---------------------------------------------------------------------------------------------

TRANCHES_COUT = {
    TrancheCout.MOINS_1K: (0, 1_000),
    TrancheCout.DE_1K_A_10K: (1_000, 10_000),
    TrancheCout.DE_10K_A_50K: (10_000, 50_000),
    TrancheCout.PLUS_50K: (50_000, None),
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


def chiffres_confirmes(dispositif, *chiffres):
    """Vrai si chacun des chiffres renseignés (taux, plafond, coût de référence…) vient d'une source lue ; un chiffre
    vide (un plafond absent) ne compte pas."""
    return all(dispositif.est_confirme(c) for c in chiffres if getattr(dispositif, c) is not None)


def _reste(dispositif, projet):
    bornes = reste_a_charge(dispositif, projet.cout)
    if bornes is None:
        return None
    confirme = chiffres_confirmes(dispositif, "taux", "plafond")
    return ResteACharge(tranche=projet.cout, minimum=bornes[0], maximum=bornes[1], confirme=confirme)
