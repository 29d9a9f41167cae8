"""Connaissance sectorielle (division NAF, affinée par métier) et adéquation d'un cas d'usage à la taille d'une
entreprise : les mêmes règles servent les pages Secteurs, l'API et le moteur de recommandation."""

import re
from dataclasses import dataclass, field

from osezia.cas_usage.enums import AdequationTaille
from osezia.referentiels.enums import CategorieTaille

TAILLES = (CategorieTaille.TPE, CategorieTaille.PME, CategorieTaille.ETI, CategorieTaille.GE)
# Seuils du décret n° 2008-1354 (effectif, chiffre d'affaires), pour estimer une taille quand la catégorie est
# inconnue (total de bilan non renseigné) : l'ordre de grandeur suffit pour savoir si un usage convient.
SEUILS = (
    (10, 2_000_000, CategorieTaille.TPE),
    (250, 50_000_000, CategorieTaille.PME),
    (5000, 1_500_000_000, CategorieTaille.ETI),
)
LIBELLES_TAILLE_COURTS = {
    CategorieTaille.TPE: "moins de 10 personnes",
    CategorieTaille.PME: "10 à 249 personnes",
    CategorieTaille.ETI: "250 à 4 999 personnes",
    CategorieTaille.GE: "5 000 personnes et plus",
}
QUALIFICATIFS = {3: "très fréquent", 2: "fréquent", 1: "utile"}


def codes_ancetres(code):
    """Le code et ses ancêtres sous la division, du plus précis au plus large : 10.71C → 10.71C, 10.71, 10.7."""
    code = (code or "").upper()
    if len(code) <= 2 or "." not in code:
        return []
    return [c for c in dict.fromkeys([code, code[:5], code[:4]]) if len(c) > 2]


def taille_entreprise(categorie=None, effectif=None, chiffre_affaires=None):
    """(TPE|PME|ETI|GE, estimée) : la catégorie du décret quand elle est connue, sinon une estimation par l'effectif
    et, s'il est connu, le chiffre d'affaires."""
    if categorie in TAILLES:
        return categorie, False
    if effectif is None:
        return None, False
    for effectif_max, chiffre_affaires_max, taille in SEUILS:
        if effectif < effectif_max and (chiffre_affaires is None or chiffre_affaires <= chiffre_affaires_max):
            return taille, True
    return CategorieTaille.GE, True


@dataclass(frozen=True)
class Adequation:
    """adaptee, sous-conditions (la condition à remplir et les signaux qui la montrent) ou inadaptee (la raison)."""

    statut: str
    texte: str = ""
    signaux: tuple = ()

    @property
    def adaptee(self):
        return self.statut == AdequationTaille.ADAPTEE

    @property
    def libelle(self):
        return AdequationTaille(self.statut).label


ADAPTEE = Adequation(AdequationTaille.ADAPTEE)


def adequation(*, tailles, effectif_min, raison_effectif, taille, effectif=None):
    """Adéquation d'un cas d'usage (ses champs `tailles`, `effectif_min`) à une taille et un effectif (None : inconnus,
    rien n'est écarté)."""
    if effectif_min and effectif is not None and effectif < effectif_min:
        return Adequation(AdequationTaille.INADAPTEE, raison_effectif)
    entree = (tailles or {}).get(taille) if taille else None
    if not entree:
        return ADAPTEE
    if entree["adequation"] == AdequationTaille.SOUS_CONDITIONS:
        return Adequation(AdequationTaille.SOUS_CONDITIONS, entree["condition"], tuple(entree["signaux"]))
    return Adequation(entree["adequation"], entree.get("raison", ""))


def adequation_du_cas(cas, taille, effectif=None):
    return adequation(
        tailles=cas.tailles,
        effectif_min=cas.effectif_min,
        raison_effectif=cas.raison_effectif,
        taille=taille,
        effectif=effectif,
    )


@dataclass(frozen=True)
class Connaissance:
    """Ce que le référentiel sait des usages d'un poste NAF : forces par cas d'usage et locution qui nomme le métier."""

    forces: dict
    locution: str
    metier: str = ""  # identifiant du métier quand la connaissance vient de metiers.yaml
    nom_metier: str = ""

    def raison(self, force):
        if not force:
            return ""
        return f"Usage {QUALIFICATIFS[force]} {self.locution}"


@dataclass
class ConnaissanceSectorielle:
    """Toute la connaissance sectorielle en mémoire (quelques milliers de lignes), lue une fois par processus."""

    divisions: dict = field(default_factory=dict)  # division → {cas: force}
    sections: dict = field(default_factory=dict)  # section → [divisions]
    codes_metiers: dict = field(default_factory=dict)  # code → (metier, locution)
    metiers: dict = field(default_factory=dict)  # metier → (nom, {cas: force})
    libelles: dict = field(default_factory=dict)  # code NAF → libellé
    appellations: frozenset = frozenset()  # noms de métiers (« plombier ») : jamais cités comme preuve d'un besoin

    @classmethod
    def depuis_la_base(cls):
        from osezia.cas_usage.models import CodeMetier, Metier, PertinenceMetier, PertinenceSectorielle
        from osezia.referentiels.models import SecteurNAF

        connaissance = cls()
        for division, cas, force in PertinenceSectorielle.objects.values_list(
            "division_id", "cas_usage__slug", "force"
        ):
            connaissance.divisions.setdefault(division, {})[cas] = force
        for code, section in SecteurNAF.objects.divisions().values_list("code", "section_id"):
            connaissance.sections.setdefault(section, []).append(code)
        noms = dict(Metier.objects.values_list("slug", "nom"))
        connaissance.appellations = frozenset(
            appellation for liste in Metier.objects.values_list("appellations", flat=True) for appellation in liste
        )
        forces = {slug: {} for slug in noms}
        for metier, cas, force in PertinenceMetier.objects.values_list("metier_id", "cas_usage__slug", "force"):
            forces[metier][cas] = force
        connaissance.metiers = {slug: (nom, forces[slug]) for slug, nom in noms.items()}
        connaissance.codes_metiers = {
            code: (metier, locution)
            for code, metier, locution in CodeMetier.objects.values_list("secteur_id", "metier_id", "locution")
        }
        connaissance.libelles = dict(SecteurNAF.objects.values_list("code", "libelle"))
        return connaissance

    def _libelle(self, code):
        """Le libellé NAF sans ses précisions entre parenthèses, qui ne se lisent pas entre d'autres parenthèses."""
        return re.sub(r"\s*\([^)]*\)", "", self.libelles.get(code, "")).strip()

    def _locution_activite(self, code):
        libelle = self._libelle(code)
        if not libelle:
            return "dans votre secteur"
        return f"dans votre activité ({libelle[0].lower()}{libelle[1:]})"

    def pour(self, code):
        """Connaissance pour un code NAF de tout niveau : le métier du code le plus précis s'il y en a un, sinon la
        division (ou, pour une section, la force la plus haute de ses divisions)."""
        code = (code or "").strip().upper()
        for candidat in codes_ancetres(code):
            if candidat in self.codes_metiers:
                metier, locution = self.codes_metiers[candidat]
                nom, forces = self.metiers[metier]
                return Connaissance(
                    forces=forces, locution=locution or self._locution_activite(code), metier=metier, nom_metier=nom
                )
        if code in self.sections:
            forces = {}
            for division in self.sections[code]:
                for cas, force in self.divisions.get(division, {}).items():
                    forces[cas] = max(force, forces.get(cas, 0))
            return Connaissance(forces=forces, locution="dans ce secteur")
        division = code[:2]
        if code == division:
            return Connaissance(forces=self.divisions.get(division, {}), locution=self._locution_division(division))
        return Connaissance(forces=self.divisions.get(division, {}), locution=self._locution_activite(code))

    def _locution_division(self, division):
        libelle = self._libelle(division)
        return f"dans votre secteur ({libelle[0].lower()}{libelle[1:]})" if libelle else "dans votre secteur"
