import pytest
from django.core.management import call_command

from osezia.referentiels.enums import CategorieTaille
from osezia.referentiels.models import CategorieEntreprise, Departement, Region, SecteurNAF
from osezia.referentiels.selectors import chercher_naf
from osezia.referentiels.tailles import categorie_taille

pytestmark = pytest.mark.django_db


def test_la_naf_a_ses_cinq_niveaux_et_ses_liens():
    comptes = {
        n: SecteurNAF.objects.filter(niveau=n).count()
        for n in ("section", "division", "groupe", "classe", "sous-classe")
    }
    assert comptes == {"section": 21, "division": 88, "groupe": 272, "classe": 615, "sous-classe": 732}
    hypermarches = SecteurNAF.objects.get(code="47.11F")
    assert hypermarches.libelle == "Hypermarchés"
    assert (hypermarches.parent_id, hypermarches.division_id, hypermarches.section_id) == ("47.11", "47", "G")


def test_geographie_cog_2024():
    assert Region.objects.count() == 18
    assert Departement.objects.count() == 101
    assert Departement.objects.get(code="2A").region.nom == "Corse"


def test_le_chargement_est_idempotent():
    avant = (SecteurNAF.objects.count(), Region.objects.count(), Departement.objects.count())
    call_command("charger_referentiels", verbosity=0)
    call_command("charger_referentiels", verbosity=0)
    assert (SecteurNAF.objects.count(), Region.objects.count(), Departement.objects.count()) == avant
    assert list(CategorieEntreprise.objects.values_list("code", flat=True)) == ["TPE", "PME", "ETI", "GE"]


@pytest.mark.parametrize(
    "effectif, chiffre_affaires, total_bilan, attendu",
    [
        (5, 500_000, None, CategorieTaille.TPE),
        (9, 2_000_000, None, CategorieTaille.TPE),
        (9, 3_000_000, 1_500_000, CategorieTaille.TPE),  # CA OU bilan sous le seuil
        (9, 3_000_000, 2_500_000, CategorieTaille.PME),
        (10, 500_000, None, CategorieTaille.PME),
        (249, 50_000_000, None, CategorieTaille.PME),
        (250, 10_000_000, None, CategorieTaille.ETI),
        (100, 60_000_000, 50_000_000, CategorieTaille.ETI),
        (4_999, 1_500_000_000, None, CategorieTaille.ETI),
        (5_000, 10_000_000, None, CategorieTaille.GE),
        (6_000, None, None, CategorieTaille.GE),  # l'effectif seul suffit à conclure
        (None, 1_000_000, None, CategorieTaille.INCONNUE),
        (5, None, None, CategorieTaille.INCONNUE),
        (5, 3_000_000, None, CategorieTaille.INCONNUE),  # le bilan pourrait encore faire une TPE
    ],
)
def test_categorie_selon_le_decret_2008_1354(effectif, chiffre_affaires, total_bilan, attendu):
    resultat = categorie_taille(effectif=effectif, chiffre_affaires=chiffre_affaires, total_bilan=total_bilan)
    assert resultat.categorie == attendu
    assert resultat.explication


@pytest.mark.parametrize(
    "texte, code",
    [
        ("boulangerie", "10.71C"),
        ("Boulangeries", "10.71C"),
        ("4711f", "47.11F"),
        ("47.11F", "47.11F"),
        ("hotels", "55.10Z"),
        ("enseignement de la conduite", "85.53Z"),
    ],
)
def test_chercher_un_code_naf_par_libelle_ou_par_code(texte, code):
    assert code in [r["code"] for r in chercher_naf(texte)]


def test_chercher_naf_vide_ou_sans_resultat():
    assert chercher_naf("") == []
    assert chercher_naf("zzzzqqq") == []
