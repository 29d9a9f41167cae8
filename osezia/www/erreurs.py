"""Pages d'erreur : HTML au gabarit du site, JSON en français sous /api/."""

from django.http import JsonResponse
from django.shortcuts import render

MESSAGES = {
    400: ("Requête invalide", "La demande envoyée à nos serveurs est incomplète ou mal formée."),
    403: ("Accès refusé", "Cette page est réservée à un autre type de compte ou à une autre organisation."),
    404: ("Page introuvable", "La page que vous cherchez n'existe pas ou a été déplacée."),
    500: (
        "Erreur inattendue",
        "Une erreur est survenue de notre côté. L'équipe est prévenue ; réessayez dans un moment.",
    ),
}


def _reponse(request, statut, *, titre=None, texte=None):
    titre, texte = titre or MESSAGES[statut][0], texte or MESSAGES[statut][1]
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": f"{titre}. {texte}"}, status=statut)
    return render(request, "erreur.html", {"titre_page": titre, "texte": texte, "statut": statut}, status=statut)


def caractere_nul(request):
    texte = (
        "La demande contient un caractère nul (U+0000), que nous refusons : retirez-le et réessayez. "
        "Rien n'a été enregistré."
    )
    return _reponse(request, 400, texte=texte)


def trop_de_demandes(request, texte, secondes):
    """429 d'une limite de débit (utils/limites.py), avec le délai en secondes dans Retry-After."""
    reponse = _reponse(request, 429, titre="Trop de demandes", texte=texte)
    reponse["Retry-After"] = str(secondes)
    return reponse


def requete_invalide(request, exception=None):
    return _reponse(request, 400)


def interdit(request, exception=None):
    return _reponse(request, 403)


def introuvable(request, exception=None):
    return _reponse(request, 404)


def erreur_serveur(request):
    # Gabarit autonome : la page 500 ne doit pas dépendre de la base de données ni du contexte.
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": " ".join(MESSAGES[500])}, status=500)
    return render(request, "500.html", status=500)
