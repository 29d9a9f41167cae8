"""Taille, métier et citations dans les recommandations, sur le référentiel réel."""

import pytest

from osezia.recommandation.citations import MOTS_MAX, citer
from osezia.recommandation.moteur import Moteur, _jetons
from osezia.recommandation.profils import profil_depuis_dict
from osezia.utils.texte import racine

pytestmark = pytest.mark.django_db

BOULANGERIE = {
    "naf": "10.71C",
    "effectif": 8,
    "chiffre_affaires": 650_000,
    "description": "Boulangerie-pâtisserie artisanale en centre-bourg, un fournil et une boutique, huit personnes.",
    "besoins": (
        "Les plannings des vendeuses sont un casse-tête chaque semaine, on jette trop de pain le soir et les "
        "commandes de gâteaux arrivent par SMS, par téléphone et sur Facebook."
    ),
}


@pytest.fixture(scope="module")
def moteur(django_db_blocker):
    with django_db_blocker.unblock():
        return Moteur.depuis_la_base()


def _citations(recommandations):
    return [r.raisons[0] for r in recommandations if r.raisons and r.raisons[0].nature == "citation"]


def test_la_boulangerie_de_huit_personnes_n_a_pas_de_projet_d_usine(moteur):
    recommandations = moteur.recommander(profil_depuis_dict(BOULANGERIE))
    feuille = [r.cas_usage for r in recommandations[:8] if r.horizon != "plus-tard"]
    assert feuille[:4] == ["prise-commandes-automatique", "prevision-demande", "redaction-contenus-marketing",
                           "planification-equipes"]  # fmt: skip
    for usine in ("maintenance-predictive", "planification-production", "controle-qualite-vision"):
        assert usine not in feuille
    raison = next(r for r in recommandations if r.cas_usage == "prevision-demande").textes_raisons
    assert "Usage très fréquent en boulangerie-pâtisserie" in raison


def test_chaque_citation_porte_ses_propres_mots(moteur):
    recommandations = moteur.recommander(profil_depuis_dict(BOULANGERIE), top=8)
    citations = _citations(recommandations)
    assert len(citations) >= 3
    vus = {}
    for citation in citations:
        extrait = citation.texte.split("« ", 1)[1].rstrip(" »")
        assert len([mot for mot in extrait.split() if mot != "[…]"]) <= MOTS_MAX
        mots = frozenset(citation.texte[d:f].lower() for d, f in citation.marques)
        assert mots, citation.texte
        # Deux recommandations trouvées par des mots différents ne montrent jamais la même citation.
        assert vus.setdefault(citation.texte, mots) == mots
    textes = {r.cas_usage: r.textes_raisons[0] for r in recommandations}
    # « commander trop » (stocks) ne se lit pas à cheval sur « on jette trop de pain le soir et les commandes… ».
    assert "commandes" not in textes.get("optimisation-stocks", "")
    assert textes["prise-commandes-automatique"] == "Vous écrivez « les commandes de gâteaux arrivent par SMS »"
    assert textes["prevision-demande"] == "Vous écrivez « on jette trop de pain le soir »"
    assert textes["planification-equipes"] == (
        "Vous écrivez « Les plannings des vendeuses sont un casse-tête chaque semaine »"
    )


def test_sans_mots_de_l_entreprise_la_raison_dit_sur_quoi_elle_repose(moteur):
    recommandations = moteur.recommander(profil_depuis_dict({"naf": "10.71C", "effectif": 8}), top=8)
    assert not _citations(recommandations)
    for r in recommandations:
        assert r.raisons and all(raison.nature in ("secteur", "taille", "general") for raison in r.raisons)


def test_l_usage_qui_ne_convient_pas_a_la_taille_passe_plus_tard_avec_la_raison(moteur):
    solo = profil_depuis_dict(
        {"naf": "71.11Z", "effectif": 1, "besoins": "Faire les plannings de l'équipe et trier les candidatures"}
    )
    par_cas = {r.cas_usage: r for r in moteur.recommander(solo)}
    equipes = par_cas["planification-equipes"]
    assert equipes.hors_taille and equipes.horizon == "plus-tard"
    assert equipes.textes_raisons[-1].startswith("Pas pour tout de suite : un outil de planning d'équipe")
    tri = par_cas["preselection-candidatures"]
    assert tri.hors_taille and "Pas pour tout de suite à votre taille (moins de 10 personnes)" in tri.textes_raisons[-1]


def test_la_condition_remplie_se_lit_dans_le_texte_de_l_entreprise(moteur):
    texte = "Un onduleur qui lâche sur un site isolé, on s'en rend compte des jours après."
    sans = profil_depuis_dict({"naf": "35.11Z", "effectif": 6, "chiffre_affaires": 900_000, "besoins": "Pannes."})
    avec = profil_depuis_dict({"naf": "35.11Z", "effectif": 6, "chiffre_affaires": 900_000, "besoins": texte})
    maintenance_sans = next(r for r in moteur.recommander(sans) if r.cas_usage == "maintenance-predictive")
    maintenance_avec = next(r for r in moteur.recommander(avec) if r.cas_usage == "maintenance-predictive")
    assert (
        maintenance_sans.hors_taille
        and "à envisager seulement si vos équipements" in maintenance_sans.textes_raisons[-1]
    )
    assert not maintenance_avec.hors_taille
    assert "Possible à votre taille : vous parlez de « onduleur »" in maintenance_avec.textes_raisons
    # Une PME (plus de 2 M€ de chiffre d'affaires) n'a pas de condition à remplir.
    pme = profil_depuis_dict({"naf": "35.11Z", "effectif": 9, "chiffre_affaires": 4_200_000, "besoins": "Pannes."})
    assert not next(r for r in moteur.recommander(pme) if r.cas_usage == "maintenance-predictive").hors_taille


def test_citer_la_plus_courte_proposition_et_resserrer():
    texte = "Le soir on ressaisit tout, et les commandes arrivent par SMS, par téléphone et par fax."
    poids = {racine("commandes"): 2.0, racine("SMS".lower()): 1.5, racine("fax"): 1.0}
    citation = citer(texte, poids, _jetons)
    # La proposition qui porte l'essentiel du poids l'emporte sur la phrase entière, deux fois plus longue.
    assert citation.texte == "les commandes arrivent par SMS"
    assert citation.mots_marques == ["commandes", "SMS"]
    serree = citer(texte, {racine("fax"): 1.0}, _jetons, resserrer=True)
    assert serree.texte == "[…] téléphone et par fax" and serree.mots_marques == ["fax"]
    assert citer(texte, {"inconnu": 1.0}, _jetons) is None
    # Au début d'une phrase, rien n'est coupé avant : pas de « […] » en tête.
    deux = "Les devis me prennent mes soirées. Les clients appellent sans arrêt pendant les chantiers et le reste."
    serree = citer(deux, {racine("appellent"): 1.0}, _jetons, resserrer=True)
    assert serree.texte == "Les clients appellent sans arrêt pendant […]"


def test_le_nom_du_metier_de_l_entreprise_ne_se_cite_pas(moteur):
    profil = profil_depuis_dict({"naf": "10.71C", "effectif": 8, "description": "Boulangerie-pâtisserie artisanale."})
    for recommandation in moteur.recommander(profil, top=8):
        assert all(r.nature != "citation" for r in recommandation.raisons), recommandation.textes_raisons
    prevision = next(r for r in moteur.recommander(profil) if r.cas_usage == "prevision-demande")
    assert prevision.textes_raisons[0] == "Usage très fréquent en boulangerie-pâtisserie"


PLOMBIER = {
    "naf": "43.22A",
    "effectif": 5,
    "description": "Plombier chauffagiste, cinq salariés, interventions chez les particuliers.",
    "besoins": (
        "Les devis me prennent mes soirées. Les clients appellent sans arrêt pendant les chantiers et on perd du "
        "temps dans les tournées."
    ),
}


def test_aucun_nom_de_metier_ne_se_cite_et_chaque_usage_montre_ses_mots(moteur):
    recommandations = moteur.recommander(profil_depuis_dict(PLOMBIER), top=8)
    textes = {r.cas_usage: r.textes_raisons for r in recommandations}
    # « plombier » et « chauffagiste » sont des mots-clés de l'assistant de maintenance, mais ils disent qui est
    # l'entreprise, pas ce qu'elle demande.
    assert all("Plombier" not in texte for raisons in textes.values() for texte in raisons)
    # Le chiffrage cite sa propre phrase, pas toute la suite jusqu'aux tournées.
    assert textes["aide-chiffrage-devis"][0] == "Vous écrivez « Les devis me prennent mes soirées »"
    citations = _citations(recommandations)
    vus = {}
    for citation in citations:
        mots = frozenset(citation.texte[d:f].lower() for d, f in citation.marques)
        assert mots and vus.setdefault(citation.texte, mots) == mots


def test_un_mot_d_expression_ou_du_seul_corps_de_fiche_ne_se_cite_pas(moteur):
    # « sms » n'est mot-clé de la rédaction marketing que dans « campagne sms » : des commandes qui arrivent par SMS
    # ne se citent pas comme preuve d'un besoin de marketing.
    recommandations = moteur.recommander(profil_depuis_dict(BOULANGERIE), top=10)
    marketing = next(r for r in recommandations if r.cas_usage == "redaction-contenus-marketing")
    assert all("SMS" not in texte for texte in marketing.textes_raisons), marketing.textes_raisons
    commandes = next(r for r in recommandations if r.cas_usage == "prise-commandes-automatique")
    assert commandes.raisons[0].texte[slice(*commandes.raisons[0].marques[-1])] == "SMS"
