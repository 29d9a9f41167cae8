import pytest

from osezia.catalogue.demo import charger_structure_demo
from osezia.rendezvous import services
from osezia.rendezvous.demo import NOM, charger_demo_rendezvous
from osezia.rendezvous.models import Evenement, RendezVous

pytestmark = pytest.mark.django_db


def test_l_evenement_de_demonstration_reunit_des_organisations_fictives(pilote):
    # Chargé avec la démonstration de la base de test (tests/conftest.py).
    evenement = Evenement.objects.get(nom=NOM)
    assert evenement.est_demo and "(démonstration)" in evenement.nom
    assert evenement.organisateur.est_demo
    participants = list(evenement.participants.select_related("organisation"))
    assert len(participants) == 12
    assert "Démo — Menuiserie du Lac" in {p.organisation.nom for p in participants}
    assert all(
        p.organisation.est_demo and p.organisation.nom.startswith("Démo")
        for p in participants
        if p.nature == "entreprise"
    )
    assert all(p.organisation.est_demo for p in participants)
    assert evenement.souhaits.count() == 18 and evenement.souhaits.filter(mutuel=True).count() == 6
    assert charger_demo_rendezvous(charger_structure_demo()) == {"evenements": 0}
    assert Evenement.objects.filter(nom=NOM).count() == 1
    assert services.verifier_capacite(evenement) == []
    resultat = services.planifier(evenement=evenement, par=pilote, limite_secondes=5)
    assert RendezVous.objects.filter(evenement=evenement).count() == len(resultat.rendez_vous) > 0
