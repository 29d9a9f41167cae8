from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from osezia.comptes.services import organisation_de
from osezia.utils import limites
from osezia.www.erreurs import trop_de_demandes


def role_requis(*roles, organisation=False):
    """Réserve une vue aux rôles donnés (un pilote passe partout) ; avec organisation=True, exige que
    l'utilisateur ait déjà renseigné son organisation et la passe à la vue."""

    def decorateur(vue):
        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            utilisateur = request.user
            if not utilisateur.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if utilisateur.role not in roles and not utilisateur.est_pilote:
                raise PermissionDenied("Cette page est réservée à un autre type de compte.")
            if organisation:
                org = organisation_de(utilisateur)
                if org is None:
                    messages.info(request, "Renseignez d'abord votre organisation.")
                    return redirect("comptes:organisation")
                kwargs["organisation"] = org
            return vue(request, *args, **kwargs)

        return enveloppe

    return decorateur


def pilote_requis(vue):
    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.est_pilote:
            raise PermissionDenied("Cette page est réservée aux pilotes du programme.")
        return vue(request, *args, **kwargs)

    return enveloppe


def _envoi(request):
    return request.method == "POST"


def limite_de_debit(action, *, compte=_envoi):
    """Applique la limite `action` de utils/limites.py aux demandes que `compte(request)` retient (les envois de
    formulaire par défaut) : au-delà, page 429 en français, avant que la vue ait rien écrit."""

    def decorateur(vue):
        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            if compte(request):
                secondes = limites.attente(request, action)
                if secondes:
                    return trop_de_demandes(request, limites.message(action, secondes), secondes)
            return vue(request, *args, **kwargs)

        return enveloppe

    return decorateur
