import functools

from django.conf import settings


def site(request):
    contexte = {"OSEZIA": settings.OSEZIA}
    utilisateur = getattr(request, "user", None)
    if utilisateur is not None and utilisateur.is_authenticated:
        from osezia.notifications.models import Notification

        # Le gabarit appelle la fonction : compté une fois, et seulement si l'en-tête est affiché (pas un fragment htmx).
        contexte["notifications_non_lues"] = functools.cache(
            lambda: Notification.objects.non_lues().filter(utilisateur=utilisateur).count()
        )
    return contexte
