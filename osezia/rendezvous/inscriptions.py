"""Écritures des participants : inscription d'une organisation, désistement, souhaits de rendez-vous.

Une entreprise et un fournisseur peuvent chacun demander à rencontrer l'autre : le souhait porte qui l'a demandé ;
demandé des deux côtés, il est mutuel et pèse double au calcul du planning."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from osezia.organisations.enums import TypeOrganisation
from osezia.rendezvous import droits
from osezia.rendezvous.enums import NatureParticipant, Priorite
from osezia.rendezvous.models import Participant, Souhait

NATURE_PAR_TYPE = {
    TypeOrganisation.ENTREPRISE: NatureParticipant.ENTREPRISE,
    TypeOrganisation.FOURNISSEUR: NatureParticipant.FOURNISSEUR,
}
AUCUN_CRENEAU = "Cochez au moins un créneau où vous êtes disponible."
SANS_CONSENTEMENT = "Acceptez que les autres participants voient votre inscription pour vous inscrire."


def inscriptions_ouvertes(evenement):
    return evenement.date >= timezone.localdate() and evenement.creneaux.exists()


def _exiger_membre(par, organisation_id):
    if not droits.est_membre(par, organisation_id):
        raise PermissionDenied("Seuls les membres de l'organisation agissent pour elle.")


@transaction.atomic
def inscrire(*, evenement, organisation, par, disponibilites, max_rendez_vous, consentement):
    """Inscrit l'organisation (ou modifie son inscription, ou la reprend après un désistement). La nature vient du
    type de l'organisation. Lève PermissionDenied ou ValidationError (par champ) ; rien n'est écrit dans ces cas."""
    _exiger_membre(par, organisation.pk)
    nature = NATURE_PAR_TYPE.get(organisation.type)
    if nature is None:
        raise ValidationError(
            "Seules les entreprises et les fournisseurs de solutions IA s'inscrivent aux rendez-vous."
        )
    if not inscriptions_ouvertes(evenement):
        raise ValidationError("Les inscriptions à cet événement sont closes.")
    erreurs = {}
    creneaux = list(evenement.creneaux.filter(pk__in=[c.pk for c in disponibilites]))
    if not creneaux or len(creneaux) != len(set(disponibilites)):
        erreurs["disponibilites"] = AUCUN_CRENEAU if not disponibilites else "Cochez des créneaux de cet événement."
    if not consentement:
        erreurs["consentement"] = SANS_CONSENTEMENT
    if erreurs:
        raise ValidationError(erreurs)
    participant = Participant.objects.select_for_update().filter(evenement=evenement, organisation=organisation).first()
    if participant is None:
        participant = Participant(evenement=evenement, organisation=organisation, inscrit_par=par)
    if participant.inscrit_par_id is None or participant.desiste_le is not None:
        participant.inscrit_par = par
    participant.nature = nature
    participant.max_rendez_vous = max_rendez_vous
    participant.consentement_le = timezone.now()
    participant.desiste_le = None
    participant.full_clean()
    participant.save()
    participant.disponibilites.set(creneaux)
    return participant


@transaction.atomic
def desister(*, participant, par):
    """Le participant ne viendra pas : le prochain calcul annule ses rendez-vous notifiés et prévient l'autre côté."""
    _exiger_membre(par, participant.organisation_id)
    if participant.desiste_le is None:
        participant.desiste_le = timezone.now()
        participant.save(update_fields=["desiste_le"])
    return participant


def _couple(demandeur, autre):
    if demandeur.nature == autre.nature or demandeur.evenement_id != autre.evenement_id:
        raise ValidationError("Un rendez-vous se demande entre une entreprise et un fournisseur du même événement.")
    if demandeur.nature == NatureParticipant.ENTREPRISE:
        return demandeur, autre
    return autre, demandeur


def _drapeau(participant):
    return "voulu_par_entreprise" if participant.nature == NatureParticipant.ENTREPRISE else "voulu_par_fournisseur"


@transaction.atomic
def souhaiter(*, demandeur, autre, priorite, par):
    """Le demandeur veut rencontrer l'autre : nouveau souhait, ou acceptation de celui que l'autre a fait (il
    devient mutuel). La priorité est celle du demandeur ; l'entreprise garde la sienne si le fournisseur la rejoint."""
    _exiger_membre(par, demandeur.organisation_id)
    if demandeur.desiste_le or autre.desiste_le:
        raise ValidationError("Ce participant n'est plus inscrit à l'événement.")
    if priorite not in Priorite.values:
        raise ValidationError({"priorite": "Choisissez une priorité : haute, moyenne ou basse."})
    entreprise, fournisseur = _couple(demandeur, autre)
    souhait = Souhait.objects.select_for_update().filter(entreprise=entreprise, fournisseur=fournisseur).first()
    if souhait is None:
        souhait = Souhait(evenement_id=demandeur.evenement_id, entreprise=entreprise, fournisseur=fournisseur)
        souhait.priorite = priorite
    elif demandeur.nature == NatureParticipant.ENTREPRISE or not souhait.voulu_par_entreprise:
        souhait.priorite = priorite
    setattr(souhait, _drapeau(demandeur), True)
    souhait.full_clean()
    souhait.save()
    return souhait


@transaction.atomic
def retirer_souhait(*, participant, autre, par):
    """Le participant retire sa demande de rencontrer l'autre, ou refuse celle de l'autre : un souhait demandé des
    deux côtés reste pour l'autre, sinon il disparaît. Les rendez-vous déjà publiés restent au planning."""
    _exiger_membre(par, participant.organisation_id)
    entreprise, fournisseur = _couple(participant, autre)
    souhait = Souhait.objects.select_for_update().filter(entreprise=entreprise, fournisseur=fournisseur).first()
    if souhait is None:
        return None
    if not souhait.mutuel:
        souhait.delete()
        return None
    setattr(souhait, _drapeau(participant), False)
    souhait.full_clean()
    souhait.save()
    return souhait
