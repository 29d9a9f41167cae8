import json
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from osezia.recherche.facettes import TOUS_SECTEURS

# Classement par pertinence : les fiches d'au moins la moitié du score de la meilleure forment la tête de liste ; dans
# chaque part, l'adéquation au visiteur (son secteur, sa taille) puis la complétude de la fiche départagent, puis le
# score. Une notice sommaire à peine plus pertinente ne repousse pas une fiche complète hors de la première page.
BANDE_PERTINENCE = 0.5


def combiner(morceaux, minimum, et, ou):
    """Expression qui exige au moins `minimum` des `morceaux` : ET de tous, OU de tous, ou OU des ET de chaque
    combinaison de `minimum` morceaux (on ne s'en sert que pour « tous sauf un », soit n combinaisons)."""
    if minimum >= len(morceaux):
        return "(" + et.join(morceaux) + ")"
    if minimum <= 1:
        return "(" + ou.join(morceaux) + ")"
    return "(" + ou.join("(" + et.join(c) + ")" for c in combinations(morceaux, minimum)) + ")"


MARQUE_DEBUT = "\x02"
MARQUE_FIN = "\x03"


@dataclass
class Correspondances:
    """Ce qu'un moteur renvoie : la page demandée (id, type, score, carte, texte), le total, les comptes par facette
    (jeton « groupe:valeur » → nombre de documents), le palier retenu (nombre de mots exigés : le premier des paliers
    demandés qui trouve une fiche du type demandé, sans les autres filtres) et ce nombre de fiches. `connus` : les
    formes à vérifier que le lexique reconnaît, quand le moteur les a lues avec les résultats (None sinon)."""

    page: list[tuple[int, str, float, dict | None, str]]
    total: int
    comptes: dict[str, int]
    avec_les_mots: int
    palier: int
    connus: frozenset[str] | None = None


def lire_carte(valeur):
    """La carte telle que la base la rend : texte JSON (SQLite, et PostgreSQL par une connexion Django) ou None."""
    return json.loads(valeur) if isinstance(valeur, str) else valeur


def jetons_du_filtre(groupe, valeurs):
    """Les jetons qu'un document doit porter (l'un d'eux) pour passer le filtre d'un groupe."""
    jetons = [f"{groupe}:{v}" for v in valeurs]
    if groupe == "secteur":
        jetons.append(TOUS_SECTEURS)
    return jetons


class CompteurFacettes:
    """Compte les jetons de facettes de documents, de façon disjonctive : un jeton d'un groupe filtré est compté
    sur les documents qui passent tous les autres filtres ; un jeton d'un groupe non filtré, sur ceux qui les
    passent tous. Le masque d'un document dit quels filtres il passe."""

    def __init__(self, filtres):
        self.groupes = list(filtres)
        self.ensembles = [frozenset(filtres[g]) for g in self.groupes]
        self.complet = (1 << len(self.groupes)) - 1
        # Masque d'un document à qui il ne manque que le filtre du groupe g → préfixe des jetons de g.
        self.seul_manquant = {self.complet & ~(1 << i): g + ":" for i, g in enumerate(self.groupes)}
        self.comptes = Counter()

    def masque(self, jetons):
        valeur = 0
        for i, ensemble in enumerate(self.ensembles):
            if not ensemble.isdisjoint(jetons):
                valeur |= 1 << i
        return valeur

    def ajouter(self, jetons):
        """Compte un document ; renvoie vrai s'il passe tous les filtres."""
        masque = self.masque(jetons)
        if masque == self.complet:
            self.comptes.update(jetons)
            return True
        # Il manque un seul filtre : seuls les jetons de ce groupe-là sont comptés ; il en manque plus : aucun.
        prefixe = self.seul_manquant.get(masque)
        if prefixe:
            self.comptes.update(j for j in jetons if j.startswith(prefixe))
        return False
