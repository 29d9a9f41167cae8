"""Événements synthétiques pour le banc `bench_rendez_vous` et les tests du solveur (données de démonstration,
générées au hasard avec une graine : aucune entreprise réelle).

Une journée de `creneaux` créneaux, coupée par une pause café au quart, une pause déjeuner au milieu et une pause café
aux trois quarts. Disponibilités : 70 % des participants toute la journée, 15 % le matin seulement, 15 % l'après-midi
seulement, et chacun a une chance sur trois d'être retenu sur un créneau de plus, tiré au hasard. Maximum de 6 à 12
rendez-vous par participant. Chaque entreprise fait `souhaits_par_entreprise` souhaits vers des fournisseurs tirés
selon une popularité inégale (quelques fournisseurs très demandés) ; 30 % des souhaits sont mutuels ; priorités 1 à 3.
"""

import random

from osezia.rendezvous.enums import NatureParticipant
from osezia.rendezvous.planification import Creneau, Participant, Probleme, Souhait


def generer(
    *,
    participants,
    creneaux=20,
    part_tables=0.4,
    souhaits_par_entreprise=10,
    graine=0,
    limite_secondes=30.0,
    workers=0,
):
    hasard = random.Random(graine)
    quart, milieu, trois_quarts = creneaux // 4, creneaux // 2, (3 * creneaux) // 4
    pauses = {c for c in (quart, milieu, trois_quarts) if 0 < c < creneaux}
    liste_creneaux = tuple(Creneau(id=c, pause_avant=c in pauses) for c in range(creneaux))
    matin, apres_midi = set(range(milieu)), set(range(milieu, creneaux))
    entreprises = participants // 2
    fournisseurs = participants - entreprises

    def disponibilites():
        tirage = hasard.random()
        dispo = set(range(creneaux)) if tirage < 0.7 else (matin if tirage < 0.85 else apres_midi).copy()
        if len(dispo) > 2 and hasard.random() < 1 / 3:
            dispo.discard(hasard.choice(sorted(dispo)))
        return frozenset(dispo)

    inscrits = []
    for numero in range(participants):
        nature = NatureParticipant.ENTREPRISE if numero < entreprises else NatureParticipant.FOURNISSEUR
        inscrits.append(
            Participant(
                id=numero,
                nature=nature,
                disponibilites=disponibilites(),
                max_rendez_vous=hasard.randint(6, 12),
                nom=f"{nature.label} de démonstration n° {numero}",
            )
        )
    ids_fournisseurs = list(range(entreprises, participants))
    popularite = [1 / (rang + 10) for rang in range(fournisseurs)]
    souhaits = []
    for entreprise in range(entreprises):
        choisis = set()
        voulus = min(souhaits_par_entreprise, fournisseurs)
        while len(choisis) < voulus:
            choisis.add(hasard.choices(ids_fournisseurs, weights=popularite)[0])
        for fournisseur in sorted(choisis):
            souhaits.append(
                Souhait(
                    entreprise=entreprise,
                    fournisseur=fournisseur,
                    mutuel=hasard.random() < 0.3,
                    priorite=hasard.choice((1, 2, 2, 3)),
                )
            )
    return Probleme(
        creneaux=liste_creneaux,
        tables=max(1, round(part_tables * participants)),
        participants=tuple(inscrits),
        souhaits=tuple(souhaits),
        limite_secondes=limite_secondes,
        workers=workers,
        graine=graine,
    )
