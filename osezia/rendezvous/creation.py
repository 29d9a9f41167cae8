"""Créer une journée de rendez-vous d'affaires : l'événement et ses créneaux, en une fois (tout ou rien).

Un pilote crée pour n'importe quelle structure (ou sans organisateur) ; un membre d'une structure d'accompagnement
(CCI, Bpifrance, agence régionale…) crée pour sa structure, qui l'organise ensuite (`services.peut_planifier`)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from osezia.comptes.enums import Role
from osezia.organisations.enums import TypeOrganisation
from osezia.organisations.models import Membre, Organisation
from osezia.rendezvous.models import Creneau, Evenement
from osezia.utils import dates

CRENEAUX_MAX = 40
PAUSE_MINUTES = 15


def structures_organisatrices(utilisateur):
    """Les structures pour lesquelles la personne peut créer une journée."""
    structures = Organisation.objects.filter(type=TypeOrganisation.STRUCTURE)
    if not utilisateur.is_authenticated:
        return structures.none()
    if utilisateur.role == Role.PILOTE:
        return structures.order_by("nom")
    membre_de = Membre.objects.filter(utilisateur=utilisateur).values("organisation")
    return structures.filter(pk__in=membre_de).order_by("nom")


def peut_creer(utilisateur):
    return utilisateur.is_authenticated and (
        utilisateur.role == Role.PILOTE or structures_organisatrices(utilisateur).exists()
    )


@transaction.atomic
def creer_evenement(*, par, organisateur, nom, date, lieu="", en_ligne=False, themes="", duree_creneau, tables,
                    debut, nombre_creneaux, pauses_apres=(), max_consecutifs=4):  # fmt: skip
    """Crée l'événement et ses `nombre_creneaux` créneaux à partir de `debut`, avec une pause de 15 minutes après
    chaque créneau de `pauses_apres` (numéros de 1 à n - 1). Lève PermissionDenied ou ValidationError ; rien
    n'est écrit alors."""
    if not peut_creer(par):
        raise PermissionDenied("Seuls les pilotes et les structures d'accompagnement créent des journées.")
    if organisateur is not None and not structures_organisatrices(par).filter(pk=organisateur.pk).exists():
        raise ValidationError({"organisateur": "Choisissez une structure dont vous êtes membre."})
    if organisateur is None and par.role != Role.PILOTE:
        raise ValidationError({"organisateur": "Choisissez la structure qui organise la journée."})
    erreurs = {}
    if date < dates.aujourdhui():
        erreurs["date"] = "Choisissez une date à venir."
    if not 1 <= nombre_creneaux <= CRENEAUX_MAX:
        erreurs["nombre_creneaux"] = f"Entre 1 et {CRENEAUX_MAX} créneaux."
    pauses = sorted(set(pauses_apres))
    if any(not 1 <= p < nombre_creneaux for p in pauses):
        erreurs["pauses_apres"] = f"Une pause se place après un créneau numéroté de 1 à {max(nombre_creneaux - 1, 1)}."
    fin = datetime.datetime.combine(date, debut) + datetime.timedelta(
        minutes=nombre_creneaux * duree_creneau + len(pauses) * PAUSE_MINUTES
    )
    if "nombre_creneaux" not in erreurs and fin.date() != date:
        erreurs["nombre_creneaux"] = (
            "La journée finirait après minuit : commencez plus tôt ou prévoyez moins de créneaux."
        )
    if erreurs:
        raise ValidationError(erreurs)
    evenement = Evenement(
        nom=nom.strip(), date=date, lieu=lieu.strip(), en_ligne=en_ligne, themes=themes.strip(),
        duree_creneau=duree_creneau, tables=tables, max_consecutifs=max_consecutifs, organisateur=organisateur,
    )  # fmt: skip
    evenement.full_clean()
    evenement.save()
    moment = datetime.datetime.combine(date, debut)
    creneaux = []
    for ordre in range(nombre_creneaux):
        pause = ordre in pauses  # une pause après le créneau n précède le créneau d'ordre n
        if pause:
            moment += datetime.timedelta(minutes=PAUSE_MINUTES)
        creneaux.append(Creneau(evenement=evenement, ordre=ordre, debut=moment.time(), pause_avant=pause))
        moment += datetime.timedelta(minutes=duree_creneau)
    Creneau.objects.bulk_create(creneaux)
    return evenement
