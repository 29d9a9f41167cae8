from django.template.loader import render_to_string

from osezia.utils.sources import erreurs_sources, est_confirme, normaliser

LU = {"titre": "Article lu", "statut": "lu", "document": "seeds/001_81116d9b4d95063b.txt", "date": "2025-07-01"}
DE_MEMOIRE = {"titre": "Communiqué cité de mémoire", "statut": "a_confirmer"}


def test_une_source_lue_nomme_son_document_une_source_a_confirmer_n_en_a_pas():
    assert erreurs_sources([LU, DE_MEMOIRE], ou="f.yaml, x") == []
    assert erreurs_sources([{**LU, "document": "docs/contenus.md", "passage": "section 2"}], ou="x") == []
    assert erreurs_sources([{"titre": "T", "statut": "lu"}], ou="f.yaml, taux") == [
        "f.yaml, taux, source 1 : une source « lu » nomme le document lu (seeds/… ou chemin du dépôt)"
    ]
    assert "pas de « document »" in erreurs_sources([{**DE_MEMOIRE, "document": "seeds/x.txt"}], ou="x")[0]


def test_ni_adresse_web_ni_date_de_verification_ni_document_hors_du_depot():
    erreurs = erreurs_sources([{**LU, "url": "https://exemple.fr", "date_verification": "2026-11-23"}], ou="x")
    assert erreurs == [
        "x, source 1 : clé(s) de source inconnue(s) date_verification, url (clés possibles : titre, statut, "
        "document, passage, date, note ; pas d'adresse web ni de date de vérification)"
    ]
    for document in ("../shared/seeds/001_81116d9b4d95063b.txt", "/etc/passwd", "docs/absent.md", "seeds/1.txt"):
        assert "introuvable" in erreurs_sources([{**LU, "document": document}], ou="x")[0], document


def test_statut_titre_et_date_sont_controles():
    assert erreurs_sources([{"titre": "", "statut": "verifie"}], ou="x") == [
        "x, source 1 : source sans titre",
        "x, source 1 : statut de source 'verifie' inconnu (lu ou a_confirmer)",
    ]
    assert erreurs_sources([{**LU, "date": "2025-13"}], ou="x") == [
        "x, source 1 : date '2025-13' invalide (AAAA-MM-JJ, AAAA-MM ou AAAA)"
    ]
    assert erreurs_sources([], ou="x") == ["x : aucune source (chaque fait dit d'où il vient)"]
    assert erreurs_sources([], ou="x", obligatoire=False) == []
    assert erreurs_sources("seeds/001", ou="x") == ["x : « sources » est une liste"]


def test_un_fait_est_confirme_par_au_moins_une_source_lue():
    assert est_confirme([DE_MEMOIRE, LU]) and not est_confirme([DE_MEMOIRE]) and not est_confirme([])


def test_le_rendu_dit_a_confirmer_en_clair():
    html = render_to_string(
        "includes/sources.html", {"sources": normaliser([LU, {**DE_MEMOIRE, "note": " Date  inconnue. "}])}
    )
    assert "Article lu (2025-07-01)" in html and "[document lu : <code>seeds/001_81116d9b4d95063b.txt</code>]" in html
    assert (
        "<strong>À confirmer</strong> — Communiqué cité de mémoire : cité sans que le document ait été relu. Date inconnue."
        in html
    )
    assert "<strong>À confirmer</strong> — aucune source." in render_to_string("includes/sources.html", {"sources": []})
