"""Écritures des rendez-vous d'affaires : le calcul du planning d'un événement, enregistré tout ou rien.

Le calcul (jusqu'à la limite de temps) se fait hors transaction ; l'écriture, ensuite, verrouille l'événement et
vérifie que les rendez-vous notifiés n'ont pas changé pendant le calcul : sinon rien n'est écrit et l'organisateur
relance (jamais d'écrasement silencieux)."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from osezia.comptes.enums import Role
from osezia.notifications import services as notifications
from osezia.notifications.enums import Categorie
from osezia.organisations.models import Membre
from osezia.rendezvous import planification
from osezia.rendezvous.models import Evenement, Participant, RendezVous, Souhait


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


def attribuer_tables(evenement, nouveaux):
    """Donne à chaque nouveau rendez-vous la plus petite table libre de son créneau, dans un ordre fixe (entreprise,
    puis fournisseur) : le même planning donne les mêmes tables. Les tables des rendez-vous en place ne bougent pas."""
    occupees = defaultdict(set)
    for creneau_id, table in RendezVous.objects.filter(evenement=evenement, annule_le__isnull=True).values_list(
        "creneau_id", "table"
    ):
        occupees[creneau_id].add(table)
    for rdv in sorted(nouveaux, key=lambda r: (r.creneau_id, r.entreprise_id, r.fournisseur_id)):
        table = 1
        while table in occupees[rdv.creneau_id]:
            table += 1
        rdv.table = table
        occupees[rdv.creneau_id].add(table)


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
        attribuer_tables(evenement, nouveaux)
        for rdv in nouveaux:
            rdv.full_clean(validate_constraints=False)
        RendezVous.objects.bulk_create(nouveaux)
        evenement.planifie_le = maintenant
        evenement.planifie_par = par
        evenement.objectif = resultat.objectif
        evenement.borne = resultat.borne
        evenement.statut_planification = resultat.statut
        evenement.duree_planification = resultat.duree_secondes
        evenement.full_clean()
        evenement.save(
            update_fields=[
                "planifie_le",
                "planifie_par",
                "objectif",
                "borne",
                "statut_planification",
                "duree_planification",
            ]
        )
    return resultat


def verifier_capacite(evenement):
    """Ce qui empêche de lancer le calcul, en français (liste vide : on peut calculer). Vérifié avant le solveur
    pour que l'organisateur corrige l'événement plutôt que d'attendre un planning qui ne peut pas tout tenir."""
    messages = []
    creneaux = evenement.creneaux.count()
    if not creneaux:
        messages.append("L'événement n'a aucun créneau : ajoutez les créneaux de la journée.")
    actifs = evenement.participants.filter(desiste_le__isnull=True).select_related("organisation")
    sans = [p.organisation.nom for p in actifs.filter(disponibilites__isnull=True)]
    for nom in sorted(sans):
        messages.append(f"« {nom} » n'a indiqué aucun créneau de disponibilité : demandez-lui d'en cocher un.")
    demandes = Souhait.objects.filter(
        evenement=evenement, entreprise__desiste_le__isnull=True, fournisseur__desiste_le__isnull=True
    ).count()
    if not demandes:
        messages.append("Aucun souhait de rendez-vous entre participants inscrits : il n'y a rien à planifier.")
    places = creneaux * evenement.tables
    if creneaux and demandes > places:
        messages.append(
            f"Les participants demandent {demandes} rendez-vous, mais la journée n'en permet que {places} "
            f"({creneaux} créneau{'x' if creneaux > 1 else ''} × {evenement.tables} "
            f"table{'s' if evenement.tables > 1 else ''}) : ajoutez des tables ou des créneaux."
        )
    return messages


def participants_a_prevenir(evenement):
    """Ceux dont l'agenda publié changerait : tous les inscrits à la première publication ; ensuite, ceux qui ont un
    rendez-vous nouveau ou annulé depuis la dernière publication, et les inscrits arrivés depuis."""
    actifs = evenement.participants.filter(desiste_le__isnull=True)
    if evenement.publie_le is None:
        return set(actifs.values_list("pk", flat=True))
    changes = RendezVous.objects.filter(evenement=evenement).filter(
        Q(notifie_le__isnull=True, annule_le__isnull=True) | Q(annule_le__gte=evenement.publie_le)
    )
    concernes = {ident for couple in changes.values_list("entreprise_id", "fournisseur_id") for ident in couple}
    # Inscrits (ou réinscrits) depuis : ils n'ont jamais reçu leur agenda.
    concernes |= set(actifs.filter(consentement_le__gte=evenement.publie_le).values_list("pk", flat=True))
    return concernes & set(actifs.values_list("pk", flat=True))


def publier(*, evenement, par):
    """Publie le planning : les rendez-vous calculés deviennent notifiés (ils ne bougeront plus) et chaque membre
    d'une organisation dont l'agenda change reçoit le lien de son agenda (e-mail mis en file). Renvoie le nombre de
    participants prévenus."""
    if not peut_planifier(par, evenement):
        raise PermissionDenied("Seuls l'organisateur de l'événement et les pilotes publient les agendas.")
    with transaction.atomic():
        evenement = Evenement.objects.select_for_update().get(pk=evenement.pk)
        if evenement.planifie_le is None:
            raise ValidationError("Calculez le planning avant de publier les agendas.")
        a_prevenir = participants_a_prevenir(evenement)
        if not a_prevenir:
            raise ValidationError("Aucun agenda n'a changé depuis la dernière publication : rien à publier.")
        premiere = evenement.publie_le is None
        maintenant = timezone.now()
        nouveaux = RendezVous.objects.filter(evenement=evenement, notifie_le__isnull=True, annule_le__isnull=True)
        nouveaux.update(notifie_le=maintenant)
        evenement.publie_le = maintenant
        evenement.save(update_fields=["publie_le"])
        participants = Participant.objects.filter(pk__in=a_prevenir).select_related("organisation")
        for participant in participants.prefetch_related("organisation__membres__utilisateur"):
            titre = f"Rendez-vous d'affaires « {evenement.nom} » : " + (
                "votre agenda est publié" if premiere else "votre agenda a changé"
            )
            notifications.notifier(
                utilisateurs=[m.utilisateur for m in participant.organisation.membres.all()],
                categorie=Categorie.RENDEZVOUS_AGENDA,
                titre=titre[:200],
                message=(
                    f"Votre agenda du {evenement.date:%d/%m/%Y} ({participant.organisation.nom}) est en ligne : "
                    "horaires, tables et interlocuteurs, à télécharger en PDF ou à ajouter à l'agenda de votre "
                    "téléphone ou de votre messagerie."
                ),
                lien=reverse("rendezvous:agenda", args=[participant.pk]),
            )
    return len(a_prevenir)


def rendez_vous_tenus_dans_le_tunnel(maintenant=None):
    """Travail périodique : le lendemain d'une journée, chaque rendez-vous qui a eu lieu (publié, non annulé, aucun des
    deux absent) rejoint le tunnel des mises en relation : celle du couple avance à « rendez-vous », ou naît à ce
    statut, et son issue (devis, affaire) se suit ensuite comme une autre. Une fois chacun (`dans_le_tunnel_le`) ; la
    démonstration n'est pas touchée. Renvoie le nombre de rendez-vous versés."""
    from osezia.relations.services import relation_depuis_rendez_vous

    maintenant = maintenant or timezone.now()
    tenus = RendezVous.objects.filter(
        evenement__date__lt=timezone.localdate(maintenant),
        evenement__est_demo=False,
        notifie_le__isnull=False,
        annule_le__isnull=True,
        dans_le_tunnel_le__isnull=True,
        entreprise__absent_le__isnull=True,
        fournisseur__absent_le__isnull=True,
    ).select_related("evenement", "entreprise__organisation", "fournisseur__organisation")
    verses = 0
    for rdv in tenus:
        with transaction.atomic():
            if RendezVous.objects.filter(pk=rdv.pk, dans_le_tunnel_le__isnull=True).update(
                dans_le_tunnel_le=maintenant
            ):
                relation_depuis_rendez_vous(rendez_vous=rdv, maintenant=maintenant)
                verses += 1
    return verses
