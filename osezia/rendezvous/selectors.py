"""Lectures des rendez-vous d'affaires : l'agenda d'un participant (page, PDF, .ics)."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from osezia.rendezvous.enums import NatureParticipant
from osezia.rendezvous.models import RendezVous

FUSEAU = ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class LigneAgenda:
    creneau: object
    debut: datetime.datetime
    fin: datetime.datetime
    pause_avant: bool
    disponible: bool
    rendez_vous: object = None  # RendezVous, annulé compris
    autre: object = None  # le Participant de l'autre côté

    @property
    def annule(self):
        return self.rendez_vous is not None and self.rendez_vous.annule_le is not None


def horaires(evenement, creneau):
    """(début, fin) d'un créneau, à l'heure de Paris."""
    debut = datetime.datetime.combine(evenement.date, creneau.debut, tzinfo=FUSEAU)
    return debut, debut + datetime.timedelta(minutes=evenement.duree_creneau)


def rendez_vous_de(participant, *, brouillon=False):
    """Les rendez-vous du participant, annulés compris, dans l'ordre des créneaux. Sans `brouillon`, seuls ceux
    publiés (notifiés) : un planning non publié peut encore changer au prochain calcul."""
    rendez_vous = RendezVous.objects.filter(evenement_id=participant.evenement_id).filter(
        **{"entreprise" if participant.nature == NatureParticipant.ENTREPRISE else "fournisseur": participant}
    )
    if not brouillon:
        rendez_vous = rendez_vous.filter(notifie_le__isnull=False)
    return rendez_vous.select_related("creneau", "entreprise__organisation", "fournisseur__organisation").order_by(
        "creneau__ordre", "annule_le"
    )


def agenda(participant, *, brouillon=False):
    """Une ligne par créneau de l'événement, dans l'ordre de la journée, avec le rendez-vous du participant (le
    rendez-vous en cours plutôt qu'un annulé sur le même créneau)."""
    evenement = participant.evenement
    par_creneau = {}
    for rdv in rendez_vous_de(participant, brouillon=brouillon):
        if rdv.creneau_id not in par_creneau or par_creneau[rdv.creneau_id].annule_le is not None:
            par_creneau[rdv.creneau_id] = rdv
    disponibles = set(participant.disponibilites.values_list("pk", flat=True))
    lignes = []
    for creneau in evenement.creneaux.order_by("ordre"):
        debut, fin = horaires(evenement, creneau)
        rdv = par_creneau.get(creneau.pk)
        autre = None
        if rdv is not None:
            autre = rdv.fournisseur if rdv.entreprise_id == participant.pk else rdv.entreprise
        lignes.append(
            LigneAgenda(
                creneau=creneau,
                debut=debut,
                fin=fin,
                pause_avant=creneau.pause_avant and bool(lignes),
                disponible=creneau.pk in disponibles,
                rendez_vous=rdv,
                autre=autre,
            )
        )
    return lignes


@dataclass(frozen=True)
class LigneSouhait:
    """Un inscrit de l'autre côté, vu par un participant, et le souhait qui les relie (ou None)."""

    autre: object
    souhait: object = None
    de_moi: bool = False  # le participant a demandé ce rendez-vous
    de_lui: bool = False  # l'autre l'a demandé


def interlocuteurs(participant):
    """Les inscrits de l'autre côté (non désistés), par nom, avec ce que chacun a demandé."""
    entreprise = participant.nature == NatureParticipant.ENTREPRISE
    autres = (
        participant.evenement.participants.filter(
            nature=NatureParticipant.FOURNISSEUR if entreprise else NatureParticipant.ENTREPRISE,
            desiste_le__isnull=True,
        )
        .select_related("organisation")
        .order_by("organisation__nom")
    )
    if entreprise:
        souhaits = {s.fournisseur_id: s for s in participant.souhaits_emis.all()}
    else:
        souhaits = {s.entreprise_id: s for s in participant.souhaits_recus.all()}
    lignes = []
    for autre in autres:
        souhait = souhaits.get(autre.pk)
        if souhait is None:
            lignes.append(LigneSouhait(autre=autre))
            continue
        mien, sien = (
            (souhait.voulu_par_entreprise, souhait.voulu_par_fournisseur)
            if entreprise
            else (souhait.voulu_par_fournisseur, souhait.voulu_par_entreprise)
        )
        lignes.append(LigneSouhait(autre=autre, souhait=souhait, de_moi=mien, de_lui=sien))
    return lignes
