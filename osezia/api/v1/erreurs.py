"""Réponses d'erreur de l'API, en français et en JSON : jamais de page HTML, jamais de 500 sur une entrée invalide."""

from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, ValidationError

from osezia.utils import limites

# Messages français pour les types d'erreur de pydantic les plus courants.
MESSAGES_PYDANTIC = {
    "missing": "Ce champ est obligatoire.",
    "string_type": "Une chaîne de caractères est attendue.",
    "string_too_long": "Texte trop long : {max_length} caractères au plus.",
    "string_too_short": "Texte trop court : {min_length} caractères au moins.",
    "int_parsing": "Un nombre entier est attendu.",
    "int_type": "Un nombre entier est attendu.",
    "float_parsing": "Un nombre est attendu.",
    "float_type": "Un nombre est attendu.",
    "int_from_float": "Un nombre entier est attendu.",
    "greater_than_equal": "La valeur doit être supérieure ou égale à {ge}.",
    "less_than_equal": "La valeur doit être inférieure ou égale à {le}.",
    "greater_than": "La valeur doit être supérieure à {gt}.",
    "bool_parsing": "Une valeur vrai/faux est attendue.",
    "bool_type": "Une valeur vrai/faux est attendue.",
    "json_invalid": "Le corps de la requête n'est pas du JSON valide.",
    "model_attributes_type": "Un objet JSON est attendu.",
    "dict_type": "Un objet JSON est attendu.",
    "list_type": "Une liste est attendue.",
    "enum": "Valeur non permise : valeurs possibles {expected}.",
    "literal_error": "Valeur non permise : valeurs possibles {expected}.",
    "extra_forbidden": "Paramètre inconnu.",
    "value_error": "{msg}",
}


def message_pydantic(erreur):
    gabarit = MESSAGES_PYDANTIC.get(erreur.get("type"))
    if gabarit is None:
        return "Valeur invalide."
    contexte = dict(erreur.get("ctx") or {})
    # Nos validateurs lèvent ValueError("message en français") : pydantic le range dans ctx["error"].
    contexte["msg"] = str(contexte.get("error") or erreur.get("msg", "Valeur invalide."))
    try:
        return gabarit.format(**contexte)
    except (KeyError, IndexError):
        return "Valeur invalide."


def erreurs_de_validation(erreurs):
    """{« emplacement.du.champ »: [messages]} depuis la liste d'erreurs de ninja/pydantic."""
    resultat = {}
    for erreur in erreurs:
        chemin = list(erreur.get("loc", ()))
        if len(chemin) > 2 and chemin[0] in ("body", "query"):
            chemin = chemin[2:]  # ni l'emplacement ni le nom du paramètre : seulement le champ
        emplacement = [str(p) for p in chemin if p not in ("body", "query", "path", "payload")]
        cle = ".".join(emplacement) or "__all__"
        resultat.setdefault(cle, []).append(message_pydantic(erreur))
    return resultat


def installer(api):
    @api.exception_handler(ValidationError)
    def validation(request, exc):
        return api.create_response(
            request, {"detail": "Requête invalide.", "erreurs": erreurs_de_validation(exc.errors)}, status=422
        )

    @api.exception_handler(Http404)
    def introuvable(request, exc):
        return api.create_response(request, {"detail": "Ressource introuvable."}, status=404)

    @api.exception_handler(AuthenticationError)
    def non_authentifie(request, exc):
        detail = str(exc) if isinstance(exc, JetonRefuse) else "Authentification requise."
        return api.create_response(request, {"detail": detail}, status=401)

    @api.exception_handler(HttpError)
    def erreur_http(request, exc):
        detail = str(exc)
        if detail == "CSRF check Failed":  # message de django-ninja, en anglais
            detail = (
                "Jeton CSRF absent ou invalide : avec la session du site, envoyez l'en-tête X-CSRFToken ; "
                "un programme utilise plutôt un jeton personnel (Authorization: Bearer …)."
            )
        return api.create_response(request, {"detail": detail}, status=exc.status_code)


class JetonRefuse(AuthenticationError):
    """Jeton personnel reconnu mais refusé (expiré) : 401 avec la raison, en français."""

    def __init__(self, message):
        super().__init__(message=message)


class TropDeDemandes(Exception):
    """Limite de débit atteinte (utils/limites.py) : 429 avec Retry-After."""

    def __init__(self, message, secondes):
        self.message, self.secondes = message, secondes


def limiter(request, action):
    secondes = limites.attente(request, action)
    if secondes:
        raise TropDeDemandes(limites.message(action, secondes), secondes)


class ErreurParametres(Exception):
    """Paramètres de requête refusés (400) : {champ: [messages]}."""

    def __init__(self, erreurs):
        self.erreurs = erreurs


def installer_limites(api):
    @api.exception_handler(TropDeDemandes)
    def trop_de_demandes(request, exc):
        reponse = api.create_response(request, {"detail": exc.message}, status=429)
        reponse["Retry-After"] = str(exc.secondes)
        return reponse


def installer_parametres(api):
    @api.exception_handler(ErreurParametres)
    def parametres(request, exc):
        return api.create_response(request, {"detail": "Paramètres invalides.", "erreurs": exc.erreurs}, status=400)


def verifier_parametres(request, autorises):
    inconnus = sorted(set(request.GET.keys()) - set(autorises))
    if inconnus:
        raise ErreurParametres(
            {
                "__all__": [
                    f"Paramètre inconnu : {', '.join(inconnus)}. Paramètres acceptés : {', '.join(autorises) or 'aucun'}."
                ]
            }
        )


def refuser_valeurs_vides(request, formulaire):
    """Un paramètre vide (« page= ») est refusé par l'API, sauf un texte libre : le site, lui, l'ignore."""
    from django import forms

    vides = sorted(
        cle
        for cle, valeurs in request.GET.lists()
        if "" in valeurs and not isinstance(formulaire.base_fields.get(cle), forms.CharField)
    )
    if vides:
        raise ErreurParametres({cle: ["Valeur vide : donnez une valeur ou retirez ce paramètre."] for cle in vides})
