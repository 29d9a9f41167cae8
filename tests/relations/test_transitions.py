from itertools import product

from osezia.relations import transitions
from osezia.relations.enums import Cote, Statut


def test_chaque_transition_a_au_moins_un_cote_et_les_finaux_ne_menent_nulle_part():
    for (de, vers), cotes in transitions.TRANSITIONS.items():
        assert cotes, (de, vers)
        assert de != vers
    for final, vers in product(transitions.FINAUX, Statut):
        assert not transitions.cotes(final, vers)


def test_le_fournisseur_seul_dit_interesse_ou_pas_et_la_plateforme_seule_envoie():
    assert transitions.cotes(Statut.VUE, Statut.INTERESSE) == {Cote.FOURNISSEUR}
    assert transitions.cotes(Statut.ENVOYEE, Statut.PAS_INTERESSE) == {Cote.FOURNISSEUR}
    assert transitions.cotes(Statut.PROPOSEE, Statut.ENVOYEE) == {Cote.PLATEFORME}
    assert Cote.ENTREPRISE not in transitions.cotes(Statut.VUE, Statut.INTERESSE)
    # Sauter des étapes est interdit : une demande envoyée n'est pas une affaire conclue.
    assert not transitions.cotes(Statut.ENVOYEE, Statut.CONCLUE)
    assert transitions.suivants(Statut.ENVOYEE, None) == []


def test_les_statuts_avec_motif_sont_les_refus_et_les_pertes():
    assert {Statut.PAS_INTERESSE, Statut.PERDUE} == transitions.AVEC_MOTIF
    assert Statut.PROPOSEE not in transitions.RECUES and Statut.RETIREE not in transitions.RECUES
    assert transitions.ETAPES_TUNNEL[0] == Statut.ENVOYEE and transitions.ETAPES_TUNNEL[-1] == Statut.CONCLUE
