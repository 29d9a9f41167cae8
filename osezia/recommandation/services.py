"""Accès au moteur depuis le site et l'API : un moteur par processus, reconstruit quand le référentiel change."""

import threading

from django.db.models import Count, Max

from osezia.cas_usage.models import CasUsage, CodeMetier, PertinenceMetier, PertinenceSectorielle
from osezia.recommandation.moteur import Moteur

_verrou = threading.Lock()
_courant = {"signature": None, "moteur": None}


def _signature():
    cas = CasUsage.objects.publies().aggregate(nombre=Count("id"), modifie=Max("modifie_le"))
    pertinences = PertinenceSectorielle.objects.aggregate(nombre=Count("id"), derniere=Max("id"))
    metiers = PertinenceMetier.objects.aggregate(nombre=Count("id"), derniere=Max("id"))
    return (
        cas["nombre"],
        cas["modifie"],
        pertinences["nombre"],
        pertinences["derniere"],
        metiers["nombre"],
        metiers["derniere"],
        CodeMetier.objects.count(),
    )


def moteur_courant():
    signature = _signature()
    with _verrou:
        if _courant["signature"] != signature:
            _courant["moteur"] = Moteur.depuis_la_base()
            _courant["signature"] = signature
        return _courant["moteur"]


def recommander(profil, *, top=None):
    return moteur_courant().recommander(profil, top=top)


def connaissance_courante():
    """La connaissance sectorielle du moteur courant (pages Secteurs, API) : lue une fois par processus."""
    return moteur_courant().connaissance
