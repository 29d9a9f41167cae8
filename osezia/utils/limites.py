"""Limites de débit des actions qu'un robot répète : création de compte, mot de passe oublié, création de jeton
d'API, recommandations sans compte. Au-delà : 429 en français (JSON sous /api/) avec l'en-tête Retry-After.

Les compteurs sont des lignes de la base (`CompteurLimite`), incrémentées par une mise à jour atomique : plusieurs
serveurs d'application et processus gunicorn partagent la même limite sans serveur de cache. django-ratelimit, lui,
exige memcached ou Redis (il refuse le cache en base, dont l'incrément n'est pas atomique). La connexion est limitée à
part, par django-axes. Fenêtre fixe : au pire deux fois la limite à cheval sur deux fenêtres, ce qui suffit ici."""

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from osezia.utils.models import CompteurLimite


@dataclass(frozen=True)
class Limite:
    critere: str  # "ip", "compte" ou "champ:<nom>" (valeur d'un champ envoyé, en minuscules)
    nombre: int
    fenetre: timedelta


# Une réunion d'entreprises dans une CCI partage souvent une même adresse IP : les limites par adresse sont larges.
LIMITES = {
    "inscription": [Limite("ip", 20, timedelta(hours=1))],
    "mot_de_passe_oublie": [Limite("ip", 10, timedelta(hours=1)), Limite("champ:email", 3, timedelta(hours=1))],
    "creation_jeton": [Limite("compte", 10, timedelta(hours=1))],
    "recommandations_anonymes": [Limite("ip", 30, timedelta(minutes=1))],
}

LIBELLES = {
    "inscription": "de créations de compte",
    "mot_de_passe_oublie": "de demandes de nouveau mot de passe",
    "creation_jeton": "de créations de jeton d'API",
    "recommandations_anonymes": "de demandes de recommandations",
}


def adresse_ip(request):
    # Derrière un répartiteur, l'en-tête qu'il pose (OSEZIA_ENTETE_IP, par ex. HTTP_X_REAL_IP) ; sinon REMOTE_ADDR.
    entete = settings.OSEZIA["ENTETE_IP"]
    return (request.META.get(entete) or request.META.get("REMOTE_ADDR") or "").split(",")[0].strip()


def _valeur(request, critere):
    if critere == "ip":
        return adresse_ip(request)
    if critere == "compte":
        return str(request.user.pk) if request.user.is_authenticated else None
    champ = critere.removeprefix("champ:")
    return (request.POST.get(champ) or "").strip().lower() or None


def _compter(cle, fin):
    """Ajoute une demande au compteur de la fenêtre et renvoie le total, sans perte entre processus concurrents."""
    empreinte = hashlib.sha256(cle.encode()).hexdigest()
    with transaction.atomic():
        mises_a_jour = CompteurLimite.objects.filter(cle=empreinte).update(nombre=F("nombre") + 1)
        if not mises_a_jour:
            try:
                with transaction.atomic():
                    CompteurLimite.objects.create(cle=empreinte, nombre=1, expire_le=fin)
            except IntegrityError:  # créé entre-temps par une autre demande
                CompteurLimite.objects.filter(cle=empreinte).update(nombre=F("nombre") + 1)
        return CompteurLimite.objects.get(cle=empreinte).nombre


def attente(request, action):
    """Compte la demande ; renvoie None si elle passe, sinon le nombre de secondes à attendre."""
    if not settings.OSEZIA["LIMITES_ACTIVES"]:
        return None
    maintenant = timezone.now()
    attentes = []
    for limite in LIMITES[action]:
        valeur = _valeur(request, limite.critere)
        if not valeur:
            continue
        duree = limite.fenetre.total_seconds()
        numero = math.floor(maintenant.timestamp() / duree)
        fin = datetime.fromtimestamp((numero + 1) * duree, tz=timezone.get_current_timezone())
        if _compter(f"{action}|{limite.critere}|{valeur}|{numero}", fin) > limite.nombre:
            attentes.append(max(1, math.ceil((fin - maintenant).total_seconds())))
    return max(attentes) if attentes else None


def message(action, secondes):
    minutes = max(1, math.ceil(secondes / 60))
    delai = "une minute" if minutes == 1 else f"{minutes} minutes"
    return f"Trop {LIBELLES[action]} en peu de temps : réessayez dans {delai}. Rien n'a été enregistré."


def purger_expires():
    """Travail périodique : les compteurs des fenêtres passées ne servent plus."""
    supprimes, _ = CompteurLimite.objects.filter(expire_le__lt=timezone.now()).delete()
    return f"{supprimes} compteur(s) effacé(s)"
