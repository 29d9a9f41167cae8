import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from osezia.financement import chargement
from osezia.financement.eligibilite import Entreprise, evaluer, reste_a_charge
from osezia.financement.models import DispositifFinancement

pytestmark = pytest.mark.django_db


def dispositif(**kwargs):
    valeurs = {
        "slug": "test",
        "nom": "Dispositif de test",
        "porteur": "Test",
        "type": "accompagnement",
        "finance": "projet",
        "resume": "…",
        "date_verification": datetime.date(2026, 11, 23),
        "sources": [],
        **kwargs,
    }
    return DispositifFinancement(**valeurs)


def test_les_dispositifs_du_plan_sont_charges_avec_leurs_sources():
    slugs = set(DispositifFinancement.objects.values_list("slug", flat=True))
    assert {"diagnostic-data-ia", "ia-booster-france-2030", "fonds-garantie-ia", "pionniers-ia", "cpf"} <= slugs
    for d in DispositifFinancement.objects.all():
        assert d.sources and d.date_verification
    diagnostic = DispositifFinancement.objects.get(slug="diagnostic-data-ia")
    assert diagnostic.taux == Decimal("40") and not diagnostic.est_confirme("plafond")


def test_eligible_avec_ses_raisons_entre_10_et_2000_salaries():
    booster = DispositifFinancement.objects.get(slug="ia-booster-france-2030")
    resultat = evaluer(booster, Entreprise(effectif=25, chiffre_affaires=4_000_000, categorie="PME"))
    assert resultat.prioritaire is True
    assert any("prioritaire : entre 10 et 2 000 salariés (vous : 25)" in c.texte for c in resultat.criteres)
    petite = evaluer(booster, Entreprise(effectif=4, chiffre_affaires=100_000, categorie="TPE"))
    assert petite.prioritaire is False and any(c.texte.startswith("non prioritaire") for c in petite.criteres)


def test_un_critere_qu_on_ne_peut_pas_verifier_est_a_verifier_jamais_devine():
    d = dispositif(
        criteres=[{"type": "effectif_max", "valeur": 49}, {"type": "chiffre_affaires_min", "valeur": 250_000}]
    )
    resultat = evaluer(d, Entreprise(effectif=None, chiffre_affaires=None))
    assert resultat.statut == "a_verifier"
    assert {c.texte for c in resultat.criteres} == {
        "au plus 49 salariés : effectif non renseigné",
        "chiffre d'affaires supérieur à 250 000 € : chiffre d'affaires non renseigné",
    }


def test_non_eligible_et_textes_a_verifier():
    d = dispositif(criteres=[{"type": "effectif_max", "valeur": 49}], a_verifier=["Dispositif encore ouvert."])
    resultat = evaluer(d, Entreprise(effectif=120))
    assert resultat.statut == "non_eligible"
    assert [c.texte for c in resultat.a_verifier] == ["Dispositif encore ouvert."]


def test_une_tpe_face_a_un_dispositif_pour_les_pme_est_a_verifier():
    d = dispositif(criteres=[{"type": "categories", "valeur": ["PME", "ETI"]}])
    assert evaluer(d, Entreprise(categorie="TPE")).statut == "a_verifier"
    assert evaluer(d, Entreprise(categorie="PME")).statut == "eligible"
    assert evaluer(d, Entreprise(categorie="GE")).statut == "non_eligible"


def test_reste_a_charge_avec_taux_et_plafond():
    d = dispositif(taux=Decimal("80"), plafond=20_000)
    assert reste_a_charge(d, "1k-10k") == (200, 2_000)
    assert reste_a_charge(d, "10k-50k") == (2_000, 30_000)  # plafond atteint : 50 000 − 20 000
    assert reste_a_charge(d, "plus-50k") == (30_000, None)
    assert reste_a_charge(dispositif(taux=None), "1k-10k") is None


def test_un_fichier_de_dispositifs_invalide_n_ecrit_rien(tmp_path):
    fichier = tmp_path / "d.yaml"
    fichier.write_text(
        "dispositifs:\n  - slug: nouveau\n    nom: N\n    porteur: P\n    type: subvention\n    finance: projet\n"
        "    resume: r\n    date_verification: '2026-11-23'\n    sources: []\n    criteres:\n      - type: age_du_capitaine\n",
        encoding="utf-8",
    )
    with pytest.raises(chargement.ErreurDispositif, match="critère inconnu"):
        chargement.charger_dispositifs(mettre_a_jour=True, fichier=fichier)
    assert not DispositifFinancement.objects.filter(slug="nouveau").exists()


def test_charger_contenus_verifier_n_ecrit_rien(capsys):
    avant = DispositifFinancement.objects.count()
    DispositifFinancement.objects.filter(slug="cpf").update(nom="Modifié")
    call_command("charger_contenus", "--verifier")
    assert "Contenus valides : 45 cas d'usage, 17 métiers, 7 dispositifs" in capsys.readouterr().out
    assert DispositifFinancement.objects.count() == avant
    assert DispositifFinancement.objects.get(slug="cpf").nom == "Modifié"
    with pytest.raises(CommandError):
        call_command("charger_contenus", "fichier-en-trop")
