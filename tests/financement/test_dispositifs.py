"""Les dispositifs réels (contenus/dispositifs.yaml) : sources honnêtes, statuts pour une boulangerie, chargement."""

import datetime
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from osezia.cas_usage.models import CasUsage
from osezia.financement import chargement
from osezia.financement.models import DispositifFinancement
from osezia.financement.selectors import (
    dispositifs_actifs,
    entreprise_du_profil,
    financements_du_projet,
    financements_generaux,
)

pytestmark = pytest.mark.django_db
AUJOURDHUI = datetime.date(2026, 12, 2)
SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"


def boulangerie():
    return entreprise_du_profil(naf="10.71C", effectif=8, chiffre_affaires=520_000, region="28")


def par_slug(eligibilites):
    return {e.dispositif.slug: e for e in eligibilites}


def sources_de(d):
    yield from (s for liste in d.sources.values() for s in liste)
    for c in [*d.criteres, *d.conditions, *d.calendrier.get("fenetres", []), d.calendrier]:
        yield from c.get("sources") or []


def test_chaque_fait_cite_ses_sources_sans_adresse_ni_date_de_verification():
    dispositifs = list(DispositifFinancement.objects.all())
    assert {d.slug for d in dispositifs} >= {"diagnostic-data-ia", "fonds-garantie-ia", "pionniers-ia", "cpf"}
    for d in dispositifs:
        assert d.sources_de("presentation") and d.sources_de("finance"), d.slug
        for chiffre in d.chiffres:
            assert chiffre["sources"], (d.slug, chiffre["cle"])
        for c in [*d.criteres, *d.conditions]:
            assert c["sources"], (d.slug, c)
        for s in sources_de(d):
            assert set(s) == {"titre", "statut", "document", "passage", "date", "note"}
            assert s["statut"] in ("lu", "a_confirmer") and "http" not in " ".join(s.values())
            assert bool(s["document"]) == (s["statut"] == "lu")
    diagnostic = DispositifFinancement.objects.get(slug="diagnostic-data-ia")
    assert diagnostic.est_confirme("taux") and diagnostic.est_confirme("plafond")
    # Rien dans les documents lus ne dit que le fonds de garantie est réservé aux TPE et PME.
    fonds = DispositifFinancement.objects.get(slug="fonds-garantie-ia")
    assert fonds.criteres[0]["sources"][0]["statut"] == "a_confirmer"


def _sans_typographie(texte):
    texte = texte.replace("’", "'").replace("‘", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(texte.split())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="documents du plan (../shared/seeds) absents")
def test_chaque_passage_cite_est_recopie_du_document_lu():
    cites = 0
    for d in DispositifFinancement.objects.all():
        for s in sources_de(d):
            if s["statut"] != "lu" or not s["document"].startswith("seeds/"):
                continue
            texte = _sans_typographie((SEEDS / s["document"].removeprefix("seeds/")).read_text(encoding="utf-8"))
            for citation in re.findall(r"«\s*(.+?)\s*»", s["passage"]):
                assert _sans_typographie(citation) in texte, (d.slug, s["document"], citation)
                cites += 1
    assert cites >= 20


def test_la_boulangerie_de_8_salaries_n_a_pas_pionniers_ni_le_fonds_de_garantie_pour_un_outil_du_marche():
    dispositifs, entreprise = dispositifs_actifs(), boulangerie()
    assert entreprise.categorie == "TPE" and entreprise.section == "C"
    prevision = CasUsage.objects.get(slug="prevision-demande")
    projet = par_slug(
        financements_du_projet(dispositifs=dispositifs, entreprise=entreprise, cas=prevision, aujourdhui=AUJOURDHUI)
    )
    assert projet["pionniers-ia"].ligne == (
        "Non adapté : finance la R&D de rupture, pas l'achat et le déploiement d'un outil existant."
    )
    assert projet["fonds-garantie-ia"].statut == "non_adapte"
    assert not any(e.peut_aider for e in projet.values())
    generaux = par_slug(financements_generaux(dispositifs=dispositifs, entreprise=entreprise, aujourdhui=AUJOURDHUI))
    diagnostic = generaux["diagnostic-data-ia"]
    assert diagnostic.statut == "a_verifier" and diagnostic.reste_reference == 6_000
    assert "une microentreprise (TPE) est une PME au sens du décret n° 2008-1354" in diagnostic.raisons[0]
    # Rien n'est « éligible » sur nos seules sources : chaque statut reste à vérifier.
    assert {e.statut for e in generaux.values()} == {"a_verifier"}


def test_un_projet_sur_mesure_peut_etre_aide_mais_rien_n_est_promis_sur_une_source_non_relue():
    four = CasUsage.objects.get(slug="optimisation-procede")
    projet = par_slug(
        financements_du_projet(
            dispositifs=dispositifs_actifs(), entreprise=boulangerie(), cas=four, aujourdhui=AUJOURDHUI
        )
    )
    fonds = projet["fonds-garantie-ia"]
    assert fonds.statut == "a_verifier"
    assert "réservé aux TPE ou PME (vous : TPE) (d'après une source non relue, à confirmer)" in fonds.raisons
    booster = projet["ia-booster-france-2030"]
    assert booster.statut == "a_verifier" and booster.prioritaire is False
    assert (booster.reste_a_charge.minimum, booster.reste_a_charge.maximum) == (2_000, 10_000)
    assert projet["pionniers-ia"].ligne == "Non adapté : finance la R&D de rupture, pas un projet sur mesure."


def test_les_dates_de_pionniers_non_relues_ne_le_declarent_pas_ferme():
    pionniers = DispositifFinancement.objects.get(slug="pionniers-ia")
    recherche = type("Cas", (), {"nature_projet": "recherche", "cout": "plus-50k"})()
    resultat = par_slug(
        financements_du_projet(dispositifs=[pionniers], entreprise=boulangerie(), cas=recherche, aujourdhui=AUJOURDHUI)
    )["pionniers-ia"]
    assert resultat.statut == "a_verifier"
    assert any("a fermé le 9 juin 2026" in r and "à confirmer" in r for r in resultat.raisons)


def _fichier(tmp_path, **modifications):
    donnees = yaml.safe_load(chargement.FICHIER.read_text(encoding="utf-8"))
    for slug, changement in modifications.items():
        d = next(d for d in donnees["dispositifs"] if d["slug"] == slug.replace("_", "-"))
        changement(d)
    fichier = tmp_path / "dispositifs.yaml"
    fichier.write_text(yaml.safe_dump(donnees, allow_unicode=True), encoding="utf-8")
    return fichier


@pytest.mark.parametrize(
    "slug, changement, message",
    [
        ("cpf", lambda d: d.update(date_verification="2026-11-23"), "clé(s) inconnue(s) date_verification"),
        (
            "cpf",
            lambda d: d["sources"]["finance"][0].update(url="https://exemple.fr"),
            "sources.finance, source 1 : clé(s) de source inconnue(s) url",
        ),
        ("diagnostic_data_ia", lambda d: d["sources"].pop("taux"), "sources.taux : aucune source"),
        ("cpf", lambda d: d.update(criteres=[{"type": "age_du_capitaine", "valeur": 1}]), "critère inconnu"),
        ("cpf", lambda d: d.update(projets=["outil-marche"]), "« projets » reste vide"),
        ("pionniers_ia", lambda d: d.update(projets=[]), "« projets » dit quelles natures"),
        ("pionniers_ia", lambda d: d["calendrier"]["fenetres"][0].update(ouverture="2027-01-01"), "précède"),
        ("pionniers_ia", lambda d: d["conditions"][0].pop("sources"), "condition 1 : aucune source"),
        ("fonds_garantie_ia", lambda d: d.update(finance="projet"), "finance"),
    ],
)
def test_un_fichier_invalide_n_ecrit_rien_et_dit_ou(tmp_path, slug, changement, message):
    fichier = _fichier(tmp_path, **{slug: changement})
    avant = list(DispositifFinancement.objects.order_by("slug").values_list("slug", "modifie_le"))
    with pytest.raises(chargement.ErreurDispositif) as erreur:
        chargement.charger_dispositifs(mettre_a_jour=True, fichier=fichier)
    texte = "\n".join(erreur.value.erreurs)
    assert f"dispositifs.yaml, dispositif « {slug.replace('_', '-')} »" in texte and message in texte, texte
    assert list(DispositifFinancement.objects.order_by("slug").values_list("slug", "modifie_le")) == avant


def test_charger_contenus_verifier_n_ecrit_rien(capsys):
    avant = DispositifFinancement.objects.count()
    DispositifFinancement.objects.filter(slug="cpf").update(nom="Modifié")
    call_command("charger_contenus", "--verifier")
    assert "Contenus valides : 45 cas d'usage, 17 métiers, 7 dispositifs" in capsys.readouterr().out
    assert DispositifFinancement.objects.count() == avant
    assert DispositifFinancement.objects.get(slug="cpf").nom == "Modifié"
    with pytest.raises(CommandError):
        call_command("charger_contenus", "fichier-en-trop")
