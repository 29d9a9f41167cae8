"""Les facettes de la recherche : groupes, valeurs possibles et libellés.

Un document porte des jetons « groupe:valeur » (colonne `facettes`). Dans un groupe, plusieurs valeurs
cochées s'additionnent (OU) ; d'un groupe à l'autre, elles se cumulent (ET).
"""

from dataclasses import dataclass

from osezia.catalogue.enums import Certification, Hebergement, TailleCible, TranchePrix
from osezia.recherche.enums import TypeDocument

# Un document valable pour tous les secteurs porte ce jeton : il répond à tout filtre sectoriel.
TOUS_SECTEURS = "secteur:tous"


@dataclass(frozen=True)
class Groupe:
    cle: str
    libelle: str
    # Types de documents que ce groupe peut décrire ; filtrer sur lui écarte les autres types.
    types: tuple[str, ...]


GROUPES = [
    Groupe("type", "Type de fiche", (TypeDocument.CAS_USAGE, TypeDocument.SOLUTION)),
    Groupe("fonction", "Fonction de l'entreprise", (TypeDocument.CAS_USAGE, TypeDocument.SOLUTION)),
    Groupe("secteur", "Secteur d'activité", (TypeDocument.CAS_USAGE, TypeDocument.SOLUTION)),
    Groupe("cas", "Cas d'usage", (TypeDocument.SOLUTION,)),
    Groupe("taille", "Taille d'entreprise visée", (TypeDocument.SOLUTION,)),
    Groupe("prix", "Tranche de prix", (TypeDocument.SOLUTION,)),
    Groupe("hebergement", "Hébergement des données", (TypeDocument.SOLUTION,)),
    Groupe("certification", "Certification", (TypeDocument.SOLUTION,)),
    Groupe("label", "Label vérifié", (TypeDocument.SOLUTION,)),
]
GROUPES_PAR_CLE = {g.cle: g for g in GROUPES}


def jeton(groupe, valeur):
    return f"{groupe}:{valeur}"


def libelles_statiques():
    return {
        "type": dict(TypeDocument.choices),
        "taille": dict(TailleCible.choices),
        "prix": dict(TranchePrix.choices),
        "hebergement": dict(Hebergement.choices),
        "certification": dict(Certification.choices),
    }
