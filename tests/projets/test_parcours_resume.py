"""Le résumé du parcours gardé sur Projet (parcours.py) reste celui que donne l'historique, à travers chaque
transition écrite par le service (retour à une étape, pause, reprise, abandon, production) et chaque écriture directe
des changements d'étape (create, bulk_create, update, delete) ; la page du pilote lit le même résultat."""

import datetime

import pytest
import time_machine

from osezia.projets import parcours, services
from osezia.projets.enums import Etape
from osezia.projets.models import ChangementEtape, Projet
from osezia.utils import dates
from tests.diagnostic.factories import membre_entreprise
from tests.projets import factories

pytestmark = pytest.mark.django_db
DEBUT = datetime.datetime(2025, 1, 6, 10, tzinfo=datetime.UTC)  # des jours de 24 h, heure d'été comprise


def _arrondi(valeurs):
    return {k: round(v, 6) if isinstance(v, float) else v for k, v in valeurs.items()}


def _resume(projet):
    projet = Projet.objects.get(pk=projet.pk)
    return _arrondi({champ: getattr(projet, champ) for champ in parcours.CHAMPS})


def _depuis_historique(projet):
    changements = list(ChangementEtape.objects.filter(projet=projet).values_list("de", "vers", "le", "motif"))
    return _arrondi(parcours.resumer(Projet.objects.get(pk=projet.pk).cree_le, changements))


def test_chaque_transition_du_service():
    membre = membre_entreprise(naf_id="46.31Z")
    with time_machine.travel(DEBUT, tick=False):
        projet = factories.projet(membre, mesure=True)
    assert _resume(projet) == dict.fromkeys(parcours.CHAMPS) | {"motif_abandon": ""}
    # (étape, motif, jours depuis le changement précédent, champs attendus après ce changement)
    etapes = [
        (Etape.CADRAGE, "", 10, {"jours_idee": 10}),
        (Etape.POC, "", 20, {"jours_cadrage": 20}),
        (Etape.CADRAGE, "", 5, {"jours_poc": 5, "jours_cadrage": None}),  # de retour en cadrage : passage en cours
        (Etape.POC, "", 7, {"jours_cadrage": 27, "jours_poc": None}),
        (Etape.EN_PAUSE, "cout", 3, {"jours_poc": 8}),
        (Etape.POC, "", 30, {"jours_en_pause": 30, "jours_poc": None}),
        (Etape.PILOTE, "", 4, {"jours_poc": 12}),
        (Etape.PRODUCTION, "", 50, {"jours_pilote": 50}),
        (Etape.EN_PAUSE, "cout", 15, {"jours_en_pause": None}),
        (Etape.ABANDONNE, "cout", 6, {"jours_en_pause": 36, "motif_abandon": "cout"}),
    ]
    attendu = dict.fromkeys(parcours.CHAMPS) | {"motif_abandon": ""}
    instant = DEBUT
    for vers, motif, jours, champs in etapes:
        instant += datetime.timedelta(days=jours)
        with time_machine.travel(instant, tick=False):
            services.changer_etape(projet=projet, vers=vers, par=membre.utilisateur, motif=motif)
        attendu.update({k: float(v) if isinstance(v, int) else v for k, v in champs.items()})
        if vers == Etape.POC and attendu["entre_en_poc_le"] is None:
            attendu["entre_en_poc_le"] = instant
            attendu["jour_entree_poc"] = datetime.date(2025, 2, 5)
        if vers == Etape.PRODUCTION:
            attendu["en_production_le"] = instant
            attendu["mois_avant_production"] = 4  # du 5 février au 15 mai : plus de 3 mois, dans les 4
        resume = _resume(projet)
        assert resume == _arrondi(attendu), vers
        assert resume == _depuis_historique(projet)
        # Le projet en mémoire du service suit aussi : le réenregistrer n'efface rien.
        assert _arrondi({champ: getattr(projet, champ) for champ in parcours.CHAMPS}) == resume
    assert _resume(projet)["entre_en_poc_le"] == DEBUT + datetime.timedelta(days=30)


def test_ecritures_directes_des_changements():
    membre = membre_entreprise(naf_id="46.31Z")
    projet = factories.projet(membre)
    cree = Projet.objects.get(pk=projet.pk).cree_le
    jour = datetime.timedelta(days=1)
    ChangementEtape.objects.bulk_create(
        [
            ChangementEtape(projet=projet, de=Etape.IDEE, vers=Etape.CADRAGE, le=cree + 4 * jour),
            ChangementEtape(projet=projet, de=Etape.CADRAGE, vers=Etape.POC, le=cree + 9 * jour),
        ]
    )
    assert _resume(projet)["jours_cadrage"] == pytest.approx(5)
    assert _resume(projet)["entre_en_poc_le"] == cree + 9 * jour
    ChangementEtape.objects.filter(projet=projet, vers=Etape.POC).update(le=cree + 12 * jour)
    assert _resume(projet)["jours_cadrage"] == pytest.approx(8)
    ChangementEtape.objects.get(projet=projet, vers=Etape.POC).delete()
    assert _resume(projet)["entre_en_poc_le"] is None and _resume(projet)["jours_cadrage"] is None
    ChangementEtape.objects.filter(projet=projet).delete()
    assert _resume(projet) == dict.fromkeys(parcours.CHAMPS) | {"motif_abandon": ""}


def test_la_migration_et_le_recalcul_donnent_le_meme_resume():
    membre = membre_entreprise(naf_id="46.31Z")
    with time_machine.travel(DEBUT, tick=False):
        projet = factories.projet(membre, etape=Etape.PILOTE)
    attendu = _resume(projet)
    Projet.objects.filter(pk=projet.pk).update(**dict.fromkeys(parcours.CHAMPS) | {"motif_abandon": ""})
    parcours.recalculer([projet.pk])
    assert _resume(projet) == attendu and attendu["entre_en_poc_le"] is not None


@pytest.mark.parametrize(
    ("debut", "fin", "mois"),
    [
        (datetime.date(2025, 2, 5), datetime.date(2025, 2, 5), 0),
        (datetime.date(2025, 2, 5), datetime.date(2025, 8, 5), 6),  # le jour même des 6 mois : dans les 6 mois
        (datetime.date(2025, 2, 5), datetime.date(2025, 8, 6), 7),
        (datetime.date(2025, 8, 31), datetime.date(2026, 2, 28), 6),  # 31 août + 6 mois = 28 février
        (datetime.date(2025, 8, 31), datetime.date(2026, 3, 1), 7),
        (datetime.date(2025, 3, 10), datetime.date(2025, 3, 1), 0),  # production avant l'entrée en POC
    ],
)
def test_mois_avant_production_suit_le_calendrier(debut, fin, mois):
    assert dates.mois_ecoules(debut, fin) == mois
    assert mois == 0 or fin > dates.ajouter_mois(debut, mois - 1)
