"""Parcours d'un·e dirigeant·e : accueil → secteur → cas d'usage → solution, avec axe-core à chaque page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.navigateur


def test_accueil_secteur_cas_usage_solution(serveur, page, verifier_accessibilite):
    page.goto(serveur + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ce que l'IA peut faire pour votre entreprise")
    verifier_accessibilite(page)

    page.get_by_role("link", name=re.compile("Transports et entreposage", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Transports et entreposage")
    verifier_accessibilite(page)

    page.get_by_role("link", name="Optimisation des tournées et des plans de transport").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Optimisation des tournées et des plans de transport")
    expect(page.get_by_text("Règlement européen sur l'IA (AI Act)")).to_be_visible()
    verifier_accessibilite(page)

    solutions = page.locator("#titre-solutions ~ div .fr-card__title a")
    nom = solutions.first.inner_text()
    solutions.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nom)
    expect(page.get_by_text("Fiche pratique")).to_be_visible()
    verifier_accessibilite(page)


def test_recherche_et_facettes_sans_rechargement(serveur, page, verifier_accessibilite):
    page.goto(serveur + "/solutions/?q=factures")
    verifier_accessibilite(page)
    total_avant = page.locator("[role=status] strong").inner_text()
    page.locator("#facette-hebergement label").first.click()
    expect(page).to_have_url(re.compile(r"hebergement="))
    expect(page.locator("[role=status] strong")).not_to_have_text("")
    assert int(page.locator("[role=status] strong").inner_text()) <= int(total_avant)
    verifier_accessibilite(page)


def test_mon_secteur_par_le_champ_de_recherche(serveur, page_mobile, verifier_accessibilite):
    page = page_mobile
    page.goto(serveur + "/secteurs/")
    page.get_by_label("Votre activité ou votre code NAF").fill("boulangerie")
    lien = page.get_by_role("link", name=re.compile("Boulangerie et boulangerie-pâtisserie"))
    expect(lien).to_be_visible()
    verifier_accessibilite(page)
    lien.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Boulangerie")
    verifier_accessibilite(page)


def test_combien_etes_vous_sur_un_telephone(serveur, page_mobile, verifier_accessibilite):
    page = page_mobile
    page.goto(serveur + "/secteurs/")
    page.get_by_label("Votre activité ou votre code NAF").fill("10.71C")
    page.get_by_label("Votre activité ou votre code NAF").press("Enter")
    expect(page).to_have_url(re.compile(r"/secteurs/10\.71C/$"))
    page.get_by_text("Moins de 10 personnes (TPE)").click()
    page.get_by_role("button", name="Adapter la liste à ma taille").click()
    expect(page.get_by_role("heading", name="Par où commencer")).to_be_visible()
    expect(page.locator("#taille-TPE")).to_be_checked()
    verifier_accessibilite(page)
    # La taille est retenue d'une page de secteur à l'autre.
    page.goto(serveur + "/secteurs/96.02A/")
    expect(page.get_by_role("heading", name="Par où commencer")).to_be_visible()
    verifier_accessibilite(page)
