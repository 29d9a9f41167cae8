import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from osezia.rendezvous.models import Evenement
from tests.comptes.factories import UtilisateurFactory
from tests.organisations.factories import MembreFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _donnees(structure, **autres):
    return {
        "nom": "Rendez-vous IA du commerce de Nantes", "organisateur": structure.pk,
        "date": (timezone.localdate() + datetime.timedelta(days=40)).isoformat(), "lieu": "Nantes, CCI",
        "themes": "commerce de proximité", "duree_creneau": "20", "debut": "09:00", "nombre_creneaux": "9",
        "pauses_apres": "3, 6", "tables": "8", "max_consecutifs": "3", **autres,
    }  # fmt: skip


@pytest.fixture
def structure():
    return OrganisationFactory(structure=True)


def test_une_structure_cree_sa_journee_et_ses_creneaux_avec_les_pauses(client, structure):
    conseiller = MembreFactory(organisation=structure, utilisateur__conseiller=True).utilisateur
    client.force_login(conseiller)
    assert "Créer une journée" in client.get(reverse("rendezvous:liste")).content.decode()
    reponse = client.post(reverse("rendezvous:nouveau"), _donnees(structure))
    evenement = Evenement.objects.get(nom="Rendez-vous IA du commerce de Nantes")
    assert reponse.status_code == 302 and reponse["Location"] == reverse("rendezvous:organisation", args=[evenement.pk])
    assert client.get(reponse["Location"]).status_code == 200
    creneaux = list(evenement.creneaux.order_by("ordre"))
    assert [c.debut.strftime("%H:%M") for c in creneaux] == [
        "09:00", "09:20", "09:40", "10:15", "10:35", "10:55", "11:30", "11:50", "12:10",
    ]  # fmt: skip
    assert [c.ordre for c in creneaux if c.pause_avant] == [3, 6]
    assert evenement.organisateur == structure and evenement.themes == "commerce de proximité"


@pytest.mark.parametrize(
    ("champ", "valeur", "message"),
    [
        ("date", "2020-01-01", "Choisissez une date à venir."),
        ("lieu", "", "Indiquez le lieu de la journée, ou cochez « en ligne »."),
        ("pauses_apres", "3, neuf", "Écrivez des numéros de créneaux séparés par des virgules"),
        ("pauses_apres", "9", "Une pause se place après un créneau numéroté de 1 à 8."),
        ("debut", "23:00", "La journée finirait après minuit"),
        ("tables", "0", "Assurez-vous que cette valeur est supérieure ou égale à 1."),
    ],
)
def test_une_saisie_incorrecte_est_signalee_a_cote_du_champ_et_rien_n_est_cree(
    client, structure, champ, valeur, message
):
    client.force_login(MembreFactory(organisation=structure, utilisateur__conseiller=True).utilisateur)
    reponse = client.post(reverse("rendezvous:nouveau"), _donnees(structure, **{champ: valeur}))
    assert reponse.status_code == 400 and message in reponse.content.decode()
    assert not Evenement.objects.filter(nom="Rendez-vous IA du commerce de Nantes").exists()


def test_seuls_les_pilotes_et_les_structures_creent_une_journee(client, structure):
    assert client.get(reverse("rendezvous:nouveau")).status_code == 302  # connexion demandée
    entreprise = MembreFactory(organisation=OrganisationFactory()).utilisateur
    client.force_login(entreprise)
    assert client.get(reverse("rendezvous:nouveau")).status_code == 403
    assert client.post(reverse("rendezvous:nouveau"), _donnees(structure)).status_code == 403
    autre_structure = MembreFactory(organisation=OrganisationFactory(structure=True), utilisateur__conseiller=True)
    client.force_login(autre_structure.utilisateur)
    reponse = client.post(reverse("rendezvous:nouveau"), _donnees(structure))
    assert reponse.status_code == 400 and "Choisissez une structure de la liste." in reponse.content.decode()
    client.force_login(UtilisateurFactory(pilote=True))
    assert client.post(reverse("rendezvous:nouveau"), _donnees(structure)).status_code == 302
    assert Evenement.objects.filter(nom="Rendez-vous IA du commerce de Nantes", organisateur=structure).count() == 1
