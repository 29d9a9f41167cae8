"""Le jour même : accueil des participants, absents, et redistribution des créneaux que les absents libèrent."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from osezia.notifications import services as notifications
from osezia.notifications.enums import Categorie
from osezia.rendezvous import planification, selectors, services
from osezia.rendezvous.models import Creneau, Participant, RendezVous

# La proposition se calcule à l'affichage de la page de l'organisateur : courte, elle reste utile.
LIMITE_REBRASSAGE_SECONDES = 3.0


def _exiger_organisateur(par, evenement):
    if not services.peut_planifier(par, evenement):
        raise PermissionDenied("Seuls l'organisateur de l'événement et les pilotes gèrent l'accueil.")


def premier_creneau_restant(evenement, maintenant=None):
    """Le premier créneau qui n'a pas commencé (None si la journée est finie)."""
    maintenant = timezone.localtime(maintenant or timezone.now())
    for creneau in evenement.creneaux.order_by("ordre"):
        debut, _ = selectors.horaires(evenement, creneau)
        if debut > maintenant:
            return creneau
    return None


@transaction.atomic
def marquer_arrivee(*, participant, par):
    _exiger_organisateur(par, participant.evenement)
    participant.arrive_le = timezone.now()
    participant.absent_le = None
    participant.full_clean()
    participant.save(update_fields=["arrive_le", "absent_le"])
    return participant


@transaction.atomic
def marquer_absent(*, participant, par, maintenant=None):
    """L'absent perd ses rendez-vous qui n'ont pas commencé : ses interlocuteurs redeviennent libres pour la
    proposition de rebrassage."""
    _exiger_organisateur(par, participant.evenement)
    maintenant = maintenant or timezone.now()
    participant.absent_le = maintenant
    participant.arrive_le = None
    participant.full_clean()
    participant.save(update_fields=["absent_le", "arrive_le"])
    premier = premier_creneau_restant(participant.evenement, maintenant)
    if premier is not None:
        RendezVous.objects.filter(
            Q(entreprise=participant) | Q(fournisseur=participant),
            evenement=participant.evenement,
            annule_le__isnull=True,
            creneau__ordre__gte=premier.ordre,
        ).update(annule_le=maintenant)
    return participant


@dataclass(frozen=True)
class Proposition:
    creneau: Creneau
    entreprise: Participant
    fournisseur: Participant


def proposer(evenement, maintenant=None):
    """Les rendez-vous que `planification.proposer_rebrassage` ajoute entre présents sur les créneaux restants,
    quand des absents en ont libéré ; liste vide sinon."""
    absents = set(evenement.participants.filter(absent_le__isnull=False).values_list("pk", flat=True))
    premier = premier_creneau_restant(evenement, maintenant)
    if not absents or premier is None:
        return []
    probleme = services.probleme_de(evenement, limite_secondes=LIMITE_REBRASSAGE_SECONDES)
    presents = {p.id for p in probleme.participants if p.id not in absents}
    planning = [
        planification.RendezVous(creneau=c, entreprise=e, fournisseur=f)
        for c, e, f in RendezVous.objects.filter(evenement=evenement, annule_le__isnull=True).values_list(
            "creneau_id", "entreprise_id", "fournisseur_id"
        )
    ]
    try:
        resultat = planification.proposer_rebrassage(
            probleme, planning=planning, presents=presents, premier_creneau_restant=premier.pk
        )
    except planification.PlanificationImpossible:
        return []
    nouveaux = [r for r in resultat.rendez_vous if r not in set(planning)]
    creneaux = evenement.creneaux.in_bulk([r.creneau for r in nouveaux])
    participants = evenement.participants.select_related("organisation").in_bulk(
        [i for r in nouveaux for i in r.couple]
    )
    return [
        Proposition(
            creneau=creneaux[r.creneau], entreprise=participants[r.entreprise], fournisseur=participants[r.fournisseur]
        )
        for r in nouveaux
    ]


@transaction.atomic
def accepter(*, evenement, creneau, entreprise, fournisseur, par, maintenant=None):
    """Ajoute un rendez-vous proposé, notifié d'emblée (le jour même, il ne bouge plus), sur la plus petite table
    libre, et prévient les membres des deux organisations. Vérifie de nouveau qu'il tient : la proposition a pu
    vieillir."""
    _exiger_organisateur(par, evenement)
    premier = premier_creneau_restant(evenement, maintenant)
    erreurs = []
    if premier is None or creneau.evenement_id != evenement.pk or creneau.ordre < premier.ordre:
        erreurs.append("Ce créneau est déjà commencé ou passé.")
    for participant in (entreprise, fournisseur):
        if participant.evenement_id != evenement.pk or participant.desiste_le or participant.absent_le:
            erreurs.append(f"« {participant.organisation.nom} » n'est plus présent.")
        elif not participant.disponibilites.filter(pk=creneau.pk).exists():
            erreurs.append(f"« {participant.organisation.nom} » n'est pas disponible sur ce créneau.")
    actifs = RendezVous.objects.filter(evenement=evenement, annule_le__isnull=True)
    if (
        actifs.filter(creneau=creneau, entreprise=entreprise).exists()
        or actifs.filter(creneau=creneau, fournisseur=fournisseur).exists()
    ):
        erreurs.append("L'un des deux a déjà un rendez-vous sur ce créneau.")
    if actifs.filter(entreprise=entreprise, fournisseur=fournisseur).exists():
        erreurs.append("Ces deux participants ont déjà un rendez-vous.")
    if actifs.filter(creneau=creneau).count() >= evenement.tables:
        erreurs.append("Toutes les tables de ce créneau sont prises.")
    if erreurs:
        raise ValidationError(erreurs)
    rdv = RendezVous(
        evenement=evenement,
        creneau=creneau,
        entreprise=entreprise,
        fournisseur=fournisseur,
        souhait=evenement.souhaits.filter(entreprise=entreprise, fournisseur=fournisseur).first(),
        notifie_le=timezone.now(),
    )
    services.attribuer_tables(evenement, [rdv])
    rdv.full_clean()
    rdv.save()
    for participant, autre in ((entreprise, fournisseur), (fournisseur, entreprise)):
        notifications.notifier(
            utilisateurs=[m.utilisateur for m in participant.organisation.membres.select_related("utilisateur")],
            categorie=Categorie.RENDEZVOUS_AGENDA,
            titre=f"Nouveau rendez-vous à {creneau.debut:%H:%M} avec {autre.organisation.nom}"[:200],
            message=f"{evenement.nom} : table {rdv.table}. Votre agenda est à jour.",
            lien=reverse("rendezvous:agenda", args=[participant.pk]),
        )
    return rdv
