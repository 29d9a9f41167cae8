"""Connaissance sectorielle au bon grain (métier, sinon division) et adéquation à la taille d'entreprise."""

import pytest

from osezia.cas_usage import chargement
from osezia.cas_usage.connaissance import (
    ConnaissanceSectorielle,
    adequation,
    adequation_du_cas,
    codes_ancetres,
    taille_entreprise,
)
from osezia.cas_usage.models import CasUsage, CodeMetier, Metier

pytestmark = pytest.mark.django_db

USAGES_D_USINE = {
    "controle-qualite-vision",
    "maintenance-predictive",
    "optimisation-procede",
    "planification-production",
}


@pytest.fixture
def connaissance():
    return ConnaissanceSectorielle.depuis_la_base()


def test_codes_ancetres_sous_la_division():
    assert codes_ancetres("10.71c") == ["10.71C", "10.71", "10.7"]
    assert codes_ancetres("10.71") == ["10.71", "10.7"]
    assert codes_ancetres("10") == [] and codes_ancetres("C") == [] and codes_ancetres("") == []


def test_taille_du_decret_sinon_estimee_par_l_effectif():
    assert taille_entreprise("PME", 9) == ("PME", False)  # 9 salariés mais plus de 2 M€ : une PME
    assert taille_entreprise("inconnue", 8) == ("TPE", True)
    assert taille_entreprise(None, 250) == ("ETI", True)
    assert taille_entreprise(None, None) == (None, False)


def test_la_boulangerie_artisanale_n_est_pas_l_industrie_alimentaire(connaissance):
    artisanale = connaissance.pour("10.71C")
    industrielle = connaissance.pour("10.71A")
    assert artisanale.metier == "boulangerie-patisserie"
    assert artisanale.raison(3) == "Usage très fréquent en boulangerie-pâtisserie"
    assert not USAGES_D_USINE & set(artisanale.forces)
    assert artisanale.forces["prevision-demande"] == 3
    # La boulangerie industrielle garde la connaissance de la division 10, nommée par sa propre activité.
    assert industrielle.metier == "" and industrielle.forces["controle-qualite-vision"] == 3
    assert industrielle.locution == "dans votre activité (fabrication industrielle de pain et de pâtisserie fraîche)"


def test_un_groupe_de_metier_vaut_pour_ses_sous_classes_et_la_section_prend_le_plus_fort(connaissance):
    # 43.29B n'a pas de locution propre : le groupe 43.2 s'applique, la phrase reprend le libellé NAF.
    autres = connaissance.pour("43.29B")
    assert autres.metier == "artisans-batiment" and autres.locution.startswith("dans votre activité (autres travaux")
    assert connaissance.pour("43.22A").locution == "en plomberie"
    section = connaissance.pour("C")
    assert section.forces["controle-qualite-vision"] == 3 and section.locution == "dans ce secteur"


def test_chaque_cas_d_usage_dit_ce_qu_il_faut_et_pour_quelles_tailles():
    for cas in CasUsage.objects.all():
        assert cas.exigence_equipement and cas.exigence_donnees and cas.exigence_competences, cas.slug
        assert cas.sources_exigences[0]["statut"] == "a_confirmer"
    vision = CasUsage.objects.get(slug="controle-qualite-vision")
    assert adequation_du_cas(vision, "TPE").statut == "sous-conditions"
    assert adequation_du_cas(vision, "PME").adaptee
    assert adequation_du_cas(CasUsage.objects.get(slug="optimisation-procede"), "TPE").statut == "inadaptee"
    assert adequation_du_cas(vision, None).adaptee  # taille inconnue : rien n'est écarté


def test_effectif_minimal():
    resultat = adequation(tailles={}, effectif_min=4, raison_effectif="Trop petit.", taille="TPE", effectif=1)
    assert (resultat.statut, resultat.texte) == ("inadaptee", "Trop petit.")
    assert adequation(tailles={}, effectif_min=4, raison_effectif="x", taille="TPE", effectif=None).adaptee


def test_les_metiers_sont_charges_avec_leurs_sources():
    assert Metier.objects.count() == 17
    boulangerie = Metier.objects.get(slug="boulangerie-patisserie")
    assert set(boulangerie.codes.values_list("secteur_id", flat=True)) == {"10.71B", "10.71C", "10.71D", "47.24Z"}
    assert boulangerie.sources[0]["statut"] == "a_confirmer"
    assert CodeMetier.objects.get(secteur="47.22Z").metier.sources[-1]["statut"] == "lu"


def _contenus_modifies(tmp_path, monkeypatch, nom, remplacer):
    for fichier in chargement.CONTENUS.iterdir():
        texte = fichier.read_text(encoding="utf-8")
        if fichier.stem == nom:
            texte = remplacer(texte)
        (tmp_path / fichier.name).write_text(texte, encoding="utf-8")
    monkeypatch.setattr(chargement, "CONTENUS", tmp_path)


def test_metiers_invalides_rien_n_est_ecrit(tmp_path, monkeypatch):
    _contenus_modifies(
        tmp_path,
        monkeypatch,
        "metiers",
        lambda t: t.replace('"10.71D": "en pâtisserie"', '"99.99X": "en pâtisserie"').replace(
            "prevision-demande: 3", "prevision-demande: 5", 1
        ),
    )
    Metier.objects.filter(slug="boulangerie-patisserie").update(nom="Avant")
    with pytest.raises(chargement.ErreurContenu) as erreur:
        chargement.charger_metiers(mettre_a_jour=True)
    messages = "\n".join(erreur.value.erreurs)
    assert "« 99.99X » n'est pas un groupe, une classe ou une sous-classe NAF" in messages
    assert "force 5 pour « prevision-demande »" in messages
    assert Metier.objects.get(slug="boulangerie-patisserie").nom == "Avant"


def test_exigences_invalides_rien_n_est_ecrit(tmp_path, monkeypatch):
    _contenus_modifies(
        tmp_path,
        monkeypatch,
        "exigences",
        lambda t: t.replace("adequation: inadaptee", "adequation: impossible").replace(
            "    equipement: aucun\n    donnees: aucune\n    competences: aucune\n\n  traduction",
            "    equipement: robot\n    donnees: aucune\n    competences: aucune\n\n  traduction",
        ),
    )
    with pytest.raises(chargement.ErreurContenu) as erreur:
        chargement.charger_exigences(mettre_a_jour=True)
    messages = "\n".join(erreur.value.erreurs)
    assert "adéquation « impossible » inconnue" in messages
    assert "equipement « robot » inconnu" in messages


def test_la_locution_ote_les_precisions_entre_parentheses_du_libelle():
    connaissance = ConnaissanceSectorielle(
        divisions={"01": {"agriculture-precision": 3}},
        libelles={"01.11Z": "Culture de céréales (à l'exception du riz), de légumineuses et de graines oléagineuses"},
    )
    assert connaissance.pour("01.11Z").locution == (
        "dans votre activité (culture de céréales, de légumineuses et de graines oléagineuses)"
    )
