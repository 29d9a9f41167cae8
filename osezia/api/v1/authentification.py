"""Authentification de l'API : session du site (avec jeton CSRF pour les écritures) ou jeton personnel Bearer.

Un jeton expiré est refusé (401, avec sa date) ; un jeton en lecture seule ne sert qu'aux lectures (403 sinon)."""

from django.utils import timezone
from django.utils.formats import date_format
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from osezia.api.v1.erreurs import JetonRefuse
from osezia.comptes.services import JetonExpire, jeton_valide

METHODES_DE_LECTURE = ("GET", "HEAD", "OPTIONS")


class JetonPersonnel(HttpBearer):
    def authenticate(self, request, token):
        try:
            jeton = jeton_valide(token)
        except JetonExpire as expire:
            quand = date_format(timezone.localtime(expire.jeton.expire_le), "j F Y à H:i")
            raise JetonRefuse(
                f"Ce jeton a expiré le {quand}. Créez-en un autre dans « Mon espace », page « Jetons d'API »."
            )
        if jeton is None:
            return None
        if jeton.lecture_seule and request.method not in METHODES_DE_LECTURE:
            raise HttpError(
                403,
                "Ce jeton est en lecture seule : il ne peut ni créer ni modifier. Créez un jeton « lecture et "
                "écriture » pour écrire.",
            )
        request.user = jeton.utilisateur
        return jeton.utilisateur


AUTHENTIFICATION = [JetonPersonnel(), SessionAuth(csrf=True)]
