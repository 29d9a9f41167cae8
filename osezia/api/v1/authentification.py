"""Authentification de l'API : session du site (avec jeton CSRF pour les écritures) ou jeton personnel Bearer."""

from ninja.security import HttpBearer, SessionAuth

from osezia.comptes.services import utilisateur_du_jeton


class JetonPersonnel(HttpBearer):
    def authenticate(self, request, token):
        utilisateur = utilisateur_du_jeton(token)
        if utilisateur is not None:
            request.user = utilisateur
        return utilisateur


AUTHENTIFICATION = [JetonPersonnel(), SessionAuth(csrf=True)]
