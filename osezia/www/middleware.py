"""En-têtes de sécurité des réponses, et refus, avant toute vue, des requêtes qui portent un caractère nul (U+0000).

PostgreSQL refuse U+0000 dans un texte (erreur 500 au moment d'écrire ou de filtrer) et SQLite l'enregistre sans rien
dire : aucun texte saisi par un humain n'en contient. On le refuse partout, chemin, paramètres, formulaire et JSON,
avec un 400 en français (JSON sous /api/), avant qu'une vue ait pu écrire quoi que ce soit."""

import json
from urllib.parse import unquote_to_bytes

from django.utils.cache import add_never_cache_headers

from osezia.utils.texte import un_texte_json
from osezia.www.erreurs import caractere_nul

NUL = "\x00"
TYPES_FORMULAIRE = ("application/x-www-form-urlencoded", "multipart/form-data")


def _contient_nul(valeur):
    return un_texte_json(valeur, lambda texte: NUL in texte)


def _corps_contient_nul(request):
    type_contenu = request.content_type or ""
    if type_contenu.startswith(TYPES_FORMULAIRE):
        # Les champs seulement : un fichier envoyé peut contenir des octets nuls.
        return any(NUL in k or any(NUL in v for v in request.POST.getlist(k)) for k in request.POST)
    corps = request.body
    if b"\x00" in corps:
        return True
    if b"\\u0000" in corps:
        try:
            return _contient_nul(json.loads(corps))
        except ValueError:
            return False  # JSON mal formé : la vue le refuse avec son propre message
    return False


class RefusCaractereNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        brut = request.META.get("QUERY_STRING", "")
        if (
            NUL in request.path
            or b"\x00" in unquote_to_bytes(brut)
            or (request.method in ("POST", "PUT", "PATCH") and _corps_contient_nul(request))
        ):
            return caractere_nul(request)
        return self.get_response(request)


# Le site n'utilise ni caméra, ni micro, ni géolocalisation, ni paiement : on les interdit aussi aux contenus tiers.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class EntetesPrivesMiddleware:
    """Permissions-Policy sur chaque réponse ; `Cache-Control: no-store` sur tout ce que voit une personne connectée
    (rapport, PDF, jetons, back-office) ou qu'elle reçoit par jeton d'API : ni le navigateur ni un proxy ne le
    gardent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reponse = self.get_response(request)
        reponse.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        utilisateur = getattr(request, "user", None)
        prive = (utilisateur is not None and utilisateur.is_authenticated) or "HTTP_AUTHORIZATION" in request.META
        if prive:
            add_never_cache_headers(reponse)
        return reponse
