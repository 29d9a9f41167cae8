"""Complétude d'une fiche solution : ce qu'une entreprise doit savoir avant de contacter un fournisseur.

Une fiche est « complète » quand elle dit qui la vend, combien elle coûte, où vont les données et si un accord RGPD
est proposé ; sinon elle est « sommaire ». Le score (0 à 100) classe les fiches à pertinence égale : une notice
importée sans fournisseur ne passe pas devant une fiche renseignée.
"""

from dataclasses import dataclass

from osezia.catalogue.enums import Deploiement, Hebergement, ModeleTarifaire, OrigineSolution, TranchePrix

# (clé, libellé de ce qui manque, décisif pour « fiche complète »)
CRITERES = (
    ("fournisseur", "le fournisseur", True),
    ("prix", "le prix", True),
    ("hebergement", "le lieu d'hébergement des données", True),
    ("rgpd", "l'accord de traitement des données (RGPD)", True),
    ("deploiement", "le mode de déploiement", False),
    ("references", "des références clients", False),
    ("description", "une description complète (la fiche importée n'en reprend qu'un extrait)", False),
)


@dataclass(frozen=True)
class Completude:
    score: int  # 0 à 100
    complete: bool
    manque: tuple  # libellés de ce qui manque

    @property
    def libelle(self):
        return "Fiche complète" if self.complete else "Fiche sommaire"

    def en_donnees(self):
        return {"score": self.score, "complete": self.complete, "manque": list(self.manque)}


def _presents(solution):
    return {
        "fournisseur": solution.fournisseur_id is not None,
        "prix": solution.modele_tarifaire != ModeleTarifaire.NON_COMMUNIQUE
        or solution.tranche_prix != TranchePrix.NON_COMMUNIQUE,
        "hebergement": solution.hebergement != Hebergement.NON_COMMUNIQUE,
        "rgpd": solution.dpa_rgpd is not None,
        "deploiement": solution.deploiement != Deploiement.NON_COMMUNIQUE,
        "references": bool(solution.references.strip()),
        "description": solution.origine != OrigineSolution.IMPORT,
    }


def completude(solution):
    presents = _presents(solution)
    score = round(100 * sum(presents.values()) / len(CRITERES))
    complete = all(presents[cle] for cle, _, decisif in CRITERES if decisif)
    manque = tuple(libelle for cle, libelle, _ in CRITERES if not presents[cle])
    return Completude(score=score, complete=complete, manque=manque)
