from django.http import QueryDict

from osezia.diagnostic import questionnaire as q
from osezia.diagnostic.enums import NiveauMaturite, niveau_maturite


def reponses_toutes(indice):
    """Le choix n° indice de chaque question « unique » (borné), la première case des questions « multiple »."""
    reponses = {}
    for question in q.questionnaire().questions.values():
        if question.type == "multiple":
            reponses[question.cle] = [question.choix[0].cle]
        else:
            reponses[question.cle] = question.choix[min(indice, len(question.choix) - 2)].cle
    return reponses


def test_six_dimensions_du_dma_et_environ_vingt_cinq_questions():
    questionnaire = q.questionnaire()
    assert [d.cle for d in questionnaire.dimensions] == [
        "strategie",
        "preparation",
        "humain",
        "donnees",
        "automatisation",
        "responsable",
    ]
    assert 24 <= len(questionnaire.questions) <= 27
    for question in questionnaire.questions.values():
        if question.type == "unique":
            assert question.choix[-1].libelle == "Je ne sais pas" and question.choix[-1].points == 0


def test_scores_0_100_et_moyenne():
    scores = q.scores(reponses_toutes(99))
    assert all(0 <= s <= 100 for s in scores.values())
    assert q.score_global(scores) == round(sum(scores.values()) / 6, 1)
    assert q.score_global(q.scores({})) is None


def test_une_dimension_incomplete_n_est_pas_notee():
    reponses = reponses_toutes(1)
    premiere = q.questionnaire().dimensions[0].questions[0].cle
    del reponses[premiere]
    scores = q.scores(reponses)
    assert scores["strategie"] is None and scores["donnees"] is not None
    assert q.score_global(scores) is None


def test_niveaux_dma():
    assert niveau_maturite(25) == NiveauMaturite.DE_BASE
    assert niveau_maturite(25.1) == NiveauMaturite.MOYEN
    assert niveau_maturite(50) == NiveauMaturite.MOYEN
    assert niveau_maturite(70) == NiveauMaturite.MODEREMENT_AVANCE
    assert niveau_maturite(70.1) == NiveauMaturite.AVANCE
    assert niveau_maturite(None) is None


def test_nettoyer_garde_les_reponses_valides_seulement():
    dimension = q.questionnaire().dimension("preparation")
    unique = next(x for x in dimension.questions if x.type == "unique")
    multiple = next(x for x in dimension.questions if x.type == "multiple")
    donnees = QueryDict(mutable=True)
    donnees[unique.cle] = "choix-inexistant"
    donnees.setlist(multiple.cle, [multiple.choix[0].cle, multiple.choix[1].cle])
    assert q.nettoyer(dimension, donnees) == {multiple.cle: [multiple.choix[0].cle, multiple.choix[1].cle]}
