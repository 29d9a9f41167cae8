import datetime

import pytest
from django.utils import timezone

from tests.comptes.factories import UtilisateurFactory
from tests.organisations.factories import MembreFactory, OrganisationFactory
from tests.rendezvous.factories import EvenementFactory, ParticipantFactory, RendezVousFactory, creneaux


class Journee:
    """Un événement à venir, organisé par une structure : deux entreprises, deux fournisseurs, chacun avec un
    membre, et deux rendez-vous publiés de la première entreprise."""

    def __init__(self):
        self.structure = OrganisationFactory(structure=True)
        self.evenement = EvenementFactory(
            date=timezone.localdate() + datetime.timedelta(days=30), organisateur=self.structure, tables=2
        )
        self.creneaux = creneaux(self.evenement, 6)
        self.organisateur = MembreFactory(organisation=self.structure, utilisateur__conseiller=True).utilisateur
        self.entreprises = [ParticipantFactory(evenement=self.evenement) for _ in range(2)]
        self.fournisseurs = [ParticipantFactory(evenement=self.evenement, fournisseur=True) for _ in range(2)]
        self.membres = {
            p.pk: MembreFactory(
                organisation=p.organisation, utilisateur__fournisseur=p.nature == "fournisseur"
            ).utilisateur
            for p in self.entreprises + self.fournisseurs
        }
        maintenant = timezone.now()
        self.rendez_vous = [
            RendezVousFactory(
                creneau=self.creneaux[0],
                entreprise=self.entreprises[0],
                fournisseur=self.fournisseurs[0],
                notifie_le=maintenant,
            ),
            RendezVousFactory(
                creneau=self.creneaux[4],
                entreprise=self.entreprises[0],
                fournisseur=self.fournisseurs[1],
                notifie_le=maintenant,
            ),
        ]

    def membre(self, participant):
        return self.membres[participant.pk]


@pytest.fixture
def journee(db):
    return Journee()


@pytest.fixture
def pilote(db):
    return UtilisateurFactory(pilote=True)
