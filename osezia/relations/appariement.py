"""Appariement d'un besoin avec les solutions publiées et leurs fournisseurs.

Trois temps :
1. Contraintes dures, dans la base : solution publiée du cas d'usage, fournisseur identifié et pas écarté, hébergement,
   déploiement, prix contre budget, région quand il faut intervenir sur place ; puis, en Python sur les seules
   candidates, la taille d'entreprise, les certifications et les langues (listes JSON). Une information que la fiche
   ne donne pas n'écarte pas : elle est « à vérifier » et coûte des points.
2. Pertinence du texte du besoin pour chaque candidate, par le moteur de la recherche (ts_rank ou BM25).
3. Confiance : labels valides, complétude de la fiche, avis vérifiés publiés.
Le meilleur score d'un fournisseur porte sa proposition : une mise en relation est une entreprise et un fournisseur.
Chaque proposition dit pourquoi elle convient, ce qui ne convient pas et ce qui reste à vérifier."""

from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Avg, Count, Q

from osezia.catalogue.enums import Certification, Deploiement, Hebergement, Langue, TranchePrix
from osezia.catalogue.models import Solution
from osezia.recherche.models import MotLexique
from osezia.recherche.moteurs.sqlite import MoteurSQLite
from osezia.recherche.requete import analyser, cles_du_lexique, connus_parmi
from osezia.referentiels.enums import CategorieTaille
from osezia.relations.enums import Budget, HebergementExige
from osezia.utils.texte import forme_normale, mots, racine

# Prix mensuel minimum d'une tranche du catalogue, plafond d'un budget (en euros par mois).
PRIX_MINIMUM = {
    TranchePrix.GRATUIT: 0,
    TranchePrix.MOINS_50: 0,
    TranchePrix.DE_50_A_200: 50,
    TranchePrix.DE_200_A_1000: 200,
    TranchePrix.PLUS_1000: 1000,
}
PLAFOND_BUDGET = {Budget.MOINS_50: 50, Budget.DE_50_A_200: 200, Budget.DE_200_A_1000: 1000}
LIBELLES_TAILLE = {
    CategorieTaille.TPE: "les TPE",
    CategorieTaille.PME: "les PME",
    CategorieTaille.ETI: "les ETI",
    CategorieTaille.GE: "les grandes entreprises",
}
# Poids du score (sur 1) : la pertinence du texte d'abord, puis l'adéquation aux critères et la confiance.
POIDS_PERTINENCE = 0.45
POIDS_ADEQUATION = 0.15
POIDS_LABEL = 0.15
POIDS_COMPLETUDE = 0.15
POIDS_AVIS = 0.10
PENALITE_A_VERIFIER = 0.04


@dataclass
class Proposition:
    solution_id: int
    fournisseur_id: int
    score: float
    pertinence: float  # 0 à 1, relative à la meilleure candidate
    pourquoi: list = field(default_factory=list)
    ne_convient_pas: list = field(default_factory=list)
    a_verifier: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    completude: int = 0
    note_moyenne: float | None = None
    nombre_avis: int = 0
    autres_solutions: int = 0
    solution_nom: str = ""
    solution_slug: str = ""
    fournisseur_nom: str = ""
    est_demo: bool = False

    def en_donnees(self):
        return asdict(self)


def _filtre_hebergement(exige):
    if exige == HebergementExige.FRANCE:
        return ~Q(hebergement__in=[Hebergement.UE, Hebergement.HORS_UE])
    if exige == HebergementExige.UE:
        return ~Q(hebergement=Hebergement.HORS_UE)
    return Q()


def _tranches_hors_budget(budget):
    plafond = PLAFOND_BUDGET.get(budget)
    if plafond is None:
        return []
    return [tranche for tranche, minimum in PRIX_MINIMUM.items() if minimum >= plafond]


def _offre(besoin):
    """Les solutions publiées du cas d'usage, d'un fournisseur identifié, montrables à cette entreprise."""
    solutions = Solution.objects.publiees().filter(cas_usage=besoin.cas_usage_id, fournisseur__isnull=False)
    if not besoin.entreprise.est_demo:
        # Une vraie entreprise ne reçoit pas de fiche de démonstration.
        solutions = solutions.filter(est_demo=False, fournisseur__est_demo=False)
    return solutions


def offre_du_cas_usage(besoin):
    return _offre(besoin).exists()


def candidates(besoin, *, ecartes=(), parmi=None):
    """Les solutions qui passent les contraintes dures vérifiables en SQL, en tuples de valeurs."""
    solutions = (
        _offre(besoin)
        .filter(_filtre_hebergement(besoin.hebergement))
        .exclude(tranche_prix__in=_tranches_hors_budget(besoin.budget))
    )
    if ecartes:
        solutions = solutions.exclude(fournisseur__in=ecartes)
    if parmi is not None:
        solutions = solutions.filter(fournisseur__in=parmi)
    if besoin.sur_site:
        solutions = solutions.exclude(deploiement=Deploiement.SAAS)
    if besoin.intervention_sur_place and besoin.region_id:
        solutions = solutions.exclude(Q(fournisseur__region__isnull=False) & ~Q(fournisseur__region=besoin.region_id))
    return solutions.values_list(
        "pk", "fournisseur_id", "tailles_cibles", "certifications", "langues", "hebergement", "deploiement",
        "tranche_prix", "fournisseur__region_id",
    )  # fmt: skip


def _criteres(besoin, ligne, taille, libelle_region):
    """(écartée, pourquoi, à vérifier, critères satisfaits, critères examinés) d'une candidate."""
    _, _, tailles, certifications, langues, hebergement, deploiement, tranche, region_id = ligne
    pourquoi, a_verifier, satisfaits, examines = [], [], 0, 0
    if taille in LIBELLES_TAILLE:
        examines += 1
        if not tailles:
            a_verifier.append("La fiche ne dit pas à quelles tailles d'entreprise la solution s'adresse.")
        elif taille in tailles:
            satisfaits += 1
            pourquoi.append(f"Conçue pour {LIBELLES_TAILLE[taille]}.")
        else:
            return True, [], [], 0, 0
    manquantes = [c for c in besoin.certifications if c not in certifications]
    if manquantes:
        return True, [], [], 0, 0
    if besoin.certifications:
        examines += 1
        satisfaits += 1
        noms = ", ".join(Certification(c).label for c in besoin.certifications)
        pourquoi.append(f"Certifications demandées déclarées : {noms}.")
    for langue in besoin.langues:
        examines += 1
        if not langues:
            a_verifier.append(f"La fiche ne dit pas si la solution existe en {Langue(langue).label.lower()}.")
        elif langue in langues:
            satisfaits += 1
        else:
            return True, [], [], 0, 0
    if besoin.langues and all(lg in langues for lg in besoin.langues):
        pourquoi.append("Disponible dans les langues demandées.")
    if besoin.hebergement != HebergementExige.INDIFFERENT:
        examines += 1
        if hebergement == Hebergement.NON_COMMUNIQUE:
            a_verifier.append("La fiche ne dit pas où les données sont hébergées.")
        else:
            satisfaits += 1
            pourquoi.append(f"Données hébergées {Hebergement(hebergement).label.lower()}.")
    elif hebergement == Hebergement.FRANCE:
        pourquoi.append("Données hébergées en France.")
    if besoin.sur_site:
        examines += 1
        if deploiement == Deploiement.NON_COMMUNIQUE:
            a_verifier.append("La fiche ne dit pas si la solution s'installe chez vous.")
        else:
            satisfaits += 1
            pourquoi.append("S'installe chez vous.")
    if besoin.budget in PLAFOND_BUDGET:
        examines += 1
        if tranche in (TranchePrix.NON_COMMUNIQUE, TranchePrix.SUR_DEVIS):
            a_verifier.append("Prix sur devis ou non communiqué : à comparer avec votre budget.")
        else:
            satisfaits += 1
            pourquoi.append(f"Prix compatible avec votre budget ({TranchePrix(tranche).label.lower()}).")
    if besoin.intervention_sur_place and besoin.region_id:
        examines += 1
        if region_id is None:
            a_verifier.append("La fiche ne dit pas dans quelle région le fournisseur est installé.")
        else:
            satisfaits += 1
            pourquoi.append(f"Fournisseur installé en {libelle_region}.")
    return False, pourquoi, a_verifier, satisfaits, examines


def analyse_du_besoin(besoin):
    """Les mots de la description du besoin, moins ceux du titre de son cas d'usage : toutes les candidates en sont
    (le document d'une solution reprend le titre de ses cas d'usage), ils ne départagent rien."""
    analyse = analyser(besoin.description)
    communs = {racine(m) for m in mots(besoin.cas_usage.titre)}
    termes = [t for t in analyse.termes if t.est_expression or not set(t.racines) <= communs]
    # Un mot absent du lexique de l'index (« voudrions », « passons ») ne peut rien trouver : il ne coûte que du temps.
    formes = {forme_normale(t.mots[0]) for t in termes if not t.est_expression}
    formes_triees, racines = cles_du_lexique(formes)
    lignes = MotLexique.objects.filter(Q(mot__in=formes_triees) | Q(racine__in=racines)).values_list("mot", "racine")
    connus = connus_parmi(formes, lignes) if formes else set()
    analyse.termes = [t for t in termes if t.est_expression or forme_normale(t.mots[0]) in connus]
    return analyse


@dataclass
class Classee:
    """Une candidate retenue et classée, avant ses explications : la meilleure solution d'un fournisseur."""

    solution_id: int
    fournisseur_id: int
    score: float
    pertinence: float
    completude: int
    labels: list
    autres_solutions: int
    note_moyenne: float | None
    nombre_avis: int


def _examines(besoin, taille):
    """Le nombre de critères examinés, le même pour toutes les candidates d'un besoin."""
    return sum(
        [
            taille in LIBELLES_TAILLE,
            bool(besoin.certifications),
            len(besoin.langues),
            besoin.hebergement != HebergementExige.INDIFFERENT,
            besoin.sur_site,
            besoin.budget in PLAFOND_BUDGET,
            bool(besoin.intervention_sur_place and besoin.region_id),
        ]
    )


def _score(*, pertinence, adequation, label, completude, a_verifier, moyenne):
    return (
        POIDS_PERTINENCE * pertinence
        + POIDS_ADEQUATION * adequation
        + POIDS_LABEL * bool(label)
        + POIDS_COMPLETUDE * completude / 100
        - PENALITE_A_VERIFIER * a_verifier
        + POIDS_AVIS * (moyenne or 0) / 5
    )


def _notes(fournisseurs):
    from osezia.relations.models import Avis

    lignes = (
        Avis.objects.publies()
        .filter(fournisseur__in=list(fournisseurs))
        .values("fournisseur")
        .annotate(moyenne=Avg("note"), nombre=Count("pk"))
    )
    return {ligne["fournisseur"]: (ligne["moyenne"], ligne["nombre"]) for ligne in lignes}


def _classer_en_python(besoin, analyse, ecartes, nombre, parmi=None):
    """SQLite (démonstration, poste de développement) : candidates en SQL, critères et score en Python."""
    taille = besoin.entreprise.categorie_taille
    retenues = {}
    for ligne in candidates(besoin, ecartes=ecartes, parmi=parmi):
        ecartee, _, a_verifier, satisfaits, examines = _criteres(besoin, ligne, taille, "")
        if not ecartee:
            retenues[ligne[0]] = (ligne[1], len(a_verifier), satisfaits / examines if examines else 1.0)
    if not retenues:
        return []
    documents = MoteurSQLite().documents_des_solutions(analyse, list(retenues))
    meilleure = max((d[0] for d in documents.values()), default=0.0) or 1.0
    notes = _notes({fournisseur for fournisseur, _, _ in retenues.values()})
    par_fournisseur, nombres = {}, {}
    for solution_id, (fournisseur_id, a_verifier, adequation) in retenues.items():
        if solution_id not in documents:  # pas encore indexée : la recherche ne la montre pas non plus
            continue
        pertinence, completude, jetons = documents[solution_id]
        labels = sorted(j.removeprefix("label:") for j in jetons if j.startswith("label:"))
        moyenne, nombre_avis = notes.get(fournisseur_id, (None, 0))
        score = _score(pertinence=pertinence / meilleure, adequation=adequation, label=labels, completude=completude,
                       a_verifier=a_verifier, moyenne=moyenne)  # fmt: skip
        classee = Classee(solution_id, fournisseur_id, score, pertinence / meilleure, completude, labels, 0, moyenne,
                          nombre_avis)  # fmt: skip
        nombres[fournisseur_id] = nombres.get(fournisseur_id, 0) + 1
        actuelle = par_fournisseur.get(fournisseur_id)
        if actuelle is None or (score, -solution_id) > (actuelle.score, -actuelle.solution_id):
            par_fournisseur[fournisseur_id] = classee
    for classee in par_fournisseur.values():
        classee.autres_solutions = nombres[classee.fournisseur_id] - 1
    return sorted(par_fournisseur.values(), key=lambda c: (-c.score, c.solution_id))[:nombre]


def proposer(besoin, *, ecartes=(), nombre=None, parmi=None):
    """Les propositions classées (la meilleure d'abord), une par fournisseur, au plus `nombre` ; `parmi` : les seuls
    fournisseurs à considérer (les inscrits d'un rendez-vous d'affaires)."""
    nombre = nombre or settings.OSEZIA["RELATIONS_PROPOSITIONS_MAX"]
    analyse = analyse_du_besoin(besoin)
    if connection.vendor == "postgresql":
        from osezia.relations.appariement_sql import classer_en_sql

        classees = classer_en_sql(besoin, analyse, ecartes, nombre, parmi)
    else:
        classees = _classer_en_python(besoin, analyse, ecartes, nombre, parmi)
    return _expliquer(besoin, classees, texte_compare=not analyse.vide)


def _expliquer(besoin, classees, *, texte_compare):
    """Les propositions des seules candidates retenues : critères relus pour dire pourquoi, noms et adresses."""
    from osezia.labels.models import RegimeLabel

    if not classees:
        return []
    taille = besoin.entreprise.categorie_taille
    libelle_region = besoin.region.nom if besoin.region_id else ""
    solutions = Solution.objects.select_related("fournisseur").in_bulk([c.solution_id for c in classees])
    codes = {code for c in classees for code in c.labels}
    noms_labels = dict(RegimeLabel.objects.filter(code__in=codes).values_list("code", "nom")) if codes else {}
    propositions = []
    for classee in classees:
        solution = solutions[classee.solution_id]
        ligne = (solution.pk, solution.fournisseur_id, solution.tailles_cibles, solution.certifications,
                 solution.langues, solution.hebergement, solution.deploiement, solution.tranche_prix,
                 solution.fournisseur.region_id)  # fmt: skip
        _, pourquoi, a_verifier, _, _ = _criteres(besoin, ligne, taille, libelle_region)
        proposition = Proposition(
            solution_id=solution.pk, fournisseur_id=solution.fournisseur_id, score=round(classee.score, 4),
            pertinence=round(classee.pertinence, 3), pourquoi=pourquoi, a_verifier=a_verifier,
            labels=[noms_labels.get(code, code) for code in classee.labels], completude=classee.completude,
            note_moyenne=round(classee.note_moyenne, 1) if classee.note_moyenne is not None else None,
            nombre_avis=classee.nombre_avis, autres_solutions=classee.autres_solutions, solution_nom=solution.nom,
            solution_slug=solution.slug, fournisseur_nom=solution.fournisseur.nom,
            est_demo=solution.est_demo or solution.fournisseur.est_demo,
        )  # fmt: skip
        if not texte_compare:
            pass
        elif proposition.pertinence == 0:
            proposition.ne_convient_pas.append("Sa description ne reprend aucun mot de votre besoin.")
        elif proposition.pertinence >= 0.5:
            proposition.pourquoi.insert(0, "Sa description répond aux mots de votre besoin.")
        if proposition.labels:
            proposition.pourquoi.append("Label de confiance vérifié : " + ", ".join(proposition.labels) + ".")
        completude = solution.completude
        if not completude.complete:
            proposition.ne_convient_pas.append("Fiche sommaire : il manque " + ", ".join(completude.manque) + ".")
        if proposition.nombre_avis:
            pluriel = "s" if proposition.nombre_avis > 1 else ""
            proposition.pourquoi.append(
                f"Note de {proposition.note_moyenne} sur 5 ({proposition.nombre_avis} avis vérifié{pluriel})."
            )
        if proposition.est_demo:
            proposition.a_verifier.insert(0, "Fiche de démonstration : ce fournisseur n'existe pas.")
        propositions.append(proposition)
    return propositions
