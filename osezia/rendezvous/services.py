"""Écritures des rendez-vous d'affaires : le calcul du planning d'un événement, enregistré tout ou rien.

Le calcul (jusqu'à la limite de temps) se fait hors transaction ; l'écriture, ensuite, verrouille l'événement et
vérifie que les rendez-vous notifiés n'ont pas changé pendant le calcul : sinon rien n'est écrit et l'organisateur
relance (jamais d'écrasement silencieux)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from osezia.comptes.enums import Role
from osezia.organisations.models import Membre
from osezia.rendezvous import planification
from osezia.rendezvous.models import Evenement, RendezVous, Souhait


def peut_planifier(utilisateur, evenement):
    """Un pilote, ou un membre de l'organisation qui organise l'événement."""
    if not utilisateur.is_authenticated:
        return False
    if utilisateur.role == Role.PILOTE:
        return True
    return bool(
        evenement.organisateur_id
        and Membre.objects.filter(utilisateur=utilisateur, organisation_id=evenement.organisateur_id).exists()
    )


def _notifies(evenement):
    return {
        (r.entreprise_id, r.fournisseur_id, r.creneau_id)
        for r in RendezVous.objects.filter(evenement=evenement, notifie_le__isnull=False, annule_le__isnull=True)
    }


def probleme_de(evenement, *, limite_secondes=planification.LIMITE_SECONDES):
    """L'entrée du solveur lue dans la base : participants non désistés, leurs souhaits, les rendez-vous notifiés."""
    creneaux = list(evenement.creneaux.order_by("ordre"))
    participants = list(
        evenement.participants.filter(desiste_le__isnull=True)
        .select_related("organisation")
        .prefetch_related("disponibilites")
    )
    actifs = {p.pk for p in participants}
    souhaits = Souhait.objects.filter(evenement=evenement, entreprise__in=actifs, fournisseur__in=actifs)
    return planification.Probleme(
        creneaux=tuple(planification.Creneau(id=c.pk, pause_avant=c.pause_avant) for c in creneaux),
        tables=evenement.tables,
        participants=tuple(
            planification.Participant(
                id=p.pk,
                nature=p.nature,
                disponibilites=frozenset(c.pk for c in p.disponibilites.all()),
                max_rendez_vous=p.max_rendez_vous,
                nom=p.organisation.nom,
            )
            for p in participants
        ),
        souhaits=tuple(
            planification.Souhait(
                entreprise=s.entreprise_id, fournisseur=s.fournisseur_id, mutuel=s.mutuel, priorite=s.priorite
            )
            for s in souhaits
        ),
        # Ceux d'un désisté aussi : le solveur les rend comme annulés.
        notifies=tuple(
            planification.RendezVous(creneau=c, entreprise=e, fournisseur=f) for e, f, c in _notifies(evenement)
        ),
        limite_secondes=limite_secondes,
        max_consecutifs=evenement.max_consecutifs,
    )


def planifier(*, evenement, par, limite_secondes=planification.LIMITE_SECONDES):
    """Calcule et enregistre le planning : les rendez-vous notifiés restent, ceux d'un désisté sont marqués annulés,
    les autres sont remplacés par le nouveau calcul. Lève PermissionDenied ou ValidationError (messages en
    français) ; dans ces cas rien n'est écrit. Renvoie le `planification.Resultat`."""
    if not peut_planifier(par, evenement):
        raise PermissionDenied("Seuls l'organisateur de l'événement et les pilotes calculent son planning.")
    probleme = probleme_de(evenement, limite_secondes=limite_secondes)
    try:
        resultat = planification.planifier(probleme)
    except planification.PlanificationImpossible as erreur:
        raise ValidationError(erreur.messages) from None
    lus = {(r.entreprise, r.fournisseur, r.creneau) for r in probleme.notifies}
    souhaits = {
        (s.entreprise_id, s.fournisseur_id): s.pk for s in Souhait.objects.filter(evenement=evenement).only("pk")
    }
    maintenant = timezone.now()
    with transaction.atomic():
        evenement = Evenement.objects.select_for_update().get(pk=evenement.pk)
        if _notifies(evenement) != lus:
            raise ValidationError(
                "Des rendez-vous ont été notifiés ou annulés pendant le calcul : relancez le calcul du planning."
            )
        annules = {(r.entreprise, r.fournisseur, r.creneau) for r in resultat.rendez_vous_annules}
        a_annuler = RendezVous.objects.filter(evenement=evenement, notifie_le__isnull=False, annule_le__isnull=True)
        for rdv in a_annuler:
            if (rdv.entreprise_id, rdv.fournisseur_id, rdv.creneau_id) in annules:
                rdv.annule_le = maintenant
                rdv.save(update_fields=["annule_le"])
        RendezVous.objects.filter(evenement=evenement, notifie_le__isnull=True).delete()
        nouveaux = [
            RendezVous(
                evenement=evenement,
                creneau_id=r.creneau,
                entreprise_id=r.entreprise,
                fournisseur_id=r.fournisseur,
                souhait_id=souhaits.get(r.couple),
            )
            for r in resultat.rendez_vous
            if (r.entreprise, r.fournisseur, r.creneau) not in lus
        ]
        for rdv in nouveaux:
            rdv.full_clean(validate_constraints=False)
        RendezVous.objects.bulk_create(nouveaux)
        evenement.planifie_le = maintenant
        evenement.planifie_par = par
        evenement.objectif = resultat.objectif
        evenement.borne = resultat.borne
        evenement.statut_planification = resultat.statut
        evenement.full_clean()
        evenement.save(update_fields=["planifie_le", "planifie_par", "objectif", "borne", "statut_planification"])
    return resultat
