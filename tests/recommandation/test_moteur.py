import json
import math
from pathlib import Path

import pytest
from django.core.management import call_command

from osezia.cas_usage.connaissance import ConnaissanceSectorielle
from osezia.recommandation.moteur import Moteur, Profil, _CasUsage, faisabilite_cas, horizon
from osezia.recommandation.profils import ErreurProfil, lire_jsonl, profil_depuis_dict

VALIDATION = Path(__file__).parent / "profils_validation.jsonl"


def cas(slug, mots, effort="moyen", cout="1k-10k", delai="1-3-mois", transversal=False, **autres):
    from osezia.recommandation.moteur import _racines

    fortes = {r: 1.0 for m in mots for r in _racines(m)}
    expressions = [tuple(_racines(m)) for m in mots if len(_racines(m)) > 1]
    signaux = {
        taille: [(s, tuple(_racines(s))) for s in entree.get("signaux", [])]
        for taille, entree in autres.get("tailles", {}).items()
    }
    return _CasUsage(
        slug, slug, "Fonction", fortes, set(), expressions, transversal, effort, cout, delai, signaux=signaux, **autres
    )


@pytest.fixture
def moteur():
    return Moteur(
        [
            cas("commandes", ["saisie des commandes", "bons de commande", "sms", "ressaisir"]),
            cas("tournees", ["tournées de livraison", "camions", "chauffeurs"]),
            cas("factures", ["factures fournisseurs", "saisie comptable"]),
        ],
        ConnaissanceSectorielle(
            divisions={"46": {"commandes": 3, "tournees": 2}, "49": {"tournees": 3}, "69": {"factures": 3}},
            libelles={"46": "Commerce de gros", "49": "Transports terrestres", "49.41A": "Transports routiers de fret"},
        ),
    )


def test_le_texte_des_besoins_classe_et_la_raison_cite_l_entreprise(moteur):
    profil = Profil(naf="49.41A", besoins="Nos clients envoient leurs commandes par SMS, on doit tout ressaisir.")
    resultats = moteur.recommander(profil)
    assert resultats[0].cas_usage == "commandes"
    citation = resultats[0].raisons[0]
    assert citation.nature == "citation"
    # Les trois mots trouvés sont dans la même phrase : elle est citée entière, ses mots marqués.
    assert citation.texte == "Vous écrivez « Nos clients envoient leurs commandes par SMS, on doit tout ressaisir »"
    assert [citation.texte[d:f] for d, f in citation.marques] == ["commandes", "SMS", "ressaisir"]


def test_le_secteur_departage_sans_texte(moteur):
    resultats = moteur.recommander(Profil(naf="49.41A"))
    assert resultats[0].cas_usage == "tournees"
    # La raison nomme l'activité de l'entreprise (sa sous-classe), pas le libellé de la division.
    assert resultats[0].textes_raisons == ["Usage très fréquent dans votre activité (transports routiers de fret)"]


def test_accents_pluriels_et_expressions(moteur):
    from osezia.recommandation.moteur import _jetons, _rangs

    assert moteur.recommander(Profil(besoins="Les TOURNEES de livraison des camions"))[0].cas_usage == "tournees"
    tournees = next(c for c in moteur.cas if c.slug == "tournees")

    def score(texte):
        jetons = _jetons(texte)
        return moteur._score_texte(tournees, [("besoins", jetons, 1.0, _rangs(texte, jetons))])[0]

    # Les mêmes mots, mais l'expression entière « tournées de livraison » vaut plus que ses mots épars.
    assert score("nos tournées de livraison") > score(
        "livraison lundi matin, réunion commerciale, inventaire du stock, puis tournées"
    )
    # Ni à cheval sur deux propositions : « les tournées sont longues et la livraison… » n'est pas l'expression.
    assert score("nos tournées de livraison") > score("les tournées sont longues. Livraison gratuite")


def test_deterministe_et_trie(moteur):
    profil = Profil(naf="46.32A", description="grossiste", besoins="commandes par sms et factures fournisseurs")
    premier, second = moteur.recommander(profil), moteur.recommander(profil)
    assert [r.cas_usage for r in premier] == [r.cas_usage for r in second]
    assert [r.score for r in premier] == sorted((r.score for r in premier), reverse=True)


def test_faisabilite_et_horizon():
    lourd = cas("lourd", ["x"], effort="eleve", cout="plus-50k", delai="3-6-mois")
    leger = cas("leger", ["y"], effort="faible", cout="moins-1k", delai="semaines")
    tpe_peu_mure = Profil(effectif=4, maturite={"donnees": 10, "automatisation": 5})
    assert faisabilite_cas(lourd, tpe_peu_mure) < 0.6
    assert horizon(lourd, faisabilite_cas(lourd, tpe_peu_mure)) == "plus-tard"
    assert horizon(leger, faisabilite_cas(leger, Profil(effectif=4))) == "rapide"
    assert faisabilite_cas(lourd, Profil()) == 1.0  # rien de connu : on ne pénalise pas


@pytest.mark.parametrize(
    "donnees, message",
    [
        ({"effectif": -1}, "hors limites"),
        ({"effectif": "douze"}, "doit être un nombre"),
        ({"besoins": "x" * 5001}, "dépasse 5000"),
        ({"description": 42}, "doit être un texte"),
        ([], "objet JSON"),
    ],
)
def test_profil_invalide(donnees, message):
    with pytest.raises(ErreurProfil, match=message):
        profil_depuis_dict(donnees)


def test_profil_ignore_les_champs_inconnus():
    profil = profil_depuis_dict({"id": "x", "naf": "47.11f", "attendus": {"a": 2}, "autre": 1})
    assert (profil.identifiant, profil.naf) == ("x", "47.11F")


def _ndcg(predits, attendus, k=5):
    def dcg(notes):
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(notes))

    ideal = dcg(sorted(attendus.values(), reverse=True)[:k])
    return dcg([attendus.get(s, 0) for s in predits[:k]]) / ideal


@pytest.mark.django_db
def test_qualite_sur_le_jeu_de_validation_independant():
    """Profils écrits sans voir les contenus du référentiel : le moteur doit généraliser (nDCG@5 ≥ 0,85)."""
    moteur = Moteur.depuis_la_base()
    lignes = [json.loads(ligne) for ligne in VALIDATION.read_text(encoding="utf-8").splitlines() if ligne.strip()]
    scores = [
        _ndcg([r.cas_usage for r in moteur.recommander(profil_depuis_dict(ligne), top=5)], ligne["attendus"])
        for ligne in lignes
    ]
    assert len(scores) == 40
    assert sum(scores) / len(scores) >= 0.85


@pytest.mark.django_db
def test_commande_recommander(tmp_path, capsys):
    fichier = tmp_path / "profils.jsonl"
    fichier.write_text(
        json.dumps({"id": "p1", "naf": "49.41A", "besoins": "plans de transport faits à la main"}) + "\n{pas du json\n\n"
        + json.dumps({"id": "p2", "effectif": -5}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    call_command("recommander", str(fichier), "--top", "3")
    sortie = capsys.readouterr()
    lignes = [json.loads(ligne) for ligne in sortie.out.splitlines()]
    assert [ligne["id"] for ligne in lignes] == ["p1"]
    assert len(lignes[0]["recommandations"]) == 3
    assert set(lignes[0]["recommandations"][0]) == {"cas_usage", "score", "raisons"}
    assert "Ligne 2 ignorée" in sortie.err and "Ligne 4 ignorée" in sortie.err


def test_lire_jsonl(tmp_path):
    fichier = tmp_path / "p.jsonl"
    fichier.write_text('{"id": "a", "naf": "10.71C"}\n\n', encoding="utf-8")
    assert lire_jsonl(fichier)[0].division == "10"


@pytest.mark.django_db
def test_commande_recommander_sur_une_base_neuve(tmp_path, capsys):
    """Sans préparation (référentiel vide), la commande charge elle-même les contenus au lieu de ne rien recommander."""
    from osezia.cas_usage.models import CasUsage
    from osezia.projets.models import Projet
    from osezia.relations.models import Besoin

    Besoin.objects.all().delete()  # les besoins et les projets (dont ceux de la démonstration) protègent
    Projet.objects.all().delete()  # leur cas d'usage
    CasUsage.objects.all().delete()
    fichier = tmp_path / "profils.jsonl"
    fichier.write_text(
        json.dumps({"id": "p1", "naf": "56.10A", "besoins": "les avis clients"}) + "\n", encoding="utf-8"
    )
    call_command("recommander", str(fichier), "--top", "2")
    sortie = capsys.readouterr()
    assert "Base neuve : contenus chargés (45 cas d'usage)." in sortie.err
    assert len(json.loads(sortie.out)["recommandations"]) == 2
