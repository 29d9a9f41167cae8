"""« L'IA dans mon secteur » : métier, taille retenue, code exact, fil d'Ariane ; et GET /api/v1/secteurs/{code}."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _titres_des_cartes(html, section):
    """Titres des cartes sous le titre de section donné, dans l'ordre."""
    morceau = html.split(f">{section}</h2>", 1)[1].split("<h2", 1)[0]
    return re.findall(r'class="fr-card__title"><a href="[^"]+">([^<]+)</a>', morceau)


def test_la_boulangerie_n_est_pas_une_usine(client):
    html = client.get("/secteurs/10.71C/").content.decode()
    assert "Usages propres à ce métier : boulangerie-pâtisserie artisanale" in html
    assert "Prévision de la demande et des ventes" in _titres_des_cartes(
        html, "Les usages prioritaires dans ce secteur"
    )
    for usine in ("Contrôle qualité par vision artificielle", "Maintenance prédictive", "Réglage et optimisation"):
        assert usine not in html
    industrielle = client.get("/secteurs/10.71A/").content.decode()
    assert "Contrôle qualité par vision artificielle" in industrielle


def test_la_taille_classe_la_liste_et_est_retenue(client):
    html = client.get("/secteurs/10.71C/", {"taille": "TPE"}).content.decode()
    premiers = _titres_des_cartes(html, "Par où commencer")
    assert len(premiers) == 6 and premiers[0] == "Prévision de la demande et des ventes"
    assert "Pour une entreprise de moins de 10 personnes" in html
    assert "Possibles à votre taille, sous condition" in html
    assert 'id="taille-TPE" name="taille" value="TPE" checked' in html
    # La réponse est retenue : la visite suivante, sans paramètre, garde la taille.
    assert "Par où commencer" in client.get("/secteurs/96.02A/").content.decode()
    assert "Par où commencer" not in client.get("/secteurs/96.02A/", {"taille": ""}).content.decode()
    assert "Par où commencer" not in client.get("/secteurs/96.02A/").content.decode()


def test_un_usage_inadapte_a_la_taille_dit_pourquoi(client):
    html = client.get("/secteurs/22.29A/", {"taille": "TPE"}).content.decode()
    fin = html.split(">Pas pour tout de suite à votre taille</h2>", 1)[1]
    assert "Réglage et optimisation en temps réel du procédé" in fin and "un projet d&#x27;usine" in fin
    pme = client.get("/secteurs/22.29A/", {"taille": "PME"}).content.decode()
    assert "Pas pour tout de suite à votre taille" not in pme


def test_une_taille_inconnue_est_signalee_a_cote_du_champ(client):
    reponse = client.get("/secteurs/10.71C/", {"taille": "XXL"})
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "fr-fieldset--error" in html and "Taille inconnue « XXL » : choisissez TPE, PME, ETI ou GE." in html


def test_un_code_exact_ouvre_la_page_du_secteur(client):
    for saisie in ("10.71C", "1071c", " 10 71 C "):
        reponse = client.get("/secteurs/", {"q": saisie})
        assert reponse.status_code == 302 and reponse["Location"] == "/secteurs/10.71C/"
    assert client.get("/secteurs/1071c/")["Location"] == "/secteurs/10.71C/"
    # Au fil de la frappe (htmx), pas de redirection : le code est proposé.
    fragment = client.get("/secteurs/", {"q": "10.71C"}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "10.71C" in fragment.content.decode()
    assert client.get("/secteurs/", {"q": "boulangerie"}).status_code == 200


def test_le_fil_d_ariane_montre_des_libelles(client):
    html = client.get("/secteurs/10.71C/").content.decode()
    fil = html.split('class="fr-breadcrumb__list"', 1)[1].split("</ol>", 1)[0]
    assert "Industries alimentaires" in fil and "Boulangerie et boulangerie-pâtisserie" in fil
    assert not re.search(r">\s*10(\.7)?\s*<", fil)


def test_api_secteur_classe_pour_la_taille(client):
    donnees = client.get("/api/v1/secteurs/10.71C", {"taille": "TPE"}).json()
    assert donnees["taille"] == "TPE" and donnees["metier"] == "Boulangerie-pâtisserie artisanale"
    slugs = [u["slug"] for u in donnees["cas_usage"]]
    assert slugs[0] == "prevision-demande" and "maintenance-predictive" not in slugs
    statuts = [u["adequation_taille"] for u in donnees["cas_usage"] if u["force"]]
    assert statuts == sorted(statuts, key=["adaptee", "sous-conditions", "inadaptee"].index)
    conditions = [u for u in donnees["cas_usage"] if u["adequation_taille"] == "sous-conditions"]
    assert conditions and all(u["condition_ou_raison"] for u in conditions)


def test_api_secteur_taille_invalide_400_en_francais(client):
    reponse = client.get("/api/v1/secteurs/10.71C", {"taille": "XXL"})
    assert reponse.status_code == 400
    assert reponse.json()["erreurs"]["taille"] == ["Taille inconnue « XXL » : choisissez TPE, PME, ETI ou GE."]
    assert client.get("/api/v1/secteurs/10.71C", {"pirate": "1"}).status_code == 400
