"""La liste des 88 divisions NAF du formulaire fournisseur se filtre au clavier ; sans JavaScript, ce sont des cases."""

import csv
import re
from pathlib import Path

import pytest
from django import forms
from playwright.sync_api import expect

from osezia.utils.formulaires import FormulaireDsfr
from osezia.www.espace_fournisseur.forms import FormulaireSolution

pytestmark = pytest.mark.navigateur

RACINE = Path(__file__).resolve().parents[2]
SCRIPT = RACINE / "osezia" / "static" / "osezia" / "filtre-cases.js"


def _formulaire_html():
    """Le champ « secteurs » du formulaire fournisseur, même widget et même gabarit, avec les divisions lues dans le
    fichier NAF du dépôt : Playwright (synchrone) fait tourner une boucle asyncio où Django refuse la base."""
    with open(RACINE / "osezia" / "referentiels" / "donnees" / "naf_rev2.csv", encoding="utf-8") as f:
        divisions = [(r["code"], f"{r['code']} — {r['label']}") for r in csv.DictReader(f) if r["level"] == "division"]
    modele = FormulaireSolution.base_fields["secteurs"]

    class Secteurs(FormulaireDsfr):
        secteurs = forms.MultipleChoiceField(
            label=modele.label, choices=divisions, required=False, widget=modele.widget, help_text=modele.help_text
        )

    return Secteurs().as_div()


def test_chercher_un_secteur_dans_la_liste(page, verifier_accessibilite):
    page.set_content(
        '<!DOCTYPE html><html lang="fr"><head><title>Formulaire</title></head>'
        f"<body><main><h1>Nouvelle solution</h1><form>{_formulaire_html()}</form></main></body></html>"
    )
    cases = page.locator("input[name=secteurs]")
    total = cases.count()
    assert total > 80
    page.add_script_tag(path=str(SCRIPT))
    champ = page.get_by_label("Chercher un secteur (mot ou code NAF)")
    commerce = page.locator("input[name=secteurs][value='47']")
    commerce.check()
    champ.fill("alimentaires")
    expect(page.locator("label", has_text="10 — Industries alimentaires")).to_be_visible()
    expect(page.locator("label", has_text=re.compile(r"^\s*01 — Culture"))).to_be_hidden()
    # Une case cochée reste visible, pour qu'on voie toujours ce qu'on a choisi.
    expect(commerce).to_be_visible()
    expect(page.get_by_text(f"2 sur {total} affichés")).to_be_visible()
    champ.fill("")
    assert page.locator("input[name=secteurs]:visible").count() == total
    verifier_accessibilite(page)
