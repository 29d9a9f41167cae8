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
        contexte["organisations_a_effacer"] = functools.cache(lambda: _organisations_a_effacer(utilisateur))
    return contexte


def _organisations_a_effacer(utilisateur):
    """Pour le bandeau de chaque page : les organisations de la personne dont l'effacement est programmé."""
    from django.db.models import Exists, OuterRef

    from osezia.organisations.models import Membre, Organisation

    administre = Membre.objects.filter(organisation=OuterRef("pk"), utilisateur=utilisateur, est_administrateur=True)
    return list(
        Organisation.objects.de_l_utilisateur(utilisateur)
        .effacement_programme()
        .annotate(administre=Exists(administre))
    )
