import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from osezia.rendezvous import jour, selectors
from osezia.rendezvous.models import RendezVous
from tests.organisations.factories import MembreFactory
from tests.rendezvous.factories import SouhaitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demain(journee):
    """La journée a lieu demain : tous ses créneaux sont encore à venir."""
    from django.utils import timezone

    journee.evenement.date = timezone.localdate() + datetime.timedelta(days=1)
    journee.evenement.save()
    SouhaitFactory(entreprise=journee.entreprises[1], fournisseur=journee.fournisseurs[0], mutuel=True)
    return journee


def test_le_premier_creneau_restant_suit_l_heure(journee):
    evenement = journee.evenement
    a_9h40, _ = selectors.horaires(evenement, journee.creneaux[2])
    assert jour.premier_creneau_restant(evenement, a_9h40) == journee.creneaux[3]
    fin, _ = selectors.horaires(evenement, journee.creneaux[5])
    assert jour.premier_creneau_restant(evenement, fin) is None


def test_un_absent_libere_ses_creneaux_a_venir_seulement(journee):
    fournisseur = journee.fournisseurs[0]  # rendez-vous à 9 h (passé) ; son interlocuteur a aussi 10 h 35
    a_9h20, _ = selectors.horaires(journee.evenement, journee.creneaux[1])
    jour.marquer_absent(participant=fournisseur, par=journee.organisateur, maintenant=a_9h20)
    passe, avenir = journee.rendez_vous
    passe.refresh_from_db()
    assert passe.annule_le is None
    autre = journee.fournisseurs[1]
    jour.marquer_absent(participant=autre, par=journee.organisateur, maintenant=a_9h20)
    avenir.refresh_from_db()
    assert avenir.annule_le is not None
    autre.refresh_from_db()
    assert autre.absent_le is not None and autre.arrive_le is None


def test_accueil_absence_et_rebrassage_depuis_la_page(demain, client):
    evenement = demain.evenement
    client.force_login(demain.organisateur)
    page = reverse("rendezvous:organisation", args=[evenement.pk])
    arrivee = demain.entreprises[1]
    client.post(reverse("rendezvous:presence", args=[evenement.pk]), {"participant": arrivee.pk, "action": "arrive"})
    arrivee.refresh_from_db()
    assert arrivee.arrive_le is not None
    assert "Créneaux libérés" not in client.get(page).content.decode()
    # L'entreprise 0 ne vient pas : le fournisseur 0 est libre à 9 h pour l'entreprise 1, qui veut le voir.
    absente = demain.entreprises[0]
    client.post(reverse("rendezvous:presence", args=[evenement.pk]), {"participant": absente.pk, "action": "absent"})
    assert not RendezVous.objects.filter(entreprise=absente, annule_le__isnull=True).exists()
    contenu = client.get(page).content.decode()
    assert "Proposition de rebrassage" in contenu
    (proposition,) = jour.proposer(evenement)
    assert (proposition.entreprise, proposition.fournisseur) == (arrivee, demain.fournisseurs[0])
    reponse = client.post(
        reverse("rendezvous:accepter_proposition", args=[evenement.pk]),
        {"creneau": proposition.creneau.pk, "entreprise": arrivee.pk, "fournisseur": demain.fournisseurs[0].pk},
        follow=True,
    )
    assert "Rendez-vous ajouté" in reponse.content.decode()
    assert sorted(m.to[0] for m in mail.outbox if "Nouveau rendez-vous" in m.subject) == sorted(
        [demain.membre(arrivee).email, demain.membre(demain.fournisseurs[0]).email]
    )
    rdv = RendezVous.objects.get(entreprise=arrivee, fournisseur=demain.fournisseurs[0], annule_le__isnull=True)
    assert rdv.notifie_le is not None and rdv.table == 1 and rdv.souhait is not None
    assert jour.proposer(evenement) == []
    # La même proposition une seconde fois : refusée en français, rien d'écrit.
    reponse = client.post(
        reverse("rendezvous:accepter_proposition", args=[evenement.pk]),
        {"creneau": proposition.creneau.pk, "entreprise": arrivee.pk, "fournisseur": demain.fournisseurs[0].pk},
        follow=True,
    )
    assert "Ces deux participants ont déjà un rendez-vous." in reponse.content.decode()
    assert RendezVous.objects.filter(entreprise=arrivee, annule_le__isnull=True).count() == 1


def test_on_n_accepte_pas_un_rendez_vous_avec_un_absent(demain):
    absent = demain.fournisseurs[0]
    jour.marquer_absent(participant=absent, par=demain.organisateur)
    with pytest.raises(ValidationError) as erreur:
        jour.accepter(
            evenement=demain.evenement,
            creneau=demain.creneaux[2],
            entreprise=demain.entreprises[1],
            fournisseur=absent,
            par=demain.organisateur,
        )
    assert f"« {absent.organisation.nom} » n'est plus présent." in erreur.value.messages


def test_seul_l_organisateur_gere_l_accueil(demain, client):
    with pytest.raises(PermissionDenied):
        jour.marquer_arrivee(participant=demain.entreprises[0], par=MembreFactory().utilisateur)
    client.force_login(demain.organisateur)
    reponse = client.post(
        reverse("rendezvous:presence", args=[demain.evenement.pk]),
        {"participant": "x", "action": "arrive"},
        follow=True,
    )
    assert "Choisissez un participant de la liste." in reponse.content.decode()
    reponse = client.post(
        reverse("rendezvous:accepter_proposition", args=[demain.evenement.pk]), {"creneau": "1"}, follow=True
    )
    assert "Cette proposition n&#x27;existe plus" in reponse.content.decode()
