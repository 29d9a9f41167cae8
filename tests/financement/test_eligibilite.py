"""La matrice des statuts : chaque statut, ses raisons, et l'ordre de préséance, sur des dispositifs fabriqués
(non enregistrés) dont on maîtrise chaque source et chaque date."""

import datetime
from decimal import Decimal

import pytest

from osezia.financement.eligibilite import Entreprise, Projet, evaluer, reste_a_charge
from osezia.financement.models import DispositifFinancement

AUJOURDHUI = datetime.date(2026, 12, 2)
LU = [{"titre": "Document lu", "statut": "lu", "document": "seeds/004_fa9bd8adebe5bde2.txt"}]
NON_RELU = [{"titre": "Souvenir d'un communiqué", "statut": "a_confirmer"}]
OUVERT = {"mode": "permanent", "texte": "ouvert en continu", "sources": LU}
PME = Entreprise(effectif=25, chiffre_affaires=3_000_000, categorie="PME", naf="25.62A", section="C", region="84")
OUTIL = Projet(nature="outil-marche", cout="1k-10k")
SUR_MESURE = Projet(nature="sur-mesure", cout="10k-50k")


def dispositif(**kwargs):
    valeurs = {
        "slug": "test",
        "nom": "Dispositif de test",
        "porteur": "Test",
        "type": "accompagnement",
        "finance": "prestation",
        "projets": ["sur-mesure"],
        "resume": "…",
        "calendrier": OUVERT,
        "sources": {"presentation": LU, "finance": LU},
        **kwargs,
    }
    return DispositifFinancement(**valeurs)


def critere(type_, valeur, sources=LU, **kwargs):
    return {"type": type_, "valeur": valeur, "sources": sources, **kwargs}


def fenetre(ouverture, cloture, sources=LU, libelle="Session"):
    return {"libelle": libelle, "ouverture": ouverture, "cloture": cloture, "sources": sources}


@pytest.mark.parametrize(
    "d, entreprise, projet, statut, raison",
    [
        # Éligible : toutes les conditions décisives vérifiées sur des sources lues.
        (
            dispositif(criteres=[critere("categories", ["PME", "ETI"])]),
            PME,
            SUR_MESURE,
            "eligible",
            "réservé aux PME ou ETI (vous : PME)",
        ),
        # À vérifier : une condition que seule l'entreprise peut vérifier.
        (
            dispositif(conditions=[{"texte": "Un prêt accordé par votre banque.", "sources": LU}]),
            PME,
            SUR_MESURE,
            "a_verifier",
            "Un prêt accordé par votre banque.",
        ),
        # À vérifier : un chiffre que l'entreprise n'a pas donné.
        (
            dispositif(criteres=[critere("effectif_max", 49)]),
            Entreprise(),
            SUR_MESURE,
            "a_verifier",
            "au plus 49 salariés : effectif non renseigné",
        ),
        # À vérifier : une règle tirée d'une source non relue, même quand l'entreprise la remplit…
        (
            dispositif(criteres=[critere("effectif_max", 49, sources=NON_RELU)]),
            PME,
            SUR_MESURE,
            "a_verifier",
            "au plus 49 salariés (vous : 25) (d'après une source non relue, à confirmer)",
        ),
        # … et quand elle ne la remplit pas : jamais « non éligible » sur une règle que personne n'a lue.
        (
            dispositif(criteres=[critere("effectif_max", 9, sources=NON_RELU)]),
            PME,
            SUR_MESURE,
            "a_verifier",
            "au plus 9 salariés (vous : 25) (d'après une source non relue, à confirmer)",
        ),
        # À vérifier : une TPE face à un dispositif « pour les PME » (décret n° 2008-1354).
        (
            dispositif(criteres=[critere("categories", ["PME", "ETI"])]),
            Entreprise(effectif=8, chiffre_affaires=500_000, categorie="TPE"),
            SUR_MESURE,
            "a_verifier",
            "réservé aux PME ou ETI : une microentreprise (TPE) est une PME au sens du décret n° 2008-1354",
        ),
        # À vérifier : aucune date d'ouverture connue.
        (
            dispositif(calendrier={"mode": "inconnu", "texte": "enveloppe limitée, sans date", "sources": LU}),
            PME,
            SUR_MESURE,
            "a_verifier",
            "enveloppe limitée, sans date",
        ),
        # Non éligible : un critère lu qui échoue, et l'on dit lequel.
        (
            dispositif(criteres=[critere("effectif_max", 9)]),
            PME,
            SUR_MESURE,
            "non_eligible",
            "au plus 9 salariés (vous : 25)",
        ),
        (
            dispositif(criteres=[critere("categories", ["TPE", "PME"])]),
            Entreprise(effectif=6000, chiffre_affaires=2_000_000_000, categorie="GE"),
            None,
            "non_eligible",
            "réservé aux TPE ou PME (vous : GE)",
        ),
        (
            dispositif(criteres=[critere("regions", ["11"])]),
            PME,
            None,
            "non_eligible",
            "régions 11 (vous : 84)",
        ),
        # Fermé : aucune fenêtre ouverte aujourd'hui ; la suivante est dite.
        (
            dispositif(
                calendrier={
                    "mode": "fenetres",
                    "fenetres": [fenetre("2026-01-05", "2026-03-10"), fenetre("2027-01-11", "2027-03-15")],
                }
            ),
            PME,
            SUR_MESURE,
            "ferme",
            "aucune fenêtre de dépôt ouverte au 2 décembre 2026 ; prochaine : Session, du 11 janvier 2027 au 15 mars 2027",
        ),
        # Fermé sans suite connue : la dernière fenêtre est dite.
        (
            dispositif(calendrier={"mode": "fenetres", "fenetres": [fenetre("2025-09-19", "2026-06-09")]}),
            PME,
            None,
            "ferme",
            "la dernière connue (Session) a fermé le 9 juin 2026, aucune suivante annoncée",
        ),
        # Des dates que personne n'a lues ne ferment rien : à vérifier.
        (
            dispositif(
                calendrier={"mode": "fenetres", "fenetres": [fenetre("2025-09-19", "2026-06-09", sources=NON_RELU)]}
            ),
            PME,
            SUR_MESURE,
            "a_verifier",
            "a fermé le 9 juin 2026, aucune suivante annoncée (d'après une source non relue, à confirmer)",
        ),
        # Éligible pendant une fenêtre : la date de clôture est dite.
        (
            dispositif(calendrier={"mode": "fenetres", "fenetres": [fenetre("2026-11-01", "2027-01-01")]}),
            PME,
            SUR_MESURE,
            "eligible",
            "Session : dépôts ouverts jusqu'au 1er janvier 2027",
        ),
        # Non adapté : le dispositif ne finance pas ce genre de projet.
        (
            dispositif(finance="recherche", projets=["recherche"]),
            PME,
            OUTIL,
            "non_adapte",
            "finance la R&D de rupture, pas l'achat et le déploiement d'un outil existant",
        ),
        # … mais pas sur une source non relue.
        (
            dispositif(finance="recherche", projets=["recherche"], sources={"presentation": LU, "finance": NON_RELU}),
            PME,
            OUTIL,
            "a_verifier",
            "pas l'achat et le déploiement d'un outil existant (d'après une source non relue, à confirmer)",
        ),
        # Un cas d'usage dont la nature n'est pas renseignée : on ne devine pas.
        (
            dispositif(),
            PME,
            Projet(nature="", cout="1k-10k"),
            "a_verifier",
            "nature du projet non renseignée",
        ),
    ],
)
def test_matrice_des_statuts(d, entreprise, projet, statut, raison):
    resultat = evaluer(d, entreprise, aujourdhui=AUJOURDHUI, projet=projet)
    assert resultat.statut == statut
    assert any(raison in r for r in resultat.raisons), resultat.raisons
    assert resultat.ligne.startswith(f"{resultat.libelle} : ")


def test_non_adapte_dit_pourquoi_en_une_ligne():
    pionniers = dispositif(finance="recherche", projets=["recherche"])
    resultat = evaluer(pionniers, PME, aujourdhui=AUJOURDHUI, projet=OUTIL)
    assert (
        resultat.ligne == "Non adapté : finance la R&D de rupture, pas l'achat et le déploiement d'un outil existant."
    )
    assert resultat.reste_a_charge is None and not resultat.peut_aider


@pytest.mark.parametrize(
    "modifications, statut",
    [
        # Tout à la fois : non adapté l'emporte sur un critère qui échoue, une fenêtre fermée, une condition.
        ({"finance": "recherche", "projets": ["recherche"]}, "non_adapte"),
        # Sans le non adapté : le critère qui échoue l'emporte sur la fenêtre fermée.
        ({}, "non_eligible"),
        # Sans le critère : la fenêtre fermée l'emporte sur la condition à vérifier.
        ({"criteres": []}, "ferme"),
        # Sans la fenêtre fermée : reste la condition à vérifier.
        ({"criteres": [], "calendrier": OUVERT}, "a_verifier"),
        # Sans la condition : éligible.
        ({"criteres": [], "calendrier": OUVERT, "conditions": []}, "eligible"),
    ],
)
def test_ordre_de_preseance(modifications, statut):
    valeurs = {
        "criteres": [critere("effectif_max", 9)],
        "calendrier": {"mode": "fenetres", "fenetres": [fenetre("2025-01-01", "2025-03-01")]},
        "conditions": [{"texte": "Projet d'intégration chiffré.", "sources": LU}],
        **modifications,
    }
    assert evaluer(dispositif(**valeurs), PME, aujourdhui=AUJOURDHUI, projet=SUR_MESURE).statut == statut


def test_la_date_du_jour_decide_de_l_ouverture():
    d = dispositif(calendrier={"mode": "fenetres", "fenetres": [fenetre("2026-03-01", "2026-06-30")]})
    assert evaluer(d, PME, aujourdhui=datetime.date(2026, 2, 28)).statut == "ferme"
    assert evaluer(d, PME, aujourdhui=datetime.date(2026, 3, 1)).statut == "eligible"
    assert evaluer(d, PME, aujourdhui=datetime.date(2026, 6, 30)).statut == "eligible"
    apres = evaluer(d, PME, aujourdhui=datetime.date(2026, 7, 1))
    assert apres.statut == "ferme" and apres.prochaine_fenetre is None
    avant = evaluer(d, PME, aujourdhui=datetime.date(2026, 2, 28))
    assert avant.prochaine_fenetre["ouverture"] == "2026-03-01" and avant.peut_aider


def test_un_critere_prioritaire_ne_change_jamais_le_statut():
    booster = dispositif(
        criteres=[
            critere("categories", ["PME", "ETI"]),
            critere("effectif_min", 10, prioritaire=True),
            critere("effectif_max", 2000, prioritaire=True),
            critere("chiffre_affaires_min", 250_000, prioritaire=True),
        ]
    )
    grande = evaluer(booster, PME, aujourdhui=AUJOURDHUI)
    assert grande.statut == "eligible" and grande.prioritaire is True
    assert [v.texte for v in grande.priorites] == [
        "prioritaire : entre 10 et 2 000 salariés (vous : 25)",
        "prioritaire : chiffre d'affaires supérieur à 250 000 € (vous : 3 000 000 €)",
    ]
    petite = evaluer(booster, Entreprise(effectif=4, chiffre_affaires=100_000, categorie="PME"), aujourdhui=AUJOURDHUI)
    assert petite.statut == "eligible" and petite.prioritaire is False
    assert petite.priorites[0].texte == "non prioritaire : entre 10 et 2 000 salariés (vous : 4)"
    inconnue = evaluer(booster, Entreprise(categorie="PME"), aujourdhui=AUJOURDHUI)
    assert inconnue.statut == "eligible" and inconnue.prioritaire is None
    # Une priorité tirée d'une source non relue n'est jamais affirmée.
    douteuse = dispositif(criteres=[critere("effectif_min", 10, sources=NON_RELU, prioritaire=True)])
    assert evaluer(douteuse, PME, aujourdhui=AUJOURDHUI).prioritaire is None


def test_les_notes_ne_sont_pas_des_conditions():
    d = dispositif(notes=["La demande se dépose en ligne."])
    assert evaluer(d, PME, aujourdhui=AUJOURDHUI, projet=SUR_MESURE).statut == "eligible"


def test_reste_a_charge_seulement_pour_ce_qui_peut_aider_et_dit_si_ses_chiffres_sont_lus():
    lus = {"presentation": LU, "finance": LU, "taux": LU, "plafond": LU}
    d = dispositif(taux=Decimal("80"), plafond=20_000, sources=lus)
    reste = evaluer(d, PME, aujourdhui=AUJOURDHUI, projet=SUR_MESURE).reste_a_charge
    assert (reste.minimum, reste.maximum, reste.confirme) == (2_000, 30_000, True)  # plafond atteint à 50 000 €
    douteux = dispositif(taux=Decimal("80"), plafond=20_000, sources={**lus, "plafond": NON_RELU})
    assert evaluer(douteux, PME, aujourdhui=AUJOURDHUI, projet=SUR_MESURE).reste_a_charge.confirme is False
    assert evaluer(d, PME, aujourdhui=AUJOURDHUI, projet=OUTIL).reste_a_charge is None  # non adapté
    assert reste_a_charge(d, "1k-10k") == (200, 2_000)
    assert reste_a_charge(d, "plus-50k") == (30_000, None)
    assert reste_a_charge(dispositif(taux=None), "1k-10k") is None


def test_un_diagnostic_ou_une_formation_ne_se_juge_pas_par_projet():
    diagnostic = dispositif(finance="diagnostic", projets=[], taux=Decimal("40"), cout_reference=10_000, plafond=4_000)
    resultat = evaluer(diagnostic, PME, aujourdhui=AUJOURDHUI)
    assert resultat.statut == "eligible" and resultat.reste_reference == 6_000
    par_projet = evaluer(diagnostic, PME, aujourdhui=AUJOURDHUI, projet=OUTIL)
    assert par_projet.statut == "non_adapte"
