"""Planification des rendez-vous d'affaires d'un événement, par le solveur CP-SAT d'OR-Tools.

Module pur (aucun accès à la base) : des dataclasses en entrée (`Probleme`), des dataclasses en sortie
(`Resultat`). Les pages, l'API et le service `rendezvous.services` construisent l'entrée et enregistrent la sortie.

Modèle. Une variable booléenne x[s, c] par souhait s (entreprise × fournisseur) et par créneau c où les deux sont
disponibles : rien n'est créé pour les couples impossibles. Une variable o[p, c] par participant et créneau
(occupé ou non) relie les souhaits du participant et porte les contraintes de pause.

- objectif : maximiser la somme des poids des souhaits satisfaits (voir `Poids`) ;
- chaque souhait donne au plus un rendez-vous ;
- au plus un rendez-vous par participant et par créneau (o[p, c] = somme des x[s, c] de p, o booléen) ;
- un rendez-vous seulement sur un créneau où les deux participants sont disponibles (domaine des x) ;
- au plus `tables` rendez-vous par créneau ;
- au plus `max_rendez_vous` rendez-vous par participant ;
- pause : voir `MAX_CONSECUTIFS` — deux règles, toutes deux exigées :
  1. chacun garde au moins un de ses créneaux disponibles sans rendez-vous (total ≤ disponibilités − 1) ;
  2. jamais plus de `MAX_CONSECUTIFS` rendez-vous d'affilée : dans toute fenêtre de MAX_CONSECUTIFS + 1 créneaux
     consécutifs d'une même séance, un créneau au moins est libre. Les séances sont séparées par les pauses
     déclarées par l'événement (`Creneau.pause_avant`, par exemple le déjeuner), qui remettent le compte à zéro ;
- les rendez-vous déjà notifiés (`Probleme.notifies`) sont gardés tels quels (même couple, même créneau), sauf si
  l'un des deux participants s'est désisté (il n'est plus dans `participants`) : ils sont alors rendus dans
  `Resultat.rendez_vous_annules`.

La limite de temps arrête le solveur ; il rend alors la meilleure solution trouvée avec sa borne supérieure
(`BestObjectiveBound`) et l'écart relatif entre les deux. Une solution gloutonne sert d'indication de départ
(`AddHint`) : le solveur part d'un planning complet et ne fait que l'améliorer.
"""

import os
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace

import numpy
from ortools.graph.python import min_cost_flow
from ortools.sat.python import cp_model

from osezia.rendezvous.enums import NatureParticipant, StatutPlanification

# Une séance ne compte jamais plus de 4 rendez-vous d'affilée (1 h 20 en créneaux de 20 minutes).
MAX_CONSECUTIFS = 4
PRIORITES = (1, 2, 3)  # 1 = la plus forte
LIMITE_SECONDES = 30.0


@dataclass(frozen=True)
class Poids:
    """Poids d'un souhait satisfait : `par_priorite[priorité]`, multiplié par `mutuel` quand les deux côtés le
    demandent. Par défaut 3, 2 ou 1 selon la priorité, doublé si mutuel : un souhait mutuel de priorité 2 (4) passe
    devant un souhait unilatéral de priorité 1 (3), un mutuel de priorité 3 (2) derrière lui."""

    par_priorite: dict = field(default_factory=lambda: {1: 3, 2: 2, 3: 1})
    mutuel: int = 2

    def de(self, souhait):
        return self.par_priorite[souhait.priorite] * (self.mutuel if souhait.mutuel else 1)


@dataclass(frozen=True)
class Creneau:
    id: int
    # Pause déclarée par l'événement juste avant ce créneau (café, déjeuner) : elle commence une nouvelle séance.
    pause_avant: bool = False


@dataclass(frozen=True)
class Participant:
    id: int
    nature: NatureParticipant
    disponibilites: frozenset  # identifiants des créneaux où il est disponible
    max_rendez_vous: int
    nom: str = ""

    @property
    def libelle(self):
        return f"« {self.nom} »" if self.nom else f"le participant n° {self.id}"


@dataclass(frozen=True)
class Souhait:
    entreprise: int
    fournisseur: int
    mutuel: bool = False
    priorite: int = 2

    @property
    def couple(self):
        return (self.entreprise, self.fournisseur)


@dataclass(frozen=True, order=True)
class RendezVous:
    creneau: int
    entreprise: int
    fournisseur: int

    @property
    def couple(self):
        return (self.entreprise, self.fournisseur)


@dataclass(frozen=True)
class Probleme:
    creneaux: tuple  # de Creneau, dans l'ordre de la journée
    tables: int  # rendez-vous simultanés possibles sur un créneau
    participants: tuple  # de Participant
    souhaits: tuple  # de Souhait
    notifies: tuple = ()  # de RendezVous déjà annoncés aux participants
    # Créneaux passés, le jour même : ils gardent leurs rendez-vous notifiés mais n'en reçoivent plus de nouveaux.
    creneaux_fermes: frozenset = frozenset()
    limite_secondes: float = LIMITE_SECONDES
    poids: Poids = field(default_factory=Poids)
    max_consecutifs: int = MAX_CONSECUTIFS
    workers: int = 0  # 0 : autant que de processeurs (8 au plus)
    graine: int = 0


@dataclass(frozen=True)
class Resultat:
    rendez_vous: tuple  # de RendezVous, triés par créneau
    objectif: int
    # Borne supérieure prouvée de l'objectif : la plus petite de celle du solveur et de la relaxation sans créneaux.
    borne: float
    borne_solveur: float  # BestObjectiveBound() de CP-SAT à l'arrêt
    ecart: float  # (borne − objectif) / borne, 0 si optimal
    statut: StatutPlanification
    duree_secondes: float
    souhaits_sans_creneau_commun: tuple = ()  # de Souhait : les deux n'ont aucun créneau de libre en commun
    rendez_vous_annules: tuple = ()  # de RendezVous notifiés dont un participant s'est désisté

    @property
    def ratio(self):
        return self.objectif / self.borne if self.borne else 1.0


class PlanificationImpossible(ValueError):
    """Entrée incohérente ou planning impossible ; `messages` en français, à montrer tels quels."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__(" ".join(self.messages))


def _verifier(probleme):
    """Toutes les erreurs de l'entrée d'un coup, en français ; renvoie les index utiles au modèle."""
    erreurs = []
    ids_creneaux = [c.id for c in probleme.creneaux]
    if not ids_creneaux:
        erreurs.append("L'événement n'a aucun créneau de rendez-vous.")
    if len(set(ids_creneaux)) != len(ids_creneaux):
        erreurs.append("Deux créneaux de l'événement portent le même identifiant.")
    if probleme.tables < 1:
        erreurs.append("L'événement doit avoir au moins une table de rendez-vous.")
    if probleme.limite_secondes <= 0:
        erreurs.append("La limite de temps du calcul doit être positive.")
    if probleme.max_consecutifs < 1:
        erreurs.append("Le nombre de rendez-vous d'affilée permis doit être d'au moins 1.")
    connus = set(ids_creneaux)
    participants = {}
    for p in probleme.participants:
        if p.id in participants:
            erreurs.append(f"{p.libelle} est inscrit deux fois.")
        participants[p.id] = p
        if not p.disponibilites:
            erreurs.append(f"{p.libelle} n'a indiqué aucun créneau de disponibilité.")
        elif not p.disponibilites <= connus:
            erreurs.append(f"{p.libelle} est disponible sur un créneau qui n'existe pas dans l'événement.")
        if p.max_rendez_vous < 0:
            erreurs.append(f"Le nombre maximal de rendez-vous de {p.libelle} ne peut pas être négatif.")

    def nature_attendue(ident, nature, role):
        p = participants.get(ident)
        if p is None:
            erreurs.append(f"Le {role} n° {ident} d'un souhait n'est pas inscrit à l'événement.")
        elif p.nature != nature:
            erreurs.append(f"{p.libelle} n'est pas inscrit comme {role}.")
        return p is not None and p.nature == nature

    couples = set()
    for s in probleme.souhaits:
        valide = nature_attendue(s.entreprise, NatureParticipant.ENTREPRISE, "entreprise")
        valide &= nature_attendue(s.fournisseur, NatureParticipant.FOURNISSEUR, "fournisseur")
        if s.priorite not in probleme.poids.par_priorite:
            erreurs.append(f"La priorité {s.priorite} d'un souhait n'existe pas (1, 2 ou 3).")
        if valide and s.couple in couples:
            erreurs.append(
                f"Le souhait entre {participants[s.entreprise].libelle} et {participants[s.fournisseur].libelle} "
                "est présent deux fois."
            )
        couples.add(s.couple)
    demandes = len(couples)
    capacite = len(ids_creneaux) * max(probleme.tables, 0)
    if ids_creneaux and probleme.tables >= 1 and demandes > capacite:
        erreurs.append(
            f"Les souhaits demandent {demandes} rendez-vous, mais l'événement n'en permet que {capacite} "
            f"({len(ids_creneaux)} créneaux × {probleme.tables} tables) : ajoutez des tables ou des créneaux."
        )
    if erreurs:
        raise PlanificationImpossible(erreurs)
    return participants


def _verifier_notifies(probleme, participants):
    """Les rendez-vous notifiés gardés, et ceux qu'un désistement annule ; erreur s'ils se contredisent."""
    gardes, annules, erreurs = [], [], []
    par_place, par_creneau, couples = set(), defaultdict(int), set()
    creneaux = {c.id for c in probleme.creneaux}
    for rdv in probleme.notifies:
        if rdv.entreprise not in participants or rdv.fournisseur not in participants:
            annules.append(rdv)
            continue
        libelles = f"{participants[rdv.entreprise].libelle} et {participants[rdv.fournisseur].libelle}"
        if rdv.creneau not in creneaux:
            erreurs.append(f"Le rendez-vous notifié entre {libelles} est sur un créneau qui n'existe plus.")
            continue
        for ident in rdv.couple:
            p = participants[ident]
            if rdv.creneau not in p.disponibilites:
                erreurs.append(
                    f"Le rendez-vous notifié entre {libelles} tombe sur un créneau où {p.libelle} n'est plus "
                    "disponible : annulez-le avant de replanifier."
                )
            if (ident, rdv.creneau) in par_place:
                erreurs.append(f"{p.libelle} a deux rendez-vous notifiés sur le même créneau.")
            par_place.add((ident, rdv.creneau))
        if rdv.couple in couples:
            erreurs.append(f"{libelles} ont deux rendez-vous notifiés.")
        couples.add(rdv.couple)
        par_creneau[rdv.creneau] += 1
        gardes.append(rdv)
    if any(n > probleme.tables for n in par_creneau.values()):
        erreurs.append("Un créneau compte plus de rendez-vous notifiés que de tables.")
    if erreurs:
        raise PlanificationImpossible(erreurs)
    return gardes, annules


def _fenetres(probleme):
    """Les fenêtres de max_consecutifs + 1 créneaux consécutifs d'une même séance (tuples d'identifiants)."""
    k = probleme.max_consecutifs + 1
    return [tuple(s[i : i + k]) for s in _seances(probleme) for i in range(len(s) - k + 1)]


def _seances(probleme):
    seances, courante = [], []
    for c in probleme.creneaux:
        if c.pause_avant and courante:
            seances.append(courante)
            courante = []
        courante.append(c.id)
    seances.append(courante)
    return seances


def _plafonds(probleme, participants):
    """Le nombre de rendez-vous que chacun peut tenir : son maximum, une disponibilité libre au moins (pause n° 1),
    et, dans chaque suite de L créneaux disponibles d'affilée d'une séance, L − ⌊L / (k + 1)⌋ au plus (pause n° 2,
    k = max_consecutifs). Contrainte redondante avec les fenêtres, mais agrégée : elle resserre la borne."""
    k = probleme.max_consecutifs
    seances = _seances(probleme)
    plafonds = {}
    for ident, p in participants.items():
        tenables = 0
        for seance in seances:
            suite = 0
            for creneau in [*seance, None]:
                if creneau is not None and creneau in p.disponibilites:
                    suite += 1
                else:
                    tenables += suite - suite // (k + 1)
                    suite = 0
        plafonds[ident] = max(0, min(p.max_rendez_vous, len(p.disponibilites) - 1, tenables))
    return plafonds


def _glouton(probleme, plafonds, candidats, poids, fixes, fenetres_de, retenus):
    """Planning de départ : d'abord les souhaits `retenus` (ceux de la borne sans créneaux), du moins au plus
    souple (nombre de créneaux possibles), puis les autres du plus lourd au plus léger ; chacun sur le premier
    créneau où il tient."""
    occupe = set()  # (participant, créneau)
    par_creneau = defaultdict(int)
    nombre = defaultdict(int)
    choix = {}
    for index, creneau in fixes.items():
        for ident in candidats[index][1]:
            occupe.add((ident, creneau))
            nombre[ident] += 1
        par_creneau[creneau] += 1
        choix[index] = creneau

    def pause_respectee(ident, creneau):
        for fenetre in fenetres_de.get(creneau, ()):
            if sum((ident, c) in occupe for c in fenetre) >= probleme.max_consecutifs:
                return False
        return True

    ordre = sorted(
        (i for i in range(len(candidats)) if i not in fixes),
        key=lambda i: (i not in retenus, len(candidats[i][0]) if i in retenus else -poids[i], i),
    )
    for index in ordre:
        domaine, couple = candidats[index]
        if any(nombre[ident] >= plafonds[ident] for ident in couple):
            continue
        for creneau in domaine:
            if par_creneau[creneau] >= probleme.tables:
                continue
            if any((ident, creneau) in occupe for ident in couple):
                continue
            if not all(pause_respectee(ident, creneau) for ident in couple):
                continue
            for ident in couple:
                occupe.add((ident, creneau))
                nombre[ident] += 1
            par_creneau[creneau] += 1
            choix[index] = creneau
            break
    return choix


class _ArretALaBorne(cp_model.CpSolverSolutionCallback):
    """Arrête la recherche dès qu'une solution atteint la borne de la relaxation : elle est alors optimale."""

    def __init__(self, borne):
        super().__init__()
        self.borne = borne

    def on_solution_callback(self):
        if self.objective_value >= self.borne:
            self.stop_search()


def _borne_sans_creneaux(probleme, plafonds, candidats, poids, fixes):
    """Relaxation : quels souhaits satisfaire si l'on oubliait les créneaux (plafond de chacun, total ≤ créneaux ×
    tables). C'est un b-couplage biparti, donc un flot de coût minimal, résolu exactement en quelques millisecondes :
    source → entreprise (plafond) → fournisseur (1 par souhait, coût −poids) → puits (plafond), plus un arc direct
    source → puits de coût nul pour le flot inutilisé. Son optimum majore celui du planning.

    Les rendez-vous notifiés sont retirés d'avance (plafonds diminués, poids ajouté). Renvoie (borne, retenus)."""
    reste = dict(plafonds)
    borne = 0
    for i in fixes:
        borne += poids[i]
        for ident in candidats[i][1]:
            reste[ident] -= 1
    libres = [i for i in range(len(candidats)) if i not in fixes and all(reste[p] > 0 for p in candidats[i][1])]
    noeud = {ident: n + 2 for n, ident in enumerate(reste)}  # 0 : source, 1 : puits
    debuts, fins, capacites, couts = [], [], [], []

    def arc(debut, fin, capacite, cout):
        debuts.append(debut)
        fins.append(fin)
        capacites.append(capacite)
        couts.append(cout)

    for i in libres:
        entreprise, fournisseur = candidats[i][1]
        arc(noeud[entreprise], noeud[fournisseur], 1, -poids[i])
    for entreprise in sorted({candidats[i][1][0] for i in libres}):
        arc(0, noeud[entreprise], reste[entreprise], 0)
    for fournisseur in sorted({candidats[i][1][1] for i in libres}):
        arc(noeud[fournisseur], 1, reste[fournisseur], 0)
    flot = max(0, len(probleme.creneaux) * probleme.tables - len(fixes))
    arc(0, 1, flot, 0)
    solveur = min_cost_flow.SimpleMinCostFlow()
    arcs = solveur.add_arcs_with_capacity_and_unit_cost(
        numpy.array(debuts), numpy.array(fins), numpy.array(capacites), numpy.array(couts)
    )
    solveur.set_node_supply(0, flot)
    solveur.set_node_supply(1, -flot)
    if solveur.solve() != solveur.OPTIMAL:
        return borne + sum(poids[i] for i in libres), set()
    flux = solveur.flows(arcs[: len(libres)])
    return borne - solveur.optimal_cost(), {i for i, f in zip(libres, flux, strict=True) if f > 0}


def planifier(probleme):
    """Le meilleur planning trouvé dans la limite de temps ; lève `PlanificationImpossible` (messages en français)
    si l'entrée est incohérente ou si les rendez-vous notifiés rendent toute solution impossible."""
    debut = time.perf_counter()
    participants = _verifier(probleme)
    gardes, annules = _verifier_notifies(probleme, participants)
    ordre = {c.id: i for i, c in enumerate(probleme.creneaux)}
    notifie_de = {rdv.couple: rdv.creneau for rdv in gardes}

    # candidats[i] = (créneaux possibles, (entreprise, fournisseur)) ; poids[i] ; un souhait par couple.
    candidats, poids, sans_creneau = [], [], []
    souhaites = set()
    for s in probleme.souhaits:
        souhaites.add(s.couple)
        if s.couple in notifie_de:
            domaine = [notifie_de[s.couple]]
        else:
            communs = participants[s.entreprise].disponibilites & participants[s.fournisseur].disponibilites
            communs -= probleme.creneaux_fermes
            domaine = sorted(communs, key=ordre.__getitem__)
            if not domaine:
                sans_creneau.append(s)
                continue
        candidats.append((domaine, s.couple))
        poids.append(probleme.poids.de(s))
    # Un rendez-vous notifié dont le souhait a été retiré reste au planning, sans compter dans l'objectif.
    for rdv in gardes:
        if rdv.couple not in souhaites:
            candidats.append(([rdv.creneau], rdv.couple))
            poids.append(0)
    fixes = {i: candidats[i][0][0] for i in range(len(candidats)) if candidats[i][1] in notifie_de}
    plafonds = _plafonds(probleme, participants)
    for i in fixes:
        for ident in candidats[i][1]:
            plafonds[ident] = max(plafonds[ident], sum(1 for j in fixes if ident in candidats[j][1]))
    workers = probleme.workers or min(8, os.cpu_count() or 1)
    borne_relachee, retenus = _borne_sans_creneaux(probleme, plafonds, candidats, poids, fixes)

    modele = cp_model.CpModel()
    x = {}
    du_participant = defaultdict(lambda: defaultdict(list))  # participant -> créneau -> variables
    par_creneau = defaultdict(list)
    termes = []
    for i, (domaine, couple) in enumerate(candidats):
        variables = []
        for creneau in domaine:
            v = modele.new_bool_var(f"x{i}_{creneau}")
            x[i, creneau] = v
            variables.append(v)
            par_creneau[creneau].append(v)
            for ident in couple:
                du_participant[ident][creneau].append(v)
            if poids[i]:
                termes.append((v, poids[i]))
        if i in fixes:
            modele.add(variables[0] == 1)
        elif len(variables) > 1:
            modele.add_at_most_one(variables)

    fenetres = _fenetres(probleme)
    fenetres_de = defaultdict(list)
    for fenetre in fenetres:
        for creneau in fenetre:
            fenetres_de[creneau].append(fenetre)
    agreges = {}  # les o[p, c] qui somment plusieurs souhaits
    for ident, par_c in du_participant.items():
        occupe = {}
        for creneau, variables in par_c.items():
            if len(variables) == 1:
                occupe[creneau] = variables[0]
            else:
                o = modele.new_bool_var(f"o{ident}_{creneau}")
                modele.add(o == cp_model.LinearExpr.sum(variables))
                occupe[creneau] = o
                agreges[ident, creneau] = o
        if len(occupe) > plafonds[ident]:
            modele.add(cp_model.LinearExpr.sum(list(occupe.values())) <= plafonds[ident])
        for fenetre in fenetres:
            dans = [occupe[c] for c in fenetre if c in occupe]
            if len(dans) > probleme.max_consecutifs:
                modele.add(cp_model.LinearExpr.sum(dans) <= probleme.max_consecutifs)
    for variables in par_creneau.values():
        if len(variables) > probleme.tables:
            modele.add(cp_model.LinearExpr.sum(variables) <= probleme.tables)
    objectif = cp_model.LinearExpr.weighted_sum([v for v, _ in termes], [p for _, p in termes])
    modele.maximize(objectif)

    depart = _glouton(probleme, plafonds, candidats, poids, fixes, fenetres_de, retenus)
    pris = {(ident, creneau) for i, creneau in depart.items() for ident in candidats[i][1]}
    for (i, creneau), v in x.items():
        modele.add_hint(v, depart.get(i) == creneau)
    for (ident, creneau), o in agreges.items():
        modele.add_hint(o, (ident, creneau) in pris)

    solveur = cp_model.CpSolver()
    restant = probleme.limite_secondes - (time.perf_counter() - debut)
    # Une marge pour lire la solution : la limite couvre tout l'appel, pas seulement la recherche.
    solveur.parameters.max_time_in_seconds = max(restant - 0.25, 0.1)
    solveur.parameters.num_workers = workers
    solveur.parameters.random_seed = probleme.graine
    statut = solveur.solve(modele, _ArretALaBorne(borne_relachee))
    if statut == cp_model.INFEASIBLE:
        raise PlanificationImpossible(
            [
                "Aucun planning ne respecte les rendez-vous déjà notifiés avec les maximums et les pauses des "
                "participants : annulez ou déplacez un rendez-vous notifié, ou augmentez le maximum concerné."
            ]
        )
    if statut not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise PlanificationImpossible(
            ["Le calcul n'a trouvé aucun planning dans le temps imparti : augmentez la limite de temps."]
        )
    rendez_vous = sorted(
        RendezVous(creneau=creneau, entreprise=candidats[i][1][0], fournisseur=candidats[i][1][1])
        for (i, creneau), v in x.items()
        if solveur.boolean_value(v)
    )
    rendez_vous.sort(key=lambda r: (ordre[r.creneau], r.entreprise, r.fournisseur))
    objectif = round(solveur.objective_value)
    borne_solveur = float(solveur.best_objective_bound)
    borne = max(min(borne_solveur, borne_relachee), objectif)
    optimal = statut == cp_model.OPTIMAL or objectif >= borne
    return Resultat(
        rendez_vous=tuple(rendez_vous),
        objectif=objectif,
        borne=borne,
        borne_solveur=borne_solveur,
        ecart=(borne - objectif) / borne if borne else 0.0,
        statut=StatutPlanification.OPTIMAL if optimal else StatutPlanification.REALISABLE,
        duree_secondes=time.perf_counter() - debut,
        souhaits_sans_creneau_commun=tuple(sans_creneau),
        rendez_vous_annules=tuple(annules),
    )


def replanifier(probleme, *, notifies, desistements=(), souhaits_ajoutes=()):
    """Après des changements tardifs : les participants désistés sortent, les souhaits ajoutés entrent, et les
    rendez-vous notifiés des autres restent à leur place ; le reste est réoptimisé."""
    partis = set(desistements)
    return planifier(
        replace(
            probleme,
            participants=tuple(p for p in probleme.participants if p.id not in partis),
            souhaits=tuple(s for s in (*probleme.souhaits, *souhaits_ajoutes) if not partis.intersection(s.couple)),
            notifies=tuple(notifies),
        )
    )


def proposer_rebrassage(probleme, *, planning, presents, premier_creneau_restant):
    """Le jour même, des absents libèrent des créneaux : une proposition qui les remplit avec les présents.

    Les rendez-vous passés (avant `premier_creneau_restant`) et ceux à venir entre deux présents restent ; ceux à
    venir d'un absent sont rendus dans `rendez_vous_annules` ; les nouveaux rendez-vous ne prennent que les créneaux
    restants, entre présents. Les rendez-vous passés d'un participant parti depuis comptent toujours dans le maximum
    et les pauses de ses interlocuteurs."""
    ordre = {c.id: i for i, c in enumerate(probleme.creneaux)}
    if premier_creneau_restant not in ordre:
        raise PlanificationImpossible(["Le créneau à partir duquel réorganiser n'existe pas dans l'événement."])
    seuil = ordre[premier_creneau_restant]
    presents = set(presents)
    passes = [r for r in planning if ordre.get(r.creneau, seuil) < seuil]
    avec_absent = [r for r in planning if r not in passes and not presents.issuperset(r.couple)]
    a_venir = [r for r in planning if r not in passes and r not in avec_absent]
    avec_passe = {ident for r in passes for ident in r.couple}
    couples_passes = {r.couple for r in passes}
    resultat = planifier(
        replace(
            probleme,
            participants=tuple(p for p in probleme.participants if p.id in presents or p.id in avec_passe),
            # Les souhaits d'un absent ne donnent plus de rendez-vous, sauf celui qui a déjà eu lieu.
            souhaits=tuple(s for s in probleme.souhaits if presents.issuperset(s.couple) or s.couple in couples_passes),
            notifies=tuple(passes + a_venir),
            creneaux_fermes=frozenset(c.id for c in probleme.creneaux if ordre[c.id] < seuil),
        )
    )
    return replace(resultat, rendez_vous_annules=tuple(sorted(avec_absent)))
