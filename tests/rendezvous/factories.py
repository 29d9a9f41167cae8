"""Fabriques des rendez-vous d'affaires (organisations fictives de test, jamais de vraies entreprises)."""

import datetime

import factory
from django.utils import timezone

from osezia.rendezvous.enums import NatureParticipant
from osezia.rendezvous.models import Creneau, Evenement, Participant, RendezVous, Souhait
from tests.organisations.factories import OrganisationFactory


class EvenementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evenement

    nom = factory.Sequence(lambda n: f"Rendez-vous d'affaires de test {n}")
    date = datetime.date(2026, 2, 10)
    lieu = "Lyon, palais des congrès"
    tables = 4

    class Params:
        en_ligne_seulement = factory.Trait(en_ligne=True, lieu="")


def creneaux(evenement, nombre=6, *, pause_avant=(3,)):
    """`nombre` créneaux de la durée de l'événement à partir de 9 h, avec les pauses déclarées données."""
    debut = datetime.datetime.combine(evenement.date, datetime.time(9, 0))
    resultat = []
    for ordre in range(nombre):
        if ordre in pause_avant:
            debut += datetime.timedelta(minutes=15)
        resultat.append(
            Creneau.objects.create(
                evenement=evenement, ordre=ordre, debut=debut.time(), pause_avant=ordre in pause_avant
            )
        )
        debut += datetime.timedelta(minutes=evenement.duree_creneau)
    return resultat


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant
        skip_postgeneration_save = True

    evenement = factory.SubFactory(EvenementFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    nature = NatureParticipant.ENTREPRISE
    consentement_le = factory.LazyFunction(timezone.now)
    max_rendez_vous = 4

    class Params:
        fournisseur = factory.Trait(
            nature=NatureParticipant.FOURNISSEUR, organisation=factory.SubFactory(OrganisationFactory, fournisseur=True)
        )

    @factory.post_generation
    def disponibilites(self, create, valeurs, **kwargs):
        if create:
            self.disponibilites.set(self.evenement.creneaux.all() if valeurs is None else valeurs)


class SouhaitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Souhait

    evenement = factory.SelfAttribute("entreprise.evenement")
    entreprise = factory.SubFactory(ParticipantFactory)
    fournisseur = factory.SubFactory(
        ParticipantFactory, fournisseur=True, evenement=factory.SelfAttribute("..evenement")
    )
    voulu_par_entreprise = True
    voulu_par_fournisseur = factory.SelfAttribute("mutuel")

    class Params:
        # `mutuel` se recalcule à l'enregistrement : la fabrique le traduit en demande des deux côtés.
        mutuel = False


class RendezVousFactory(factory.django.DjangoModelFactory):
    """Un rendez-vous sur la plus petite table libre du créneau donné."""

    class Meta:
        model = RendezVous

    evenement = factory.SelfAttribute("creneau.evenement")
    entreprise = factory.SubFactory(ParticipantFactory, evenement=factory.SelfAttribute("..evenement"))
    fournisseur = factory.SubFactory(
        ParticipantFactory, fournisseur=True, evenement=factory.SelfAttribute("..evenement")
    )
    table = factory.LazyAttribute(
        lambda o: 1 + RendezVous.objects.filter(creneau=o.creneau, annule_le__isnull=True).count()
    )
