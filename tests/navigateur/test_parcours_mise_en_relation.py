"""Une menuiserie (compte de démonstration) exprime un besoin et l'envoie ; le fournisseur de démonstration (second
navigateur) le trouve dans sa boîte, se dit intéressé, s'inscrit à la journée de rendez-vous d'affaires et demande à
rencontrer la menuiserie, qui accepte ; l'organisatrice (structure de démonstration) calcule et publie le planning ;
la menuiserie télécharge son agenda (.ics et PDF) et voit le rendez-vous prévu sur sa mise en relation. axe-core à
chaque étape (zéro violation), CSP vérifiée par le conftest."""

import re

import pytest
from playwright.sync_api import expect

from osezia.dossiers import demo as demo_dossiers
from osezia.relations import demo as demo_relations
from osezia.rendezvous import demo as demo_rendezvous
from tests.navigateur.conftest import _fermer, _ouvrir

pytestmark = pytest.mark.navigateur

TELEPHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
CAS_USAGE = "Optimisation des stocks et du réapprovisionnement"
FOURNISSEUR = demo_relations.FOURNISSEUR_DU_COMPTE
ENTREPRISE = demo_dossiers.ENTREPRISE


def _connecter(page, serveur, email):
    page.goto(serveur + "/comptes/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(demo_dossiers.MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()


def _ouvrir_l_evenement(page, serveur):
    page.goto(serveur + "/rendez-vous/")
    page.get_by_role("link", name=demo_rendezvous.NOM).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo_rendezvous.NOM)


def _cliquer_si_present(page, nom):
    bouton = page.get_by_role("button", name=nom)
    if bouton.count():
        bouton.first.click()
        return True
    return False


def test_besoin_boite_du_fournisseur_interet_rendez_vous_et_agenda(
    serveur, navigateur, page_mobile, violations_csp, verifier_accessibilite, tmp_path
):
    page = page_mobile
    _connecter(page, serveur, demo_dossiers.DIRIGEANT["email"])
    page.goto(serveur + "/besoins/nouveau/")
    verifier_accessibilite(page)
    page.get_by_label("Ce que vous voulez faire avec l'IA").select_option(label=CAS_USAGE)
    page.get_by_label("Votre besoin, dans vos mots").fill(
        "Nous tombons en rupture de quincaillerie et de panneaux deux fois par mois ; les commandes aux "
        "fournisseurs se font au jugé, à partir de relevés de stock sur papier."
    )
    page.get_by_role("button", name="Voir les fournisseurs proposés").click()
    expect(page.get_by_role("heading", name="Fournisseurs proposés")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(FOURNISSEUR))).to_be_visible()
    verifier_accessibilite(page)
    # Sans la case de consentement, rien ne part : l'erreur est à côté de la case.
    page.get_by_role("button", name="Envoyer aux fournisseurs").click()
    expect(page.get_by_text("Cochez la case pour accepter")).to_be_visible()
    verifier_accessibilite(page)
    page.locator("label[for=id_consentement]").click()  # la case du DSFR se coche par son libellé
    page.get_by_role("button", name="Envoyer aux fournisseurs").click()
    expect(page.get_by_role("heading", name="Fournisseurs contactés")).to_be_visible()
    verifier_accessibilite(page)

    violations_fournisseur, violations_organisation = [], []
    contexte_f, fournisseur = _ouvrir(navigateur, violations_fournisseur, **TELEPHONE)
    contexte_o, organisation = _ouvrir(navigateur, violations_organisation)
    try:
        # Le fournisseur : sa boîte, la demande (sans le nom de l'entreprise, qu'elle n'a pas choisi de montrer).
        _connecter(fournisseur, serveur, demo_relations.FOURNISSEUR["email"])
        fournisseur.goto(serveur + "/espace-fournisseur/demandes/")
        verifier_accessibilite(fournisseur)
        fournisseur.get_by_role("link", name=CAS_USAGE).first.click()
        expect(fournisseur.get_by_text("Nom non communiqué")).to_be_visible()
        expect(fournisseur.get_by_text("rupture de quincaillerie", exact=False)).to_be_visible()
        verifier_accessibilite(fournisseur)
        fournisseur.get_by_role("button", name="Intéressé", exact=True).click()
        expect(fournisseur.locator(".fr-badge", has_text="Intéressé")).to_be_visible()
        verifier_accessibilite(fournisseur)

        # Il s'inscrit à la journée (si la démonstration ne l'y a pas déjà inscrit) et demande le rendez-vous.
        _ouvrir_l_evenement(fournisseur, serveur)
        if fournisseur.get_by_role("button", name="Inscrire mon organisation").count():
            for libelle in fournisseur.locator("label[for^=id_disponibilites_]").all():
                libelle.click()
            fournisseur.locator("label[for=id_consentement]").click()
            fournisseur.get_by_role("button", name="Inscrire mon organisation").click()
        verifier_accessibilite(fournisseur)
        fournisseur.get_by_role("link", name="Choisir qui rencontrer").click()
        verifier_accessibilite(fournisseur)
        assert _cliquer_si_present(fournisseur, f"Demander un rendez-vous : {ENTREPRISE}") or _cliquer_si_present(
            fournisseur, f"Accepter : {ENTREPRISE}"
        )
        verifier_accessibilite(fournisseur)

        # La menuiserie accepte la demande reçue : le souhait devient mutuel.
        _ouvrir_l_evenement(page, serveur)
        page.get_by_role("link", name="Choisir qui rencontrer").click()
        _cliquer_si_present(page, f"Accepter : {FOURNISSEUR}")
        expect(page.locator("tr", has_text=FOURNISSEUR)).to_contain_text("Mutuel")
        verifier_accessibilite(page)

        # L'organisatrice calcule et publie le planning.
        _connecter(organisation, serveur, demo_dossiers.INSTRUCTEUR["email"])
        _ouvrir_l_evenement(organisation, serveur)
        organisation.get_by_role("link", name=re.compile("^Organiser la journée")).click()
        verifier_accessibilite(organisation)
        organisation.get_by_role("button", name="Calculer le planning").click()
        expect(organisation.get_by_text(re.compile("Planning calculé"))).to_be_visible(timeout=30_000)
        organisation.get_by_role("button", name="Publier les agendas").click()
        expect(organisation.get_by_text(re.compile("participants? prévenus?"))).to_be_visible()
        verifier_accessibilite(organisation)
    finally:
        _fermer(contexte_f, violations_fournisseur)
        _fermer(contexte_o, violations_organisation)

    # L'agenda de la menuiserie : page, .ics, PDF ; la mise en relation est passée à « Rendez-vous ».
    _ouvrir_l_evenement(page, serveur)
    page.get_by_role("link", name="Mon agenda").click()
    expect(page.get_by_role("table")).to_contain_text(FOURNISSEUR)
    verifier_accessibilite(page)
    with page.expect_download() as telechargement:
        page.get_by_role("link", name=re.compile("^Ajouter à mon agenda")).click()
    ics = tmp_path / "agenda.ics"
    telechargement.value.save_as(ics)
    texte = ics.read_text(encoding="utf-8")
    assert texte.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in texte and FOURNISSEUR in texte.replace("\r\n ", "")
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger l'agenda (PDF)").click()
    pdf = tmp_path / "agenda.pdf"
    telechargement.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    # La mise en relation du besoin montre le rendez-vous prévu ; elle passera à « Rendez-vous » le lendemain de la
    # journée (travail périodique, testé dans tests/rendezvous/test_suggestions.py).
    page.goto(serveur + "/besoins/")
    page.get_by_role("link", name=FOURNISSEUR).first.click()
    expect(page.locator(".fr-badge", has_text="Intéressé").first).to_be_visible()
    expect(page.get_by_text(re.compile(f"Rendez-vous prévu le .*{re.escape(demo_rendezvous.NOM)}"))).to_be_visible()
    verifier_accessibilite(page)
