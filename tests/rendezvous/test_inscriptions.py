import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from osezia.rendezvous import inscriptions
from osezia.rendezvous.enums import NatureParticipant
from osezia.rendezvous.models import Participant
from tests.comptes.factories import UtilisateurFactory
from tests.organisations.factories import MembreFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fournisseur_membre():
    return MembreFactory(organisation=OrganisationFactory(fournisseur=True), utilisateur__fournisseur=True)


def test_un_fournisseur_s_inscrit_depuis_la_page_de_l_evenement(journee, client, fournisseur_membre):
    client.force_login(fournisseur_membre.utilisateur)
    adresse = reverse("rendezvous:evenement", args=[journee.evenement.pk])
    page = client.get(adresse).content.decode()
    assert "Cochez" not in page and "Inscrire mon organisation" in page and "voient le nom de mon organisation" in page
    reponse = client.post(
        adresse,
        {
            "disponibilites": [journee.creneaux[0].pk, journee.creneaux[2].pk],
            "max_rendez_vous": "5",
            "consentement": "on",
        },
    )
    assert reponse.status_code == 302
    participant = Participant.objects.get(evenement=journee.evenement, organisation=fournisseur_membre.organisation)
    assert participant.nature == NatureParticipant.FOURNISSEUR
    assert participant.max_rendez_vous == 5 and participant.consentement_le is not None
    assert set(participant.disponibilites.all()) == {journee.creneaux[0], journee.creneaux[2]}
    assert participant.inscrit_par == fournisseur_membre.utilisateur
    page = client.get(adresse).content.decode()
    assert "Choisir qui rencontrer" in page and "Se désister" in page


def test_sans_creneau_ni_consentement_les_erreurs_sont_a_cote_des_champs(journee, client, fournisseur_membre):
    client.force_login(fournisseur_membre.utilisateur)
    adresse = reverse("rendezvous:evenement", args=[journee.evenement.pk])
    reponse = client.post(adresse, {"max_rendez_vous": "5"})
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Cochez au moins un créneau où vous êtes disponible." in contenu
    assert inscriptions.SANS_CONSENTEMENT in contenu
    assert 'aria-describedby="id_disponibilites-desc-error"' in contenu
    assert 'aria-describedby="id_consentement-desc-error"' in contenu
    assert not Participant.objects.filter(organisation=fournisseur_membre.organisation).exists()


def test_un_creneau_d_un_autre_evenement_est_refuse(journee, fournisseur_membre):
    from tests.rendezvous.factories import EvenementFactory, creneaux

    autre = creneaux(EvenementFactory(), 1)
    with pytest.raises(ValidationError) as erreur:
        inscriptions.inscrire(
            evenement=journee.evenement,
            organisation=fournisseur_membre.organisation,
            par=fournisseur_membre.utilisateur,
            disponibilites=autre,
            max_rendez_vous=4,
            consentement=True,
        )
    assert "disponibilites" in erreur.value.message_dict


def test_seul_un_membre_inscrit_son_organisation(journee, fournisseur_membre):
    with pytest.raises(PermissionDenied):
        inscriptions.inscrire(
            evenement=journee.evenement,
            organisation=fournisseur_membre.organisation,
            par=UtilisateurFactory(),
            disponibilites=journee.creneaux,
            max_rendez_vous=4,
            consentement=True,
        )


def test_une_structure_ne_s_inscrit_pas(journee, client):
    client.force_login(journee.organisateur)
    adresse = reverse("rendezvous:evenement", args=[journee.evenement.pk])
    assert "ne peut pas s'y inscrire" in client.get(adresse).content.decode()
    assert client.post(adresse, {"consentement": "on"}).status_code == 403
    with pytest.raises(ValidationError):
        inscriptions.inscrire(
            evenement=journee.evenement,
            organisation=journee.structure,
            par=journee.organisateur,
            disponibilites=journee.creneaux,
            max_rendez_vous=4,
            consentement=True,
        )


def test_un_anonyme_est_invite_a_se_connecter(journee, client):
    contenu = client.get(reverse("rendezvous:evenement", args=[journee.evenement.pk])).content.decode()
    assert "Se connecter pour s'inscrire" in contenu
    assert client.get(reverse("rendezvous:liste")).status_code == 200


def test_se_desister_puis_se_reinscrire(journee, client):
    entreprise = journee.entreprises[1]
    client.force_login(journee.membre(entreprise))
    reponse = client.post(reverse("rendezvous:desister", args=[journee.evenement.pk]))
    assert reponse.status_code == 302
    entreprise.refresh_from_db()
    assert entreprise.desiste_le is not None
    client.post(
        reverse("rendezvous:evenement", args=[journee.evenement.pk]),
        {"disponibilites": [journee.creneaux[1].pk], "max_rendez_vous": "3", "consentement": "on"},
    )
    entreprise.refresh_from_db()
    assert entreprise.desiste_le is None and entreprise.max_rendez_vous == 3


def test_se_desister_sans_inscription_est_une_404(journee, client, fournisseur_membre):
    client.force_login(fournisseur_membre.utilisateur)
    assert client.post(reverse("rendezvous:desister", args=[journee.evenement.pk])).status_code == 404
    client.logout()
    assert client.post(reverse("rendezvous:desister", args=[journee.evenement.pk])).status_code == 302


def test_apres_la_date_les_inscriptions_sont_closes(journee, client, fournisseur_membre):
    import datetime

    from django.utils import timezone

    journee.evenement.date = timezone.localdate() - datetime.timedelta(days=1)
    journee.evenement.save()
    adresse = reverse("rendezvous:evenement", args=[journee.evenement.pk])
    assert client.post(adresse, {"consentement": "on"}).status_code == 302  # vers la connexion
    client.force_login(fournisseur_membre.utilisateur)
    assert "Les inscriptions à cet événement sont closes." in client.get(adresse).content.decode()
    reponse = client.post(
        adresse, {"disponibilites": [journee.creneaux[0].pk], "max_rendez_vous": "4", "consentement": "on"}, follow=True
    )
    assert "Les inscriptions à cet événement sont closes." in reponse.content.decode()
    assert not Participant.objects.filter(organisation=fournisseur_membre.organisation).exists()
