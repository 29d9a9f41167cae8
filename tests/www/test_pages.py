import pytest
from django.urls import reverse

from osezia.cas_usage.models import CasUsage
from osezia.catalogue.models import Solution

pytestmark = pytest.mark.django_db

PAGES_PUBLIQUES = [
    "/",
    "/recherche/?q=factures",
    "/cas-usage/",
    "/cas-usage/fonction/rh/",
    "/cas-usage/preselection-candidatures/",
    "/secteurs/",
    "/secteurs/?q=boulangerie",
    "/secteurs/G/",
    "/secteurs/47/",
    "/secteurs/10.71C/",
    "/solutions/",
    "/solutions/?q=devis&taille=TPE",
    "/fournisseurs/",
    "/accessibilite/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/cookies/",
    "/donnees-ouvertes/",
    "/plan-du-site/",
    "/comptes/inscription/",
    "/comptes/connexion/",
    "/comptes/mot-de-passe/oublie/",
]


@pytest.mark.parametrize("url", PAGES_PUBLIQUES)
def test_pages_publiques_sans_lien_factice(client, url):
    reponse = client.get(url)
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert '<html lang="fr"' in html
    assert 'href="#"' not in html and "[url - à modifier]" not in html and "accès direct" not in html
    assert 'id="pied-de-page"' in html and "Accessibilité : non conforme" in html


def test_accueil_entree_par_secteur_fonction_et_recherche(client):
    html = client.get("/").content.decode()
    for attendu in (
        "Ce que l'IA peut faire pour votre entreprise",
        'action="/recherche/"',
        "/secteurs/C/",
        "/cas-usage/fonction/vente/",
        "8 %",
    ):
        assert attendu in html


def test_fiche_cas_usage_complete(client):
    cas = CasUsage.objects.get(slug="preselection-candidatures")
    html = client.get(cas.get_absolute_url()).content.decode()
    for attendu in (
        cas.titre,
        "Haut risque",
        "Annexe III",
        "2 décembre 2027",
        "Données personnelles (RGPD)",
        "Sources",
        "Ce qu'il faut pour commencer",
    ):
        assert attendu in html


def test_ia_dans_mon_secteur_division_et_sous_classe(client):
    division = client.get("/secteurs/49/").content.decode()
    assert "Optimisation des tournées" in division
    sous_classe = client.get("/secteurs/49.41A/").content.decode()
    assert "Optimisation des tournées" in sous_classe and "Transports routiers de fret interurbains" in sous_classe
    assert client.get("/secteurs/XX/").status_code == 404


def test_les_donnees_de_demonstration_sont_signalees(client):
    demo = Solution.objects.filter(est_demo=True).first()
    html = client.get(demo.get_absolute_url()).content.decode()
    assert "Démo — solution fictive" in html
    assert "Démo" in client.get(demo.fournisseur.get_absolute_url()).content.decode()


def test_recherche_htmx_renvoie_le_fragment(client):
    reponse = client.get("/solutions/", {"q": "devis", "hebergement": "france"}, headers={"HX-Request": "true"})
    html = reponse.content.decode()
    assert reponse.status_code == 200 and "<html" not in html and "résultat" in html


def test_parametres_de_recherche_invalides_message_en_francais(client):
    html = client.get("/solutions/", {"secteur": "ZZ", "page": "abc"}).content.decode()
    assert "La recherche n'a pas pu être faite" in html and "Valeur inconnue : ZZ" in html


def test_pages_reservees_redirigent_vers_la_connexion(client):
    for nom in (
        "comptes:tableau_de_bord",
        "comptes:organisation",
        "espace_fournisseur:solutions",
        "pilotage:moderation",
    ):
        reponse = client.get(reverse(nom))
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("comptes:connexion"))


def test_page_404_au_gabarit_du_site(client, settings):
    settings.DEBUG = False
    reponse = client.get("/cette-page-n-existe-pas/")
    assert reponse.status_code == 404 and "Page introuvable" in reponse.content.decode()
    reponse = client.get("/api/v1/rien")
    assert reponse.status_code == 404 and reponse.json()["detail"].startswith("Page introuvable")
