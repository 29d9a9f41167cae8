"""Vérificateur indépendant d'un planning : recompte chaque règle à partir de l'entrée, sans le code du solveur."""

from collections import Counter, defaultdict

POIDS_PRIORITE = {1: 3, 2: 2, 3: 1}


def poids_attendu(souhait):
    return POIDS_PRIORITE[souhait.priorite] * (2 if souhait.mutuel else 1)


def violations(probleme, resultat):
    """La liste des règles enfreintes par `resultat` (vide si le planning est correct)."""
    erreurs = []
    participants = {p.id: p for p in probleme.participants}
    souhaits = {s.couple: s for s in probleme.souhaits}
    rang = {c.id: i for i, c in enumerate(probleme.creneaux)}
    notifies = {r for r in probleme.notifies if r.entreprise in participants and r.fournisseur in participants}
    couples = Counter(r.couple for r in resultat.rendez_vous)
    erreurs += [f"couple {c} planifié {n} fois" for c, n in couples.items() if n > 1]
    occupation = defaultdict(list)
    for r in resultat.rendez_vous:
        if r.couple not in souhaits and r not in notifies:
            erreurs.append(f"{r} ne répond à aucun souhait")
        if r.creneau in probleme.creneaux_fermes and r not in notifies:
            erreurs.append(f"{r} est nouveau sur un créneau fermé")
        for ident in r.couple:
            if ident not in participants:
                erreurs.append(f"{r} concerne un participant absent de l'entrée")
                continue
            if r.creneau not in participants[ident].disponibilites:
                erreurs.append(f"{r} hors des disponibilités de {ident}")
            occupation[ident].append(r.creneau)
    for creneau, n in Counter(r.creneau for r in resultat.rendez_vous).items():
        if n > probleme.tables:
            erreurs.append(f"créneau {creneau} : {n} rendez-vous pour {probleme.tables} tables")
    nombre_fixes = Counter(ident for r in notifies for ident in r.couple)
    for ident, creneaux in occupation.items():
        p = participants[ident]
        if len(set(creneaux)) != len(creneaux):
            erreurs.append(f"{ident} a deux rendez-vous sur un même créneau")
        if len(creneaux) > max(p.max_rendez_vous, nombre_fixes[ident]):
            erreurs.append(f"{ident} dépasse son maximum")
        if len(creneaux) > max(len(p.disponibilites) - 1, nombre_fixes[ident]):
            erreurs.append(f"{ident} n'a aucune disponibilité libre")
        pris = set(creneaux)
        suite = 0
        for c in probleme.creneaux:
            if c.pause_avant:
                suite = 0
            suite = suite + 1 if c.id in pris else 0
            if suite > probleme.max_consecutifs:
                erreurs.append(f"{ident} a plus de {probleme.max_consecutifs} rendez-vous d'affilée")
                break
    for r in notifies:
        if r not in resultat.rendez_vous:
            erreurs.append(f"le rendez-vous notifié {r} a disparu")
    objectif = sum(poids_attendu(souhaits[c]) for c in couples if c in souhaits)
    if objectif != resultat.objectif:
        erreurs.append(f"objectif annoncé {resultat.objectif}, recompté {objectif}")
    if resultat.borne < resultat.objectif:
        erreurs.append(f"borne {resultat.borne} sous l'objectif {resultat.objectif}")
    ordre = [rang[r.creneau] for r in resultat.rendez_vous]
    if ordre != sorted(ordre):
        erreurs.append("rendez-vous non triés par créneau")
    return erreurs
