"""Les statuts de financement dans le rapport, l'API et la page publique : le même code, à une date figée."""

import json
import shutil
import subprocess

import pytest
import time_machine
from django.urls import reverse

from osezia.diagnostic.rapport import construire
from osezia.financement.models import DispositifFinancement
from tests.diagnostic.factories import diagnostic, membre_entreprise

pytestmark = pytest.mark.django_db
JOUR = "2026-12-02 10:00 +01:00"
BOULANGERIE = {
    "id": "boulangerie-orne",
    "naf": "10.71C",
    "effectif": 8,
    "chiffre_affaires": 520000,
    "region": "28",
    "description": "Boulangerie-pâtisserie artisanale dans un bourg de l'Orne, avec un dépôt de pain.",
    "besoins": "Le soir il reste des baguettes et des viennoiseries ; le dimanche on est en rupture à 11h.",
}


def diagnostic_de_boulangerie():
    membre = membre_entreprise(naf_id="10.71C", effectif=8, chiffre_affaires=520_000, region_id="28")
    return membre, diagnostic(membre, description=BOULANGERIE["description"], besoins=BOULANGERIE["besoins"])


@time_machine.travel(JOUR, tick=False)
def test_le_rapport_ne_montre_par_usage_que_ce_qui_peut_aider_et_les_generaux_une_fois(client):
    membre, diag = diagnostic_de_boulangerie()
    rapport = construire(diag)
    assert diag.entreprise.categorie_taille == "TPE"
    for ligne in rapport.recommandations:
        for e in ligne.financements:
            assert e.peut_aider and not e.dispositif.est_general
        if ligne.cas.nature_projet == "outil-marche":
            slugs = {e.dispositif.slug for e in ligne.financements}
            assert not slugs & {"pionniers-ia", "fonds-garantie-ia", "ia-booster-france-2030"}, ligne.cas.slug
    assert [e.dispositif.slug for e in rapport.financements_generaux].count("diagnostic-data-ia") == 1
    client.force_login(membre.utilisateur)
    html = client.get(diag.get_absolute_url()).content.decode()
    assert html.count("Diagnostic Data-IA</strong>") == 1
    assert "Pionniers de l&#x27;intelligence artificielle" not in html
    assert "Fonds de garantie bancaire" not in html or "type de projet : projet sur mesure" in html
    assert "Éligible" not in html  # aucune promesse sur des sources non relues
    assert "aucun dispositif connu ne finance ce type de projet pour votre entreprise" in html
    assert reverse("financement:liste") in html
    pdf = client.get(reverse("diagnostic:rapport_pdf", args=[diag.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        texte = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout
        assert "Diagnostic Data-IA" in texte.decode() and "À vérifier" in texte.decode()


@time_machine.travel(JOUR, tick=False)
def test_l_api_rend_un_statut_par_dispositif_et_par_recommandation_et_renvoie_l_id(client):
    reponse = client.post(
        "/api/v1/diagnostics/recommandations", json.dumps(BOULANGERIE), content_type="application/json"
    )
    assert reponse.status_code == 200, reponse.content
    donnees = reponse.json()
    assert donnees["id"] == "boulangerie-orne"
    projets = {d.slug for d in DispositifFinancement.objects.all() if not d.est_general}
    for r in donnees["recommandations"]:
        assert {f["dispositif"] for f in r["financements"]} == projets
        for f in r["financements"]:
            assert f["statut"] in ("eligible", "a_verifier", "ferme", "non_eligible", "non_adapte") and f["raisons"]
    prevision = next(r for r in donnees["recommandations"] if r["cas_usage"] == "prevision-demande")
    pionniers = next(f for f in prevision["financements"] if f["dispositif"] == "pionniers-ia")
    assert pionniers == {
        "dispositif": "pionniers-ia",
        "statut": "non_adapte",
        "raisons": ["finance la R&D de rupture, pas l'achat et le déploiement d'un outil existant"],
        "reste_a_charge": None,
        "reste_sur_cout_de_reference": None,
    }
    generaux = {f["dispositif"]: f for f in donnees["financements_generaux"]}
    assert generaux["diagnostic-data-ia"]["statut"] == "a_verifier"
    # Le même reste à payer que le rapport : 40 % de 10 000 €, plafonné à 4 000 €, d'après des sources lues.
    assert generaux["diagnostic-data-ia"]["reste_sur_cout_de_reference"] == {
        "cout_reference": 10_000,
        "reste": 6_000,
        "confirme": True,
    }


def test_l_api_accepte_une_ligne_de_recommander_telle_quelle_et_son_id_numerique(client):
    ligne = {**BOULANGERIE, "id": 17}
    reponse = client.post("/api/v1/diagnostics/recommandations", json.dumps(ligne), content_type="application/json")
    assert reponse.status_code == 200 and reponse.json()["id"] == 17
    sans_id = {k: v for k, v in BOULANGERIE.items() if k != "id"}
    reponse = client.post("/api/v1/diagnostics/recommandations", json.dumps(sans_id), content_type="application/json")
    assert reponse.json()["id"] is None
    invalide = client.post(
        "/api/v1/diagnostics/recommandations",
        json.dumps({**BOULANGERIE, "id": {"a": 1}}),
        content_type="application/json",
    )
    assert invalide.status_code == 422
    assert invalide.json()["erreurs"] == {"id": ["L'identifiant « id » est un texte ou un nombre entier."]}


def test_le_statut_de_l_api_est_celui_du_rapport(client):
    membre, diag = diagnostic_de_boulangerie()
    with time_machine.travel(JOUR, tick=False):
        rapport = construire(diag)
        donnees = client.post(
            "/api/v1/diagnostics/recommandations",
            json.dumps({**BOULANGERIE, "top": 45}),
            content_type="application/json",
        ).json()
    api = {
        (r["cas_usage"], f["dispositif"]): f["statut"] for r in donnees["recommandations"] for f in r["financements"]
    }
    for ligne in rapport.recommandations:
        for e in ligne.financements:
            assert api[(ligne.cas.slug, e.dispositif.slug)] == e.statut


@time_machine.travel(JOUR, tick=False)
def test_la_page_publique_dit_ce_que_finance_chaque_dispositif_et_ce_qui_reste_a_confirmer(client):
    html = client.get(reverse("financement:liste")).content.decode()
    for d in DispositifFinancement.objects.actifs():
        assert f'id="{d.slug}"' in html
    assert "Il finance la R&amp;D de rupture, pour : recherche et développement" in html
    assert "Au 2 décembre 2026 : aucune fenêtre de dépôt ouverte au 2 décembre 2026" in html
    assert (
        "<strong>À confirmer</strong>" in html and "[document lu : <code>seeds/001_81116d9b4d95063b.txt</code>]" in html
    )
    assert "http" not in html.split('id="contenu"')[1].split("pied-de-page")[0].replace('href="/', "")


@time_machine.travel(JOUR, tick=False)
def test_l_api_des_financements_rend_les_sources_de_chaque_fait(client):
    reponse = client.get("/api/v1/financements/")
    assert reponse.status_code == 200
    dispositifs = {d["slug"]: d for d in reponse.json()}
    diagnostic = dispositifs["diagnostic-data-ia"]
    assert diagnostic["finance"] == "diagnostic" and diagnostic["projets"] == []
    taux = next(c for c in diagnostic["chiffres"] if c["cle"] == "taux")
    assert taux["valeur"] == "40 %" and taux["confirme"] and taux["sources"][0]["statut"] == "lu"
    fonds = dispositifs["fonds-garantie-ia"]
    assert fonds["criteres"][0] | {"sources": None} == {
        "regle": "réservé aux TPE ou PME",
        "prioritaire": False,
        "confirme": False,
        "sources": None,
    }
    pionniers = dispositifs["pionniers-ia"]["calendrier"]
    assert pionniers["fenetres"][0]["cloture"] == "2026-06-09" and pionniers["statut_du_jour"] == "a_verifier"
    assert client.get("/api/v1/financements/?page=2").status_code == 400
