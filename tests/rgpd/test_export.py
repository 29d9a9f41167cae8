"""Export des données d'une organisation : un zip avec donnees.json et le rapport PDF de chaque diagnostic terminé,
réservé aux administrateurs de l'organisation."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from osezia.diagnostic import services as diagnostics
from osezia.diagnostic.models import FichierPDF
from tests.catalogue.factories import SolutionFactory
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.factories import conseiller_avec_portefeuille, diagnostic, membre_entreprise
from tests.organisations.factories import MembreFactory

pytestmark = pytest.mark.django_db


def _zip(reponse):
    return zipfile.ZipFile(io.BytesIO(reponse.content))


def test_l_administrateur_telecharge_un_zip_avec_le_json_et_les_pdf(client):
    membre = membre_entreprise(naf_id="10.71C", effectif=8)
    collegue = MembreFactory(organisation=membre.organisation, est_administrateur=False)
    termine = diagnostic(membre)
    conseiller, structure = conseiller_avec_portefeuille(membre.organisation)
    diagnostics.prendre_en_charge(diagnostic=termine, conseiller=conseiller)
    recommandation = termine.recommandations.first()
    diagnostics.ajuster(recommandation=recommandation, conseiller=conseiller, rang=5, motif="D'abord les plannings.")
    diagnostic(membre, termine=False)  # un brouillon : dans le JSON, sans PDF

    client.force_login(membre.utilisateur)
    page = client.get(reverse("rgpd:donnees", args=[membre.organisation.pk]))
    assert page.status_code == 200 and "Télécharger toutes les données" in page.content.decode()
    reponse = client.get(reverse("rgpd:telecharger", args=[membre.organisation.pk]))

    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/zip"
    assert reponse["Content-Disposition"].startswith('attachment; filename="donnees-')
    assert "no-store" in reponse["Cache-Control"]
    archive = _zip(reponse)
    noms = archive.namelist()
    pdfs = [nom for nom in noms if nom.endswith(".pdf")]
    assert "donnees.json" in noms and len(pdfs) == 1
    assert archive.read(pdfs[0]).startswith(b"%PDF")

    donnees = json.loads(archive.read("donnees.json"))
    assert donnees["organisation"]["nom"] == membre.organisation.nom
    assert donnees["organisation"]["siren"] == membre.organisation.siren
    assert {m["email"] for m in donnees["membres"]} == {membre.utilisateur.email, collegue.utilisateur.email}
    assert [c["structure"] for c in donnees["consentements"]] == [structure.nom]
    assert len(donnees["diagnostics"]) == 2
    exporte = next(d for d in donnees["diagnostics"] if d["id"] == termine.pk)
    assert exporte["profil"]["naf"] == "10.71C" and exporte["reponses"] == termine.reponses
    assert exporte["scores"] == termine.scores and exporte["reponses_lisibles"]
    assert len(exporte["recommandations"]) == termine.recommandations.count()
    ajustee = next(r for r in exporte["recommandations"] if r["cas_usage"] == recommandation.cas_usage.slug)
    assert ajustee["ajustement_conseiller"]["motif"] == "D'abord les plannings."
    assert ajustee["ajustement_conseiller"]["par"]["email"] == conseiller.email
    assert any("prend en charge" in n["titre"] for n in donnees["notifications"])
    # Trace des e-mails, jamais leur contenu (liens de confirmation personnels).
    assert donnees["emails"] and all("corps" not in e for e in donnees["emails"])


def test_le_pdf_garde_est_repris_tel_quel(client, monkeypatch):
    from osezia.diagnostic import pdf

    membre = membre_entreprise()
    diag = diagnostic(membre)
    client.force_login(membre.utilisateur)
    assert client.get(reverse("diagnostic:rapport_pdf", args=[diag.pk])).status_code == 200
    garde = FichierPDF.objects.get(diagnostic=diag)
    monkeypatch.setattr(pdf, "ecrire_pdf", lambda html: pytest.fail("rendu de nouveau"))
    archive = _zip(client.get(reverse("rgpd:telecharger", args=[membre.organisation.pk])))
    [nom] = [n for n in archive.namelist() if n.endswith(".pdf")]
    assert archive.read(nom) == pdf.contenu(garde)


def test_un_fournisseur_exporte_ses_fiches_et_leur_moderation(client, fournisseur):
    utilisateur, organisation = fournisseur
    SolutionFactory(fournisseur=organisation, publiee=True, nom="Devis express")
    client.force_login(utilisateur)
    archive = _zip(client.get(reverse("rgpd:telecharger", args=[organisation.pk])))
    donnees = json.loads(archive.read("donnees.json"))
    assert [s["nom"] for s in donnees["solutions"]] == ["Devis express"]
    assert donnees["diagnostics"] == [] and donnees["organisation"]["type"] == "Fournisseur de solutions IA"


def test_un_membre_non_administrateur_a_403_et_une_autre_organisation_404(client):
    membre = membre_entreprise()
    simple = MembreFactory(organisation=membre.organisation, est_administrateur=False).utilisateur
    autre = membre_entreprise()
    client.force_login(simple)
    for nom in ("rgpd:donnees", "rgpd:telecharger"):
        assert client.get(reverse(nom, args=[membre.organisation.pk])).status_code == 403
    client.force_login(autre.utilisateur)
    for nom in ("rgpd:donnees", "rgpd:telecharger", "rgpd:annuler"):
        methode = client.post if nom == "rgpd:annuler" else client.get
        assert methode(reverse(nom, args=[membre.organisation.pk])).status_code == 404
    client.logout()
    anonyme = client.get(reverse("rgpd:telecharger", args=[membre.organisation.pk]))
    assert anonyme.status_code == 302 and reverse("comptes:connexion") in anonyme["Location"]


def test_le_tableau_de_bord_mene_aux_donnees_seulement_pour_l_administrateur(client):
    membre = membre_entreprise()
    simple = MembreFactory(organisation=membre.organisation, est_administrateur=False).utilisateur
    lien = reverse("rgpd:donnees", args=[membre.organisation.pk])
    client.force_login(membre.utilisateur)
    texte = client.get(reverse("comptes:tableau_de_bord")).content.decode()
    assert lien in texte and reverse("rgpd:supprimer_compte") in texte
    client.force_login(simple)
    texte = client.get(reverse("comptes:tableau_de_bord")).content.decode()
    assert lien not in texte and reverse("rgpd:supprimer_compte") in texte


def test_une_structure_d_accompagnement_n_exporte_pas_elle_meme(client):
    structure_membre = MembreFactory(
        utilisateur=UtilisateurFactory(conseiller=True), organisation__structure=True, est_administrateur=True
    )
    client.force_login(structure_membre.utilisateur)
    assert client.get(reverse("rgpd:donnees", args=[structure_membre.organisation.pk])).status_code == 403
