import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from osezia.rendezvous import services
from osezia.rendezvous.models import RendezVous
from tests.organisations.factories import MembreFactory
from tests.rendezvous.factories import ParticipantFactory, SouhaitFactory

pytestmark = pytest.mark.django_db

ACTIONS = ["rendezvous:calculer", "rendezvous:publier", "rendezvous:presence", "rendezvous:accepter_proposition"]


@pytest.fixture
def souhaits(journee):
    RendezVous.objects.filter(evenement=journee.evenement).delete()
    for i, entreprise in enumerate(journee.entreprises):
        for j, fournisseur in enumerate(journee.fournisseurs):
            SouhaitFactory(entreprise=entreprise, fournisseur=fournisseur, mutuel=i == j)
    return journee


def test_la_capacite_est_verifiee_avant_le_calcul(souhaits):
    evenement = souhaits.evenement
    assert services.verifier_capacite(evenement) == []
    evenement.tables = 1
    evenement.save()
    evenement.creneaux.filter(ordre__gte=3).delete()
    (message,) = services.verifier_capacite(evenement)
    assert message == (
        "Les participants demandent 4 rendez-vous, mais la journée n'en permet que 3 (3 créneaux × 1 table) : "
        "ajoutez des tables ou des créneaux."
    )
    sans = ParticipantFactory(evenement=evenement, disponibilites=[])
    assert f"« {sans.organisation.nom} » n'a indiqué aucun créneau de disponibilité : demandez-lui d'en cocher un." in (
        services.verifier_capacite(evenement)
    )


def test_un_evenement_sans_souhait_ni_creneau_n_a_rien_a_calculer(journee):
    journee.evenement.rendez_vous.all().delete()
    journee.evenement.creneaux.all().delete()
    messages = services.verifier_capacite(journee.evenement)
    assert "L'événement n'a aucun créneau : ajoutez les créneaux de la journée." in messages
    assert "Aucun souhait de rendez-vous entre participants inscrits : il n'y a rien à planifier." in messages


def test_le_calcul_refuse_n_appelle_pas_le_solveur(souhaits, client, monkeypatch):
    appels = []
    monkeypatch.setattr(services, "planifier", lambda **kwargs: appels.append(kwargs))
    ParticipantFactory(evenement=souhaits.evenement, disponibilites=[])
    client.force_login(souhaits.organisateur)
    page = client.get(reverse("rendezvous:organisation", args=[souhaits.evenement.pk])).content.decode()
    assert "Le planning ne peut pas encore être calculé" in page and "Calculer le planning" not in page
    reponse = client.post(reverse("rendezvous:calculer", args=[souhaits.evenement.pk]), follow=True)
    assert "aucun créneau de disponibilité" in reponse.content.decode()
    assert appels == []


def test_calculer_puis_publier_previent_chaque_membre_une_fois(souhaits, client):
    evenement = souhaits.evenement
    client.force_login(souhaits.organisateur)
    reponse = client.post(reverse("rendezvous:calculer", args=[evenement.pk]), follow=True)
    contenu = reponse.content.decode()
    assert "Planning calculé : 4 rendez-vous" in contenu
    assert "Écart à la borne" in contenu and "0,0 %" in contenu and "Optimal (prouvé)" in contenu
    assert contenu.count("<h1") == 1
    assert RendezVous.objects.filter(evenement=evenement, notifie_le__isnull=True).count() == 4
    mail.outbox.clear()
    reponse = client.post(reverse("rendezvous:publier", args=[evenement.pk]), follow=True)
    assert "4 participants prévenus" in reponse.content.decode()
    assert not RendezVous.objects.filter(evenement=evenement, notifie_le__isnull=True).exists()
    destinataires = sorted(m.to[0] for m in mail.outbox)
    assert destinataires == sorted(u.email for u in souhaits.membres.values())
    message = next(m for m in mail.outbox if m.to == [souhaits.membre(souhaits.entreprises[0]).email])
    assert reverse("rendezvous:agenda", args=[souhaits.entreprises[0].pk]) in message.body
    # Rien n'a changé : pas de seconde publication.
    mail.outbox.clear()
    reponse = client.post(reverse("rendezvous:publier", args=[evenement.pk]), follow=True)
    assert "rien à publier" in reponse.content.decode()
    assert mail.outbox == []


def test_une_nouvelle_publication_ne_previent_que_les_agendas_changes(souhaits, pilote):
    evenement = souhaits.evenement
    services.planifier(evenement=evenement, par=pilote, limite_secondes=5)
    services.publier(evenement=evenement, par=pilote)
    mail.outbox.clear()
    # Un fournisseur se désiste : ses interlocuteurs perdent un rendez-vous au calcul suivant.
    parti = souhaits.fournisseurs[1]
    parti.desiste_le = timezone.now()
    parti.save()
    services.planifier(evenement=evenement, par=pilote, limite_secondes=5)
    assert services.publier(evenement=evenement, par=pilote) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(souhaits.membre(e).email for e in souhaits.entreprises)
    assert all("a changé" in m.subject for m in mail.outbox)


@pytest.mark.parametrize("action", ACTIONS)
def test_les_actions_de_l_organisateur_lui_sont_reservees(souhaits, client, action):
    adresse = reverse(action, args=[souhaits.evenement.pk])
    assert client.post(adresse).status_code == 302  # vers la connexion
    for intrus in (MembreFactory().utilisateur, souhaits.membre(souhaits.entreprises[0])):
        client.force_login(intrus)
        assert client.post(adresse).status_code == 403
    assert client.get(adresse).status_code in (403, 405)
    assert not RendezVous.objects.filter(evenement=souhaits.evenement).exists()


def test_la_page_de_l_organisateur(souhaits, client, pilote):
    adresse = reverse("rendezvous:organisation", args=[souhaits.evenement.pk])
    assert client.get(adresse).status_code == 302
    client.force_login(souhaits.membre(souhaits.fournisseurs[0]))
    assert client.get(adresse).status_code == 403
    for utilisateur in (souhaits.organisateur, pilote):
        client.force_login(utilisateur)
        contenu = client.get(adresse).content.decode()
        assert "4 souhaits de rendez-vous, dont 2 mutuels" in contenu
        assert '<th scope="col">Souhaits</th>' in contenu
        for participant in souhaits.entreprises + souhaits.fournisseurs:
            assert participant.organisation.nom in contenu
    assert client.post(reverse("rendezvous:calculer", args=[999999])).status_code == 404
    # Le pilote (dernier connecté) calcule et publie aussi.
    assert client.post(reverse("rendezvous:calculer", args=[souhaits.evenement.pk])).status_code == 302
    assert client.post(reverse("rendezvous:publier", args=[souhaits.evenement.pk])).status_code == 302
    assert RendezVous.objects.filter(evenement=souhaits.evenement, notifie_le__isnull=False).count() == 4
