import pytest

from osezia.organisations.models import Membre
from osezia.relations.demo import FOURNISSEUR, FOURNISSEUR_DU_COMPTE, charger_demo_relations
from osezia.relations.enums import Statut
from osezia.relations.models import Besoin, MiseEnRelation
from osezia.relations.transitions import RECUES

pytestmark = pytest.mark.django_db


def test_la_demonstration_est_marquee_idempotente_et_a_son_compte_fournisseur():
    # Chargée une fois pour la session de tests (conftest) : un second passage n'ajoute rien.
    assert charger_demo_relations() == {"besoins": 0, "relations": 0}
    assert Besoin.objects.exists() and not Besoin.objects.filter(est_demo=False).exists()
    relations = MiseEnRelation.objects.all()
    assert relations.exists() and not relations.filter(est_demo=False).exists()
    assert not relations.filter(fournisseur__est_demo=False).exists()
    statuts = set(relations.values_list("statut", flat=True))
    assert {Statut.CONCLUE, Statut.PAS_INTERESSE, Statut.ENVOYEE} <= statuts
    # Chaque statut atteint a sa trace datée, dans l'ordre.
    for relation in relations.filter(statut__in=RECUES):
        vers = list(relation.changements.values_list("vers", flat=True))
        assert vers[0] == Statut.ENVOYEE and vers[-1] == relation.statut
    assert Membre.objects.filter(utilisateur__email=FOURNISSEUR["email"], organisation__est_demo=True,
                                 organisation__nom=FOURNISSEUR_DU_COMPTE).exists()  # fmt: skip
