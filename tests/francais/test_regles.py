"""Les outils du contrôle du français eux-mêmes : extraction du texte visible, règles du projet, exceptions, et
Grammalecte qui trouve bien les fautes qu'on lui montre (sinon un contrôle muet passerait pour un texte juste)."""

import pytest
from django.template import Context, Template

from osezia.conformite.ai_act import echeance, reference_fr, version
from osezia.utils.libelles import minuscule_initiale
from tests.francais.verificateur import Exceptions, Faute, rapport, regles_du_projet, texte_html


def _regles(texte):
    return [(f.regle, f.extrait, f.suggestions[0]) for f in regles_du_projet("page", texte)]


def test_texte_visible_sans_balises_ni_scripts_avec_les_attributs_lus():
    html = """<html><head><title>Titre</title><style>p {color: red}</style></head><body>
      <h1>Un   titre</h1><p>Une <strong>phrase</strong> en<br>deux lignes.</p>
      <script>var x = "pas du texte";</script>
      <img alt="Logo de la République"><input type="submit" value="Envoyer">
      <p>Envoyez l'en-tête <code>Authorization: Bearer</code>.</p>
      <h2>Votre entreprise<span class="fr-stepper__state">Étape 1 sur 7</span></h2>
      <svg><text><tspan>Stratégie</tspan><tspan>numérique</tspan></text><text>67</text></svg></body></html>"""
    assert texte_html(html) == [
        "Titre",
        "Un titre",
        "Une phrase en",
        "deux lignes.",
        "Logo de la République",
        "Envoyer",
        "Envoyez l'en-tête code.",
        "Votre entreprise",
        "Étape 1 sur 7",
        "Stratégie",
        "numérique",
        "67",
    ]


@pytest.mark.parametrize(
    "texte, attendu",
    [
        ("Pour un coût de de 1 000 €.", ("osezia:doublon", "de de", "de")),
        ("Un projet à moyen effort.", ("osezia:ordre_adjectif", "moyen effort", "effort moyen")),
        ("Élevé effort, mais rapide.", ("osezia:ordre_adjectif", "Élevé effort", "effort élevé")),
        ("Une forte sensibilité des données.", ("osezia:ordre_adjectif", "forte sensibilité", "sensibilité forte")),
        ("Hébergée en france.", ("osezia:majuscules", "france", "France")),
        ("Ce que l'ia peut faire.", ("osezia:majuscules", "ia", "IA")),
        ("Votre cci vous accompagne.", ("osezia:majuscules", "cci", "CCI")),
        ("Les règles du Rgpd.", ("osezia:majuscules", "Rgpd", "RGPD")),
        ("Le règlement (ue) 2024/1689.", ("osezia:majuscules", "ue", "UE")),
        ("Regulation 2024/1689.", ("osezia:anglais", "Regulation", "règlement")),
        ("Le règlement (EU) 2024/1689.", ("osezia:anglais", "(EU)", "(UE)")),
    ],
)
def test_regles_du_projet_trouvent_la_faute(texte, attendu):
    assert attendu in _regles(texte)


@pytest.mark.parametrize(
    "texte",
    [
        "Vous vous inscrivez, nous nous chargeons du reste.",
        "Un effort moyen, une sensibilité forte, un moyen simple de commencer.",
        "Hébergée en France, conforme au règlement (UE) 2024/1689 et au RGPD, avec votre CCI.",
        "Voir https://www.francenum.gouv.fr/ia/ et contact@cci.fr, ou bpifrance.fr.",
        "Le tableau 2 2 n'est pas un mot doublé.",
    ],
)
def test_regles_du_projet_laissent_le_francais_juste(texte):
    assert _regles(texte) == []


def test_exceptions_chaque_entree_a_sa_raison_et_excuse_ce_quelle_dit():
    exceptions = Exceptions.lire()
    assert exceptions.options_desactivees and exceptions.mots and exceptions.regles and exceptions.hors_controle
    assert all(exceptions.mots.values()) and all(raison for *_, raison in exceptions.regles)
    mot = Faute("p", "Le site osezia.", 8, 14, "orthographe", "Mot inconnu du lexique.")
    inconnu = Faute("p", "Le site ozesia.", 8, 14, "orthographe", "Mot inconnu du lexique.")
    regle = Faute("p", "Les règles de l'AI Act.", 16, 18, "gv1__imp_avoir__b1_a1_1", "Impératif ?")
    ailleurs = Faute("p", "Ils ai tort.", 4, 6, "gv1__imp_avoir__b1_a1_1", "Impératif ?")
    assert exceptions.excuse(mot) and exceptions.excuse(regle)
    assert not exceptions.excuse(inconnu) and not exceptions.excuse(ailleurs)
    assert "mot « osezia »" not in exceptions.inutilisees() and "mot « Bpifrance »" in exceptions.inutilisees()


def test_exceptions_mal_formees_refusees(tmp_path):
    fichier = tmp_path / "exceptions.yaml"
    fichier.write_text("mots:\n  - mots: [Bpifrance]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="raison"):
        Exceptions.lire(fichier)
    fichier.write_text("inconnue: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="rubriques inconnues"):
        Exceptions.lire(fichier)


def test_le_rapport_dit_page_phrase_regle_et_suggestion():
    faute = regles_du_projet("/rapport/", "Un usage. Pour un coût de de 1 000 €, il reste 200 €.")[0]
    texte = rapport([faute])
    assert "1 faute(s)" in texte and "/rapport/" in texte and "Pour un coût ⟦de de⟧ 1 000 €" in texte
    assert "Un usage" not in texte and "[osezia:doublon] Mot doublé. → de" in texte


def test_grammalecte_trouve_grammaire_et_orthographe(grammalecte):
    grammaire = [regle for _, _, regle, _, _ in grammalecte.analyser("Les dirigeant sont contents.")]
    assert grammaire and grammaire[0].startswith("g3__gn_")
    assert [regle for _, _, regle, _, _ in grammalecte.analyser("Une boulangrie.")] == ["orthographe"]
    assert grammalecte.analyser("Les dirigeants de la boulangerie sont contents.") == []
    assert "boulangerie" in grammalecte.suggestions("boulangrie")


def test_minuscule_initiale_garde_les_majuscules_utiles():
    assert minuscule_initiale("En France") == "en France"
    assert (
        minuscule_initiale("Obligations de l'annexe III (RH, crédit…)") == "obligations de l'annexe III (RH, crédit…)"
    )
    assert minuscule_initiale("RGPD renforcé") == "RGPD renforcé" and minuscule_initiale("") == ""


@pytest.mark.parametrize("nombre, attendu", [(0, "0 résultat"), (1, "1 résultat"), (2, "2 résultats")])
def test_pluriel_a_la_francaise(nombre, attendu):
    assert Template("{{ n }} résultat{{ n|pluriel }}").render(Context({"n": nombre})) == attendu


def test_ai_act_montre_en_francais():
    assert version() == "Règlement (UE) 2024/1689 modifié par le règlement (UE) 2026/1744"
    assert reference_fr("Art. 113(c)(i), as amended") == "art. 113(c)(i), tel que modifié"
    assert reference_fr("Art. 113, 2nd para.") == "art. 113, deuxième alinéa"
    assert echeance("general_application").reference == "art. 113, deuxième alinéa"
