import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from osezia.rendezvous import selectors
from tests.comptes.factories import UtilisateurFactory
from tests.organisations.factories import MembreFactory
from tests.rendezvous.factories import RendezVousFactory

pytestmark = pytest.mark.django_db

VUES = ["rendezvous:agenda", "rendezvous:agenda_pdf", "rendezvous:agenda_ics"]


def test_l_agenda_suit_les_creneaux_avec_tables_interlocuteurs_et_pause(journee, client):
    entreprise = journee.entreprises[0]
    client.force_login(journee.membre(entreprise))
    reponse = client.get(reverse("rendezvous:agenda", args=[entreprise.pk]))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert contenu.count("<h1") == 1
    premier = journee.fournisseurs[0].organisation.nom
    second = journee.fournisseurs[1].organisation.nom
    assert contenu.index("09:00 – 09:20") < contenu.index(premier) < contenu.index("Pause") < contenu.index(second)
    assert '<th scope="col">Table</th>' in contenu
    lignes = selectors.agenda(entreprise)
    assert [ligne.rendez_vous.table for ligne in lignes if ligne.rendez_vous] == [1, 1]
    assert [ligne.pause_avant for ligne in lignes] == [False, False, False, True, False, False]


def test_un_rendez_vous_non_publie_n_apparait_qu_a_l_organisateur(journee, client):
    entreprise = journee.entreprises[1]
    RendezVousFactory(creneau=journee.creneaux[1], entreprise=entreprise, fournisseur=journee.fournisseurs[0])
    nom = journee.fournisseurs[0].organisation.nom
    client.force_login(journee.membre(entreprise))
    assert nom not in client.get(reverse("rendezvous:agenda", args=[entreprise.pk])).content.decode()
    client.force_login(journee.organisateur)
    contenu = client.get(reverse("rendezvous:agenda", args=[entreprise.pk])).content.decode()
    assert nom in contenu and "Non publié" in contenu


def test_le_fichier_ics_a_un_vevent_par_rendez_vous_en_cours(journee, client):
    entreprise = journee.entreprises[0]
    annule = journee.rendez_vous[1]
    annule.annule_le = timezone.now()
    annule.save()
    client.force_login(journee.membre(entreprise))
    reponse = client.get(reverse("rendezvous:agenda_ics", args=[entreprise.pk]))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "text/calendar; charset=utf-8"
    assert reponse["Content-Disposition"].startswith('attachment; filename="agenda-')
    assert reponse["Content-Disposition"].endswith('.ics"')
    calendrier = Calendar.from_ical(reponse.content)
    evenements = calendrier.walk("VEVENT")
    assert len(evenements) == 1
    vevent = evenements[0]
    rdv = journee.rendez_vous[0]
    assert str(vevent["UID"]) == f"rdv-{rdv.pk}@osezia"
    debut = vevent.decoded("DTSTART")
    assert str(debut.tzinfo) == "Europe/Paris" and debut.hour == 9 and debut.minute == 0
    assert vevent.decoded("DTEND") - debut == __import__("datetime").timedelta(minutes=20)
    assert str(vevent["LOCATION"]) == journee.evenement.lieu
    assert journee.fournisseurs[0].organisation.nom in str(vevent["SUMMARY"])
    assert journee.fournisseurs[0].organisation.nom in str(vevent["DESCRIPTION"])
    assert calendrier.walk("VTIMEZONE")


def test_un_evenement_en_ligne_se_situe_en_ligne_dans_le_fichier_ics(journee, client):
    journee.evenement.en_ligne, journee.evenement.lieu = True, ""
    journee.evenement.save()
    fournisseur = journee.fournisseurs[0]
    client.force_login(journee.membre(fournisseur))
    reponse = client.get(reverse("rendezvous:agenda_ics", args=[fournisseur.pk]))
    (vevent,) = Calendar.from_ical(reponse.content).walk("VEVENT")
    assert str(vevent["LOCATION"]) == "En ligne"
    assert journee.entreprises[0].organisation.nom in str(vevent["SUMMARY"])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils absent (installé par .ci/run)")
def test_l_agenda_pdf_porte_le_texte_de_l_agenda(journee, client):
    entreprise = journee.entreprises[0]
    client.force_login(journee.membre(entreprise))
    reponse = client.get(reverse("rendezvous:agenda_pdf", args=[entreprise.pk]))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"].endswith('.pdf"')
    texte = subprocess.run(["pdftotext", "-", "-"], input=reponse.content, capture_output=True, check=True).stdout
    texte = texte.decode()
    assert f"Agenda — {entreprise.organisation.nom}" in texte
    assert journee.fournisseurs[0].organisation.nom in texte and "Pause" in texte


@pytest.mark.parametrize("vue", VUES)
def test_un_anonyme_ou_une_autre_organisation_recoit_une_404(journee, client, vue):
    entreprise = journee.entreprises[0]
    adresse = reverse(vue, args=[entreprise.pk])
    assert client.get(adresse).status_code == 404
    client.force_login(MembreFactory().utilisateur)
    assert client.get(adresse).status_code == 404
    # Même un participant du même événement ne voit pas l'agenda d'un autre.
    client.force_login(journee.membre(journee.entreprises[1]))
    assert client.get(adresse).status_code == 404
    client.force_login(UtilisateurFactory(conseiller=True))
    assert client.get(adresse).status_code == 404


@pytest.mark.parametrize("vue", VUES)
def test_l_organisateur_et_un_pilote_voient_l_agenda(journee, client, pilote, vue):
    adresse = reverse(vue, args=[journee.fournisseurs[0].pk])
    for utilisateur in (journee.organisateur, pilote, journee.membre(journee.fournisseurs[0])):
        client.force_login(utilisateur)
        assert client.get(adresse).status_code == 200


def test_un_agenda_inconnu_est_une_404(client, pilote):
    client.force_login(pilote)
    assert client.get(reverse("rendezvous:agenda", args=[999999])).status_code == 404


def test_le_meme_agenda_pdf_n_est_rendu_qu_une_fois(journee, monkeypatch):
    from osezia.rendezvous import exports

    rendus = []
    ecrire = exports.HTML.write_pdf

    def compter(self, *args, **kwargs):
        rendus.append(1)
        return ecrire(self, *args, **kwargs)

    monkeypatch.setattr(exports.HTML, "write_pdf", compter)
    entreprise = journee.entreprises[0]
    premier = exports.agenda_pdf(entreprise)
    assert exports.agenda_pdf(entreprise) == premier and premier.startswith(b"%PDF")
    assert len(rendus) == 1
    journee.rendez_vous[1].annule_le = timezone.now()
    journee.rendez_vous[1].save()
    exports.agenda_pdf(entreprise)
    assert len(rendus) == 2
