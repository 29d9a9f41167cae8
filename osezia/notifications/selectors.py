"""Qui prévenir : les personnes qui doivent agir, ou que l'étape concerne."""

from django.db.models import Q

from osezia.comptes.enums import Role
from osezia.comptes.models import Utilisateur


def pilotes():
    return Utilisateur.objects.filter(is_active=True).filter(Q(is_staff=True) | Q(role=Role.PILOTE))


def membres(organisation, *, role=None):
    qs = Utilisateur.objects.filter(is_active=True, adhesions__organisation=organisation)
    return qs.filter(role=role) if role else qs
