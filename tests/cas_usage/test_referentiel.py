import datetime
import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from osezia.cas_usage import chargement
from osezia.cas_usage.models import CasUsage, PertinenceSectorielle
from osezia.conformite.ai_act import date_application, version

pytestmark = pytest.mark.django_db


@pytest.fixture
def copie(tmp_path, monkeypatch):
    """Une copie des contenus que le test peut abîmer ; le chargement la lit à la place des vrais."""
    dossier = tmp_path / "contenus"
    shutil.copytree(chargement.CONTENUS, dossier)
    monkeypatch.setattr(chargement, "CONTENUS", Path(dossier))
    return dossier


def test_chaque_slug_canonique_a_sa_fiche_complete():
    canon = chargement.slugs_canoniques()
    fiches = {c.slug: c for c in CasUsage.objects.publies().select_related("fonction")}
    assert set(canon) <= set(fiches)
    for slug, ligne in canon.items():
        cas = fiches[slug]
        assert cas.fonction_id == ligne["fonction"]
        assert cas.titre == ligne["titre"]
        for champ in (
            "resume",
            "ce_que_ca_fait",
            "exemple",
            "kpi",
            "prerequis_donnees",
            "ai_act_explication",
            "rgpd_explication",
        ):
            assert getattr(cas, champ).strip(), (slug, champ)
        assert len(cas.benefices) >= 2
        assert len(cas.mots_cles) >= 15
        assert cas.sources
        assert cas.pertinences.exists() or cas.transversal, slug


def test_les_exemples_inventes_sont_annonces_comme_tels():
    for cas in CasUsage.objects.all():
        cite_une_source = any(s.get("url") or "Atelier H" in s.get("titre", "") for s in cas.sources)
        assert cas.exemple.startswith("Exemple type") or cite_une_source, cas.slug


def test_preselection_de_candidatures_est_a_haut_risque_annexe_iii_point_4():
    cas = CasUsage.objects.get(slug="preselection-candidatures")
    assert cas.risque_ai_act == "haut-risque"
    assert "Annexe III" in cas.ai_act_reference and "4" in cas.ai_act_reference
    echeance = date_application(cas.risque_ai_act, cas.ai_act_reference)
    assert echeance.date == datetime.date(2027, 12, 2)
    assert echeance.date_initiale == datetime.date(2026, 8, 2)


def test_echeances_ai_act_sont_des_donnees_versionnees():
    assert date_application("haut-risque", "Article 6, paragraphe 1 et annexe I").date == datetime.date(2028, 8, 2)
    assert date_application("transparence", "Article 50, paragraphe 1").date == datetime.date(2026, 8, 2)
    assert date_application("minimal").date == datetime.date(2025, 2, 2)
    assert "2026/1744" in version()


def test_une_section_vaut_pour_ses_divisions_et_une_division_explicite_l_emporte():
    divisions_par_section = {"G": ["45", "46", "47"]}
    assert chargement.pertinences_par_division({"G": 1, "47": 3}, divisions_par_section) == {"45": 1, "46": 1, "47": 3}


def test_le_chargement_est_idempotent_et_respecte_les_corrections_du_pilote():
    cas = CasUsage.objects.get(slug="traitement-factures")
    cas.resume = "Corrigé par un pilote."
    cas.save()
    call_command("charger_contenus", verbosity=0)
    cas.refresh_from_db()
    assert cas.resume == "Corrigé par un pilote."
    assert CasUsage.objects.count() == len(chargement.slugs_canoniques())
    call_command("charger_contenus", "--mettre-a-jour", verbosity=0)
    cas.refresh_from_db()
    assert cas.resume != "Corrigé par un pilote."


def test_un_contenu_invalide_n_ecrit_rien(copie):
    donnees = yaml.safe_load((copie / "vente.yaml").read_text(encoding="utf-8"))
    donnees["cas_usage"][0]["effort"] = "enorme"
    donnees["cas_usage"][1]["secteurs"] = {"99": 3}
    (copie / "vente.yaml").write_text(yaml.safe_dump(donnees, allow_unicode=True), encoding="utf-8")
    avant = list(CasUsage.objects.order_by("slug").values_list("slug", "effort"))
    pertinences = PertinenceSectorielle.objects.count()
    with pytest.raises(CommandError):
        call_command("charger_contenus", "--mettre-a-jour", verbosity=0)
    assert list(CasUsage.objects.order_by("slug").values_list("slug", "effort")) == avant
    assert PertinenceSectorielle.objects.count() == pertinences


def test_le_rapport_d_erreurs_dit_ou_est_le_probleme(copie):
    (copie / "rh.yaml").write_text("fonction: rh\ncas_usage: [\n", encoding="utf-8")
    with pytest.raises(chargement.ErreurContenu) as erreur:
        chargement.charger_referentiel(mettre_a_jour=True)
    assert "rh.yaml : YAML illisible" in erreur.value.erreurs[0]


def test_chaque_cas_d_usage_dit_quel_type_de_projet_il_demande():
    natures = dict(CasUsage.objects.values_list("slug", "nature_projet"))
    assert set(natures.values()) <= {"outil-marche", "sur-mesure", "recherche"}
    # Caméras et modèle entraînés sur vos produits, posés par un intégrateur : un projet propre à l'entreprise.
    assert natures["controle-qualite-vision"] == "sur-mesure"
    assert natures["prevision-demande"] == "outil-marche"


def test_une_nature_de_projet_manquante_ou_inconnue_est_signalee_avec_le_cas_d_usage(copie):
    donnees = yaml.safe_load((copie / "vente.yaml").read_text(encoding="utf-8"))
    premier, second = donnees["cas_usage"][0], donnees["cas_usage"][1]
    del premier["nature_projet"]
    second["nature_projet"] = "achat"
    (copie / "vente.yaml").write_text(yaml.safe_dump(donnees, allow_unicode=True), encoding="utf-8")
    with pytest.raises(chargement.ErreurContenu) as erreur:
        chargement.charger_referentiel(mettre_a_jour=True)
    messages = "\n".join(erreur.value.erreurs)
    assert f"vente.yaml, cas d'usage « {premier['slug']} » : nature_projet manquante" in messages
    assert f"vente.yaml, cas d'usage « {second['slug']} » : nature_projet" in messages
    assert CasUsage.objects.get(slug=premier["slug"]).nature_projet == "outil-marche"


def test_une_source_dit_si_elle_a_ete_lue_sans_adresse_ni_date_de_consultation(copie):
    donnees = yaml.safe_load((copie / "vente.yaml").read_text(encoding="utf-8"))
    premier, second = donnees["cas_usage"][0], donnees["cas_usage"][1]
    premier["sources"][0]["url"] = "https://exemple.org/jamais-ouvert"
    second["sources"][0] = {"titre": "Un rapport", "statut": "lu"}
    (copie / "vente.yaml").write_text(yaml.safe_dump(donnees, allow_unicode=True), encoding="utf-8")
    with pytest.raises(chargement.ErreurContenu) as erreur:
        chargement.charger_referentiel(mettre_a_jour=True)
    messages = "\n".join(erreur.value.erreurs)
    assert f"vente.yaml, cas d'usage « {premier['slug']} », source 1 : clé(s) de source inconnue(s) url" in messages
    assert (
        f"vente.yaml, cas d'usage « {second['slug']} », source 1 : une source « lu » nomme le document lu" in messages
    )


def test_chaque_source_des_cas_d_usage_est_lue_ou_a_confirmer():
    statuts = [s["statut"] for cas in CasUsage.objects.all() for s in cas.sources]
    assert statuts and set(statuts) <= {"lu", "a_confirmer"}
    for cas in CasUsage.objects.all():
        for source in cas.sources:
            assert "url" not in source, cas.slug
            if source["statut"] == "lu":
                assert source["document"].startswith(("seeds/", "osezia/")), cas.slug
            else:
                assert source.get("note") and not source.get("document"), cas.slug


def test_la_page_et_l_api_disent_a_confirmer(client):
    cas = CasUsage.objects.get(slug="assistant-conversationnel-client")
    html = client.get(cas.get_absolute_url()).content.decode()
    assert "<strong>À confirmer</strong> — CNIL" in html
    assert "[document lu : <code>seeds/004_fa9bd8adebe5bde2.txt</code>]" in html
    assert "cci-paris-idf.fr" not in html and "2026-11-23" not in html
    sources = client.get(f"/api/v1/cas-usage/{cas.slug}").json()["sources"]
    assert sources[0] == {
        "titre": cas.sources[0]["titre"],
        "statut": "lu",
        "document": "seeds/004_fa9bd8adebe5bde2.txt",
        "passage": "2.3 L’IA et le processus de vente",
        "date": "",
        "note": "",
    }
    assert {s["statut"] for s in sources} == {"lu", "a_confirmer"}
