"""Politique de sécurité du contenu dans Chromium : le site entier tourne sans rien que la CSP bloque (les parcours
le vérifient à chaque test, voir conftest.py), et la surveillance voit bien une violation quand il y en a une."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.navigateur

PAGES = [
    "/",
    "/secteurs/",
    "/solutions/?q=factures",
    "/cas-usage/",
    "/financements/",
    "/diagnostic/",
    "/comptes/connexion/",
    "/comptes/inscription/",
    "/plan-du-site/",
    "/donnees-personnelles/",
    "/api/v1/docs",
    "/admin/login/",
    "/une-page-qui-n-existe-pas/",
]


def test_aucune_violation_sur_les_pages_principales(serveur, page, violations_csp):
    for chemin in PAGES:
        page.goto(serveur + chemin)
        page.wait_for_load_state("networkidle")
    # La documentation de l'API (Swagger, servie par le site) s'affiche sans script en ligne.
    page.goto(serveur + "/api/v1/docs")
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    assert [v for liste in violations_csp for v in liste] == []


def test_la_surveillance_voit_un_script_en_ligne_bloque(serveur, page, violations_csp):
    page.goto(serveur + "/")
    # Un script en ligne ajouté à la page, comme le ferait une injection.
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.body.dataset.injecte = 'oui';";
            document.body.appendChild(script);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("document.body.dataset.injecte") is None
    vues = [v for liste in violations_csp for v in liste]
    assert len(vues) == 1 and "inline script" in vues[0]
    for liste in violations_csp:
        liste.clear()  # violation voulue : le contrôle de fin de test ne doit pas la compter
