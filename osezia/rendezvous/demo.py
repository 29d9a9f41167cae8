"""Une journée de rendez-vous d'affaires de démonstration, entre les entreprises et fournisseurs fictifs de la
démonstration (« Démo — … », est_demo), organisée par la structure fictive : jamais de vraie entreprise.

Idempotent : l'événement est retrouvé par son nom ; créé une fois, 30 jours après le premier chargement, il n'est
plus modifié (ni ses inscriptions ni ses souhaits, que l'on peut essayer de changer)."""

import datetime

from django.db import transaction
from django.utils import timezone

from osezia.dossiers.demo import ENTREPRISE as ENTREPRISE_DU_DIRIGEANT
from osezia.organisations.enums import TypeOrganisation
from osezia.organisations.models import Organisation
from osezia.rendezvous.enums import NatureParticipant, Priorite
from osezia.rendezvous.models import Creneau, Evenement, Participant, Souhait

NOM = "Rendez-vous d'affaires IA de Lyon (démonstration)"
CRENEAUX = 10
PAUSE_AVANT = {5}  # café du matin
PAR_COTE = 6


@transaction.atomic
def charger_demo_rendezvous(structure):
    """Crée l'événement de démonstration s'il manque ; renvoie {"evenements": 0 ou 1}."""
    if Evenement.objects.filter(nom=NOM, est_demo=True).exists():
        return {"evenements": 0}
    # L'entreprise du compte de dirigeant de démonstration en premier : elle voit son inscription et ses souhaits.
    demo = Organisation.objects.filter(type=TypeOrganisation.ENTREPRISE, est_demo=True)
    entreprises = list(demo.filter(nom=ENTREPRISE_DU_DIRIGEANT)) + list(
        demo.exclude(nom=ENTREPRISE_DU_DIRIGEANT).order_by("nom")
    )
    entreprises = entreprises[:PAR_COTE]
    fournisseurs = list(
        Organisation.objects.filter(type=TypeOrganisation.FOURNISSEUR, est_demo=True).order_by("nom")[:PAR_COTE]
    )
    if not entreprises or not fournisseurs:
        return {"evenements": 0}
    evenement = Evenement(
        nom=NOM,
        date=timezone.localdate() + datetime.timedelta(days=30),
        lieu="Lyon (lieu fictif de démonstration)",
        themes="Artisanat, commerce, industrie et services : tous secteurs (démonstration)",
        tables=4,
        organisateur=structure,
        est_demo=True,
    )
    evenement.full_clean()
    evenement.save()
    debut = datetime.datetime.combine(evenement.date, datetime.time(9, 0))
    creneaux = []
    for ordre in range(CRENEAUX):
        if ordre in PAUSE_AVANT:
            debut += datetime.timedelta(minutes=20)
        creneaux.append(
            Creneau.objects.create(
                evenement=evenement, ordre=ordre, debut=debut.time(), pause_avant=ordre in PAUSE_AVANT
            )
        )
        debut += datetime.timedelta(minutes=evenement.duree_creneau)
    maintenant = timezone.now()

    def inscrire(organisation, nature, rang):
        participant = Participant.objects.create(
            evenement=evenement, organisation=organisation, nature=nature, consentement_le=maintenant, max_rendez_vous=5
        )
        # Chacun a une absence d'un créneau, à une place différente : le planning a des contraintes à respecter.
        participant.disponibilites.set([c for c in creneaux if c.ordre != (rang * 3) % CRENEAUX])
        return participant

    cote_entreprises = [inscrire(o, NatureParticipant.ENTREPRISE, i) for i, o in enumerate(entreprises)]
    cote_fournisseurs = [inscrire(o, NatureParticipant.FOURNISSEUR, i + 1) for i, o in enumerate(fournisseurs)]
    for i, entreprise in enumerate(cote_entreprises):
        for decalage, priorite in ((0, Priorite.HAUTE), (1, Priorite.MOYENNE), (3, Priorite.BASSE)):
            fournisseur = cote_fournisseurs[(i + decalage) % len(cote_fournisseurs)]
            # Le premier choix de chaque entreprise est aussi voulu par le fournisseur : un souhait mutuel.
            Souhait.objects.create(
                evenement=evenement,
                entreprise=entreprise,
                fournisseur=fournisseur,
                priorite=priorite,
                voulu_par_entreprise=True,
                voulu_par_fournisseur=decalage == 0,
            )
    return {"evenements": 1}
