"""Sur un téléphone : un·e dirigeant·e crée son compte, décrit son entreprise, répond au questionnaire, lit son
rapport, télécharge le PDF, puis fait d'une recommandation un projet IA qu'elle mesure et fait avancer ; axe-core à
chaque étape (zéro violation)."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.organisations.factories import siren_valide

pytestmark = pytest.mark.navigateur


def test_inscription_profil_questionnaire_rapport_pdf(serveur, page_mobile, verifier_accessibilite, tmp_path):
    page = page_mobile
    page.goto(serveur + "/diagnostic/")
    verifier_accessibilite(page)
    page.get_by_role("link", name="Créer un compte et commencer").click()

    verifier_accessibilite(page)
    page.get_by_label("Entreprise", exact=True).check()
    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label("Nom", exact=True).fill("Durand")
    page.get_by_label("Adresse e-mail").fill(f"camille.{uuid.uuid4().hex[:8]}@exemple.fr")
    page.locator("#id_mot_de_passe").fill("une phrase de passe bien longue")
    page.locator("#id_mot_de_passe_confirmation").fill("une phrase de passe bien longue")
    page.get_by_role("button", name="Créer mon compte").click()

    expect(page.get_by_text("Étape 1 sur 7")).to_be_visible()
    verifier_accessibilite(page)
    page.get_by_label("Nom de l'entreprise").fill("Boulangerie des Tests")
    page.get_by_label("Numéro SIREN").fill(siren_valide(int(uuid.uuid4().int % 9_000_000)))
    # Le code NAF se trouve en cherchant l'activité.
    page.get_by_label("Votre activité (boulangerie, plomberie, transport…)").fill("boulangerie")
    page.get_by_role("button", name=re.compile("10.71C")).click()
    expect(page.get_by_label("Code NAF (ou APE)")).to_have_value("10.71C")
    page.get_by_label("Effectif (salariés en équivalent temps plein)").fill("14")
    page.get_by_label("Chiffre d'affaires annuel hors taxes").fill("1,1 M€")
    page.get_by_label("Région").select_option(label="Normandie")
    page.get_by_label("Décrivez votre activité").fill("Boulangerie-pâtisserie artisanale, deux boutiques.")
    page.get_by_label("Qu'est-ce qui vous fait perdre du temps ou de l'argent aujourd'hui ?").fill(
        "Nous jetons des invendus tous les soirs et les plannings du personnel prennent des heures."
    )
    page.get_by_role("button", name="Enregistrer et continuer").click()

    for numero in range(2, 8):
        expect(page.get_by_text(f"Étape {numero} sur 7")).to_be_visible()
        verifier_accessibilite(page)
        for groupe in page.locator("fieldset.fr-fieldset").all():
            groupe.locator("label").nth(1).click()  # deuxième choix de chaque question
        bouton = "Voir mon rapport" if numero == 7 else "Enregistrer et continuer"
        page.get_by_role("button", name=bouton).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Rapport de diagnostic du \d{1,2} [^ ]+ \d{4}$")
    )
    expect(page.get_by_role("heading", name="Votre feuille de route")).to_be_visible()
    expect(page.locator("svg.osezia-radar")).to_be_visible()
    expect(page.locator("article.r-usage h4").first).to_contain_text(
        re.compile("Prévision de la demande|Planification des équipes")
    )
    verifier_accessibilite(page)

    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger le rapport (PDF)").click()
    chemin = tmp_path / "rapport.pdf"
    telechargement.value.save_as(chemin)
    assert chemin.read_bytes().startswith(b"%PDF") and chemin.stat().st_size > 20_000

    # De la première recommandation du rapport à un projet, mesuré, qui avance d'une étape.
    page.get_by_role("link", name=re.compile("^En faire un projet")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau projet IA")
    verifier_accessibilite(page)
    assert page.get_by_label("Titre du projet").input_value() != ""
    page.get_by_role("button", name="Enregistrer le projet").click()
    expect(page.get_by_role("heading", name="Indicateurs")).to_be_visible()
    verifier_accessibilite(page)

    page.locator("summary", has_text="Ajouter un indicateur").click()
    page.get_by_label("Indicateur", exact=True).fill("Invendus jetés par semaine")
    page.get_by_label("Unité").select_option(label="euros")
    page.get_by_label("Sens souhaité").select_option(index=1)
    page.get_by_label("Valeur de départ", exact=True).fill("420")
    page.get_by_label("Date de la valeur de départ").fill("2026-09-01")
    page.get_by_role("button", name="Ajouter l'indicateur").click()
    expect(page.get_by_role("heading", name="Invendus jetés par semaine")).to_be_visible()

    page.get_by_label("Date de la mesure").fill("2026-11-02")
    page.get_by_label("Valeur mesurée").fill("310")
    page.get_by_role("button", name="Enregistrer la mesure").click()
    expect(page.locator("table", has_text="Invendus jetés par semaine")).to_contain_text("310")
    expect(page.locator(".osezia-courbe-cadre svg[role=img]")).to_be_visible()
    verifier_accessibilite(page)

    page.get_by_role("button", name=re.compile("Passer à l'étape « Cadrage »")).click()
    expect(page.locator(".fr-stepper__title")).to_contain_text("Cadrage")
    # Création, indicateur, mesure, étape : la chronologie garde tout.
    expect(page.locator(".osezia-chronologie li")).to_have_count(4)
    verifier_accessibilite(page)
