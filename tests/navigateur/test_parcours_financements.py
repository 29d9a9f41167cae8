"""La page des dispositifs de financement, sur un téléphone : sommaire, sources « à confirmer », axe-core."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.navigateur


def test_la_page_des_financements_se_lit_et_se_parcourt(serveur, page_mobile, verifier_accessibilite):
    page = page_mobile
    page.goto(serveur + "/financements/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Financer un projet d'IA : les dispositifs")
    verifier_accessibilite(page)
    page.get_by_role("link", name="Diagnostic Data-IA").click()
    expect(page.locator("#diagnostic-data-ia h2")).to_be_in_viewport()
    expect(page.locator("#fonds-garantie-ia").get_by_text("À confirmer").first).to_be_visible()
    page.locator("#diagnostic-data-ia summary").click()
    expect(page.locator("#diagnostic-data-ia details").get_by_text("document lu").first).to_be_visible()
    verifier_accessibilite(page)
