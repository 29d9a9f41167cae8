"""Se connecter, c'est ne plus être inactif : l'avertissement d'inactivité tombe, un nouveau délai commence."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in)
def connexion(sender, user, **kwargs):
    if getattr(user, "inactivite_avertie_le", None) is not None:
        type(user).objects.filter(pk=user.pk).update(inactivite_avertie_le=None)
        user.inactivite_avertie_le = None
