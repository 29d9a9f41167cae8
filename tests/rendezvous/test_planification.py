import itertools
from dataclasses import replace

import pytest

from osezia.rendezvous import banc
from osezia.rendezvous.enums import NatureParticipant, StatutPlanification
from osezia.rendezvous.planification import (
    Creneau,
    Participant,
    PlanificationImpossible,
    Probleme,
    RendezVous,
    Souhait,
    planifier,
    proposer_rebrassage,
    replanifier,
)
from tests.rendezvous.verification import poids_attendu, violations

E, F = NatureParticipant.ENTREPRISE, NatureParticipant.FOURNISSEUR


def entreprise(ident, dispo, maximum=10):
    return Participant(id=ident, nature=E, disponibilites=frozenset(dispo), max_rendez_vous=maximum, nom=f"E{ident}")


def fournisseur(ident, dispo, maximum=10):
    return Participant(id=ident, nature=F, disponibilites=frozenset(dispo), max_rendez_vous=maximum, nom=f"F{ident}")


# (participants, créneaux, part des tables, souhaits par entreprise) : des cas lâches et des cas serrés où les tables,
# les pauses et les disponibilités limitent vraiment le planning.
TAILLES = [(12, 5, 0.5, 4), (30, 8, 0.4, 5), (60, 10, 0.3, 6), (120, 20, 0.4, 10)]


@pytest.mark.parametrize("graine", [1, 2, 3])
@pytest.mark.parametrize(("participants", "creneaux", "part_tables", "souhaits"), TAILLES)
def test_toutes_les_contraintes_tiennent_sur_des_instances_au_hasard(
    graine, participants, creneaux, part_tables, souhaits
):
    probleme = banc.generer(
        participants=participants,
        creneaux=creneaux,
        part_tables=part_tables,
        souhaits_par_entreprise=souhaits,
        graine=graine,
        limite_secondes=5,
        workers=2,
    )
    resultat = planifier(probleme)
    assert violations(probleme, resultat) == []
    assert resultat.rendez_vous
    assert resultat.borne >= resultat.objectif
    assert resultat.borne_solveur >= resultat.objectif
    assert 0 <= resultat.ecart <= 1
    if resultat.statut == StatutPlanification.OPTIMAL:
        assert resultat.objectif == resultat.borne


def _meilleur_par_force_brute(probleme):
    """Essaie toutes les affectations (souhait → aucun créneau ou l'un d'eux) ; garde la meilleure correcte."""
    options = [None, *(c.id for c in probleme.creneaux)]
    meilleur = 0
    for choix in itertools.product(options, repeat=len(probleme.souhaits)):
        rdv = tuple(
            sorted(
                RendezVous(creneau=c, entreprise=s.entreprise, fournisseur=s.fournisseur)
                for s, c in zip(probleme.souhaits, choix, strict=True)
                if c is not None
            )
        )
        objectif = sum(poids_attendu(s) for s, c in zip(probleme.souhaits, choix, strict=True) if c is not None)
        if objectif <= meilleur:
            continue
        if not violations(probleme, _Resultat(rdv, objectif)):
            meilleur = objectif
    return meilleur


class _Resultat:
    """Ce que le vérificateur lit d'un résultat : assez pour juger une affectation de la force brute."""

    def __init__(self, rendez_vous, objectif):
        self.rendez_vous, self.objectif, self.borne = rendez_vous, objectif, objectif


def test_une_petite_instance_est_resolue_a_l_optimum_connu():
    # Une seule table, pas deux rendez-vous d'affilée, E1 seulement sur deux créneaux : il faut arbitrer.
    probleme = Probleme(
        creneaux=tuple(Creneau(i) for i in range(5)),
        tables=1,
        participants=(
            entreprise(1, {0, 1}),
            entreprise(2, {0, 1, 2, 3}, maximum=2),
            entreprise(3, {1, 2, 3}),
            fournisseur(4, {0, 1, 2, 3}),
            fournisseur(5, {1, 2, 3}),
        ),
        souhaits=(
            Souhait(1, 4, mutuel=True, priorite=1),
            Souhait(2, 4, priorite=1),
            Souhait(2, 5, mutuel=True, priorite=3),
            Souhait(3, 4, priorite=2),
            Souhait(3, 5, mutuel=True, priorite=2),
        ),
        max_consecutifs=1,
        limite_secondes=5,
        workers=2,
    )
    optimum = _meilleur_par_force_brute(probleme)
    resultat = planifier(probleme)
    assert violations(probleme, resultat) == []
    assert resultat.objectif == optimum
    assert resultat.statut == StatutPlanification.OPTIMAL
    assert resultat.borne == optimum


def test_les_rendez_vous_notifies_restent_et_un_desistement_les_annule():
    probleme = banc.generer(
        participants=40, creneaux=10, souhaits_par_entreprise=5, graine=4, limite_secondes=5, workers=2
    )
    premier = planifier(probleme)
    notifies = premier.rendez_vous[::2]
    parti = notifies[0].fournisseur
    ajout = next(
        Souhait(entreprise=p.id, fournisseur=f.id, priorite=1)
        for p in probleme.participants
        if p.nature == E
        for f in probleme.participants
        if f.nature == F and f.id != parti and (p.id, f.id) not in {s.couple for s in probleme.souhaits}
    )
    resultat = replanifier(probleme, notifies=notifies, desistements=[parti], souhaits_ajoutes=[ajout])
    gardes = [r for r in notifies if parti not in r.couple]
    assert set(gardes) <= set(resultat.rendez_vous)
    assert set(resultat.rendez_vous_annules) == {r for r in notifies if parti in r.couple}
    assert all(parti not in r.couple for r in resultat.rendez_vous)
    nouveau = replace(
        probleme,
        participants=tuple(p for p in probleme.participants if p.id != parti),
        souhaits=tuple(s for s in (*probleme.souhaits, ajout) if parti not in s.couple),
        notifies=tuple(notifies),
    )
    assert violations(nouveau, resultat) == []


def test_un_rendez_vous_notifie_sans_souhait_reste_au_planning_sans_compter():
    probleme = Probleme(
        creneaux=(Creneau(0), Creneau(1), Creneau(2)),
        tables=2,
        participants=(entreprise(1, {0, 1, 2}), fournisseur(2, {0, 1, 2}), fournisseur(3, {0, 1, 2})),
        souhaits=(Souhait(1, 3, priorite=1),),
        notifies=(RendezVous(creneau=2, entreprise=1, fournisseur=2),),
        limite_secondes=5,
        workers=2,
    )
    resultat = planifier(probleme)
    assert RendezVous(creneau=2, entreprise=1, fournisseur=2) in resultat.rendez_vous
    assert resultat.objectif == 3
    assert violations(probleme, resultat) == []


def test_le_rebrassage_du_jour_ne_touche_que_les_creneaux_restants_et_les_presents():
    probleme = banc.generer(
        participants=60, creneaux=12, part_tables=0.3, souhaits_par_entreprise=6, graine=5, limite_secondes=5, workers=2
    )
    planning = planifier(probleme).rendez_vous
    absents = {r.fournisseur for r in planning if r.creneau >= 6}
    absents = set(sorted(absents)[:3])
    presents = {p.id for p in probleme.participants} - absents
    proposition = proposer_rebrassage(probleme, planning=planning, presents=presents, premier_creneau_restant=6)
    passes = {r for r in planning if r.creneau < 6}
    a_venir = {r for r in planning if r.creneau >= 6 and presents.issuperset(r.couple)}
    liberes = {r for r in planning if r.creneau >= 6 and not presents.issuperset(r.couple)}
    assert liberes
    assert set(proposition.rendez_vous_annules) == liberes
    assert passes | a_venir <= set(proposition.rendez_vous)
    nouveaux = set(proposition.rendez_vous) - passes - a_venir
    assert all(r.creneau >= 6 and presents.issuperset(r.couple) for r in nouveaux)
    assert proposition.objectif >= planifier(probleme).objectif - sum(
        poids_attendu(s) for s in probleme.souhaits if s.couple in {r.couple for r in liberes}
    )


def _simple(**changements):
    base = Probleme(
        creneaux=(Creneau(0), Creneau(1)),
        tables=1,
        participants=(entreprise(1, {0, 1}), fournisseur(2, {0, 1})),
        souhaits=(Souhait(1, 2),),
        limite_secondes=5,
        workers=2,
    )
    return replace(base, **changements)


@pytest.mark.parametrize(
    ("changements", "message"),
    [
        (
            {"participants": (entreprise(1, set()), fournisseur(2, {0, 1}))},
            "« E1 » n'a indiqué aucun créneau de disponibilité.",
        ),
        (
            {
                "participants": (entreprise(1, {0, 1}), fournisseur(2, {0, 1}), fournisseur(3, {0, 1})),
                "souhaits": (Souhait(1, 2), Souhait(1, 3)),
                "creneaux": (Creneau(0),),
            },
            "Les souhaits demandent 2 rendez-vous, mais l'événement n'en permet que 1 (1 créneaux × 1 tables)",
        ),
        ({"tables": 0}, "L'événement doit avoir au moins une table de rendez-vous."),
        ({"creneaux": ()}, "L'événement n'a aucun créneau de rendez-vous."),
        ({"souhaits": (Souhait(1, 9),)}, "Le fournisseur n° 9 d'un souhait n'est pas inscrit à l'événement."),
        ({"souhaits": (Souhait(2, 1),)}, "« E1 » n'est pas inscrit comme fournisseur."),
        ({"souhaits": (Souhait(1, 2), Souhait(1, 2, mutuel=True))}, "est présent deux fois"),
        ({"souhaits": (Souhait(1, 2, priorite=7),)}, "La priorité 7 d'un souhait n'existe pas"),
        (
            {"participants": (entreprise(1, {0, 5}), fournisseur(2, {0, 1}))},
            "« E1 » est disponible sur un créneau qui n'existe pas",
        ),
        (
            {
                "participants": (entreprise(1, {0}), fournisseur(2, {0, 1})),
                "notifies": (RendezVous(creneau=1, entreprise=1, fournisseur=2),),
            },
            "tombe sur un créneau où « E1 » n'est plus disponible",
        ),
        ({"limite_secondes": 0}, "La limite de temps du calcul doit être positive."),
    ],
)
def test_une_entree_incoherente_donne_un_message_en_francais(changements, message):
    with pytest.raises(PlanificationImpossible) as erreur:
        planifier(_simple(**changements))
    assert any(message in m for m in erreur.value.messages), erreur.value.messages


def test_des_rendez_vous_notifies_qui_rendent_les_pauses_impossibles_sont_signales():
    probleme = _simple(
        creneaux=(Creneau(0), Creneau(1), Creneau(2)),
        participants=(entreprise(1, {0, 1, 2}), fournisseur(2, {0, 1, 2}), fournisseur(3, {0, 1, 2})),
        souhaits=(Souhait(1, 2), Souhait(1, 3)),
        notifies=(RendezVous(0, 1, 2), RendezVous(1, 1, 3)),
        max_consecutifs=1,
    )
    with pytest.raises(PlanificationImpossible) as erreur:
        planifier(probleme)
    assert "Aucun planning ne respecte les rendez-vous déjà notifiés" in str(erreur.value)


def test_une_pause_declaree_remet_le_compte_des_rendez_vous_d_affilee_a_zero():
    # Deux séances de deux créneaux, un seul rendez-vous d'affilée permis : au plus un par séance, donc deux.
    probleme = _simple(
        creneaux=(Creneau(0), Creneau(1), Creneau(2, pause_avant=True), Creneau(3)),
        participants=(
            entreprise(1, {0, 1, 2, 3}),
            *(fournisseur(i, {0, 1, 2, 3}) for i in (2, 3, 4, 5)),
        ),
        souhaits=tuple(Souhait(1, i) for i in (2, 3, 4, 5)),
        max_consecutifs=1,
    )
    resultat = planifier(probleme)
    assert violations(probleme, resultat) == []
    assert len(resultat.rendez_vous) == 2
    assert {r.creneau for r in resultat.rendez_vous} & {0, 1}
    assert {r.creneau for r in resultat.rendez_vous} & {2, 3}


def test_quand_la_relaxation_ne_suffit_pas_cp_sat_prouve_l_optimum():
    # Trois couples qui n'ont en commun que les créneaux 0 et 1, une table : la relaxation sans créneaux en accepte
    # trois (3 créneaux × 1 table), le planning n'en tient que deux ; c'est le solveur qui le prouve.
    probleme = _simple(
        creneaux=(Creneau(0), Creneau(1), Creneau(2)),
        participants=(
            *(entreprise(i, {0, 1, 2}) for i in (1, 2, 3)),
            *(fournisseur(i, {0, 1}) for i in (4, 5, 6)),
        ),
        souhaits=(Souhait(1, 4, priorite=1), Souhait(2, 5, priorite=2), Souhait(3, 6, priorite=3, mutuel=True)),
    )
    resultat = planifier(probleme)
    assert violations(probleme, resultat) == []
    assert resultat.objectif == 3 + 2
    assert resultat.statut == StatutPlanification.OPTIMAL
    assert resultat.borne_solveur == resultat.borne == 5
