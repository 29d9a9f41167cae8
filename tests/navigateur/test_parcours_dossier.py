"""Sur un téléphone : une menuiserie fait de la recommandation de son rapport un projet, le mesure, demande une aide
(dossier déposé avec de vrais PDF) ; l'instructrice de la structure de démonstration (second navigateur, compte du
README) demande un complément ; l'entreprise répond par un message et un document et redépose ; l'instructrice
accorde 16 000 € ; l'entreprise télécharge l'attestation PDF. axe-core à chaque étape (zéro violation), CSP vérifiée
par le conftest."""

import re
import shutil
import subprocess
import uuid

import pytest
from playwright.sync_api import expect

from osezia.dossiers import demo
from tests.navigateur.conftest import _fermer, _ouvrir
from tests.organisations.factories import siren_valide

pytestmark = pytest.mark.navigateur

TELEPHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DISPOSITIF = "IA Booster France 2030"


def _pdf(dossier, nom, *lignes):
    chemin = dossier / nom
    chemin.write_bytes(demo.pdf_texte(list(lignes)))
    return chemin


def _diagnostic_jusqu_au_projet(page, serveur, verifier_accessibilite):
    page.goto(serveur + "/diagnostic/")
    page.get_by_role("link", name="Créer un compte et commencer").click()
    page.get_by_label("Entreprise", exact=True).check()
    page.get_by_label("Prénom").fill("Dominique")
    page.get_by_label("Nom", exact=True).fill("Lefèvre")
    page.get_by_label("Adresse e-mail").fill(f"dominique.{uuid.uuid4().hex[:8]}@exemple.fr")
    page.locator("#id_mot_de_passe").fill("une phrase de passe bien longue")
    page.locator("#id_mot_de_passe_confirmation").fill("une phrase de passe bien longue")
    page.get_by_role("button", name="Créer mon compte").click()

    expect(page.get_by_text("Étape 1 sur 7")).to_be_visible()
    page.get_by_label("Nom de l'entreprise").fill("Menuiserie des Essais")
    page.get_by_label("Numéro SIREN").fill(siren_valide(int(uuid.uuid4().int % 9_000_000)))
    page.get_by_label("Votre activité (boulangerie, plomberie, transport…)").fill("menuiserie")
    page.get_by_role("button", name=re.compile("16.23Z")).click()
    expect(page.get_by_label("Code NAF (ou APE)")).to_have_value("16.23Z")
    page.get_by_label("Effectif (salariés en équivalent temps plein)").fill("14")
    page.get_by_label("Chiffre d'affaires annuel hors taxes").fill("1,4 M€")
    page.get_by_label("Région").select_option(label="Auvergne-Rhône-Alpes")
    page.get_by_label("Décrivez votre activité").fill("Menuiserie industrielle : fenêtres et portes en bois.")
    page.get_by_label("Qu'est-ce qui vous fait perdre du temps ou de l'argent aujourd'hui ?").fill(
        "Des défauts d'aspect sur nos panneaux ne sont repérés qu'au contrôle final, "
        "et nous perdons trop de bois à la découpe."
    )
    page.get_by_role("button", name="Enregistrer et continuer").click()
    for numero in range(2, 8):
        expect(page.get_by_text(f"Étape {numero} sur 7")).to_be_visible()
        for groupe in page.locator("fieldset.fr-fieldset").all():
            groupe.locator("label").nth(1).click()
        page.get_by_role("button", name="Voir mon rapport" if numero == 7 else "Enregistrer et continuer").click()

    expect(page.get_by_role("heading", name="Votre feuille de route")).to_be_visible()
    verifier_accessibilite(page)
    # La recommandation « Contrôle qualité par vision artificielle » : un projet sur mesure, qu'IA Booster aide.
    recommandation = page.locator("article.r-usage", has_text="Contrôle qualité par vision artificielle").first
    recommandation.get_by_role("link", name=re.compile("^En faire un projet")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau projet IA")
    verifier_accessibilite(page)
    page.get_by_role("button", name="Enregistrer le projet").click()
    expect(page.get_by_role("heading", name="Indicateurs")).to_be_visible()

    page.locator("summary", has_text="Ajouter un indicateur").click()
    page.get_by_label("Indicateur", exact=True).fill("Panneaux rebutés par semaine")
    page.get_by_label("Unité").select_option(label="nombre")
    page.get_by_label("Sens souhaité").select_option(index=1)
    page.get_by_label("Valeur de départ", exact=True).fill("40")
    page.get_by_label("Date de la valeur de départ").fill("2026-09-01")
    page.get_by_role("button", name="Ajouter l'indicateur").click()
    page.get_by_label("Date de la mesure").fill("2026-11-02")
    page.get_by_label("Valeur mesurée").fill("31")
    page.get_by_role("button", name="Enregistrer la mesure").click()
    expect(page.locator("table", has_text="Panneaux rebutés par semaine")).to_contain_text("31")
    verifier_accessibilite(page)


def test_dossier_depose_complete_accorde_et_attestation(
    serveur, navigateur, page_mobile, violations_csp, verifier_accessibilite, tmp_path
):
    page = page_mobile
    _diagnostic_jusqu_au_projet(page, serveur, verifier_accessibilite)
    projet = page.url

    # Demander une aide : le brouillon, ses deux pièces obligatoires (de vrais PDF), le dépôt.
    page.get_by_role("link", name="Demander une aide").click()
    verifier_accessibilite(page)
    carte = page.locator("section.fr-card", has=page.get_by_role("heading", name=re.compile(DISPOSITIF)))
    carte.get_by_label("Montant demandé (€, facultatif)").fill("20 000")
    carte.get_by_label("Ce que l'aide financera (facultatif)").fill("Caméra et modèle de détection des défauts.")
    carte.get_by_role("button", name=f"Préparer un dossier pour {DISPOSITIF}").click()
    expect(page.get_by_role("heading", name="Pièces du dossier")).to_be_visible()
    verifier_accessibilite(page)
    dossier = page.url
    page.get_by_label(re.compile("^Joindre : Devis")).set_input_files(_pdf(tmp_path, "devis.pdf", "Devis signé"))
    page.get_by_role("button", name=re.compile("^Envoyer : Devis")).click()
    page.get_by_label(re.compile("^Joindre : Extrait Kbis")).set_input_files(_pdf(tmp_path, "kbis.pdf", "Kbis"))
    page.get_by_role("button", name=re.compile("^Envoyer : Extrait Kbis")).click()
    expect(page.get_by_role("link", name="kbis.pdf")).to_be_visible()
    verifier_accessibilite(page)
    page.get_by_role("button", name="Déposer le dossier").click()
    expect(page.locator(".fr-badge", has_text="Déposé")).to_be_visible()
    verifier_accessibilite(page)

    # L'instructrice, dans un second navigateur : sa file, le dossier, l'instruction, la demande de complément.
    violations_instruction = []
    contexte, instruction = _ouvrir(navigateur, violations_instruction, **TELEPHONE)
    try:
        instruction.goto(serveur + "/comptes/connexion/")
        verifier_accessibilite(instruction)
        instruction.get_by_label("Adresse e-mail").fill(demo.INSTRUCTEUR["email"])
        instruction.get_by_label("Mot de passe").fill(demo.MOT_DE_PASSE)
        instruction.get_by_role("button", name="Se connecter").click()
        instruction.goto(serveur + "/dossiers/instruction/")
        expect(instruction.get_by_text("Menuiserie des Essais")).to_be_visible()
        verifier_accessibilite(instruction)
        instruction.goto(dossier)
        instruction.get_by_role("button", name="Ouvrir l'instruction").click()
        expect(instruction.locator(".fr-badge", has_text="En instruction")).to_be_visible()
        verifier_accessibilite(instruction)
        instruction.get_by_label("Ce qui manque (message à l'entreprise)").fill(
            "Joignez la présentation du projet, avec le planning."
        )
        instruction.get_by_role("button", name="Demander un complément").click()
        expect(instruction.locator(".fr-badge", has_text="Complément demandé")).to_be_visible()
        verifier_accessibilite(instruction)

        # L'entreprise répond : un message, un document, puis elle redépose.
        page.reload()
        expect(page.get_by_text("Joignez la présentation du projet, avec le planning.")).to_be_visible()
        verifier_accessibilite(page)
        page.get_by_label("Votre message").fill("Voici la présentation, avec le planning du pilote.")
        page.get_by_role("button", name="Envoyer le message").click()
        expect(page.get_by_text("Voici la présentation, avec le planning du pilote.")).to_be_visible()
        presentation = _pdf(tmp_path, "presentation.pdf", "Présentation du projet", "Planning du pilote")
        page.get_by_label(re.compile("^Joindre : Présentation du projet")).set_input_files(presentation)
        page.get_by_role("button", name=re.compile("^Envoyer : Présentation")).click()
        expect(page.get_by_role("link", name="presentation.pdf")).to_be_visible()
        verifier_accessibilite(page)
        page.get_by_role("button", name="Déposer le dossier").click()
        expect(page.locator(".fr-badge", has_text="Déposé")).to_be_visible()

        # L'instructrice lit la réponse, rouvre l'instruction et accorde 16 000 €.
        instruction.reload()
        expect(instruction.get_by_text("Voici la présentation, avec le planning du pilote.")).to_be_visible()
        instruction.get_by_role("button", name="Ouvrir l'instruction").click()
        instruction.get_by_label(re.compile("^Montant accordé")).fill("16 000")
        instruction.get_by_role("button", name="Accorder l'aide").click()
        expect(instruction.get_by_role("heading", name="Décision")).to_be_visible()
        verifier_accessibilite(instruction)
    finally:
        _fermer(contexte, violations_instruction)

    # L'entreprise voit la décision, télécharge l'attestation ; la chronologie du projet raconte le dossier.
    page.reload()
    expect(page.get_by_role("heading", name="Décision")).to_contain_text("Décision")
    expect(page.locator("section", has=page.get_by_role("heading", name="Décision"))).to_contain_text("16")
    verifier_accessibilite(page)
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger l'attestation de décision (PDF)").click()
    chemin = tmp_path / "attestation.pdf"
    telechargement.value.save_as(chemin)
    assert chemin.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        texte = subprocess.run(["pdftotext", str(chemin), "-"], capture_output=True, text=True, check=True).stdout
        texte = " ".join(texte.split())
        assert "Menuiserie des Essais" in texte and DISPOSITIF in texte and re.search(r"16\s?000", texte)

    page.goto(projet)
    chronologie = page.locator(".osezia-chronologie")
    for texte in ("commencé (brouillon)", "déposé : 20", "complément demandé", "complété et déposé de nouveau"):
        expect(chronologie).to_contain_text(texte)
    expect(chronologie).to_contain_text(re.compile(r"accordé : 16\s?000 €"))
    verifier_accessibilite(page)
