from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from osezia.comptes.services import organisation_de


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
