"""Écritures du registre IA : la déclaration du système d'IA d'un projet, par un membre de l'entreprise."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from osezia.conformite.enums import RoleAIAct
from osezia.conformite.models import SystemeIA
from osezia.projets import droits
from osezia.projets.enums import TypeEvenement
from osezia.projets.services import noter


def declarer_systeme(*, projet, utilisateur, nom, fournisseur, role, niveau_risque, motif_ajustement=""):
    """Crée ou met à jour la déclaration ; un niveau différent de celui du cas d'usage exige un motif."""
    if not droits.peut_modifier(utilisateur, projet):
        raise PermissionDenied("Seuls les membres de l'entreprise déclarent le système d'IA de ses projets.")
    with transaction.atomic():
        systeme = SystemeIA.objects.select_for_update().filter(projet=projet).first() or SystemeIA(projet=projet)
        nouveau = systeme.pk is None
        systeme.nom, systeme.fournisseur = (nom or "").strip(), (fournisseur or "").strip()
        systeme.role, systeme.niveau_risque = role, niveau_risque
        systeme.motif_ajustement = (
            (motif_ajustement or "").strip() if niveau_risque != projet.cas_usage.risque_ai_act else ""
        )
        systeme.declare_par, systeme.modifie_le = utilisateur, timezone.now()
        systeme.full_clean()
        systeme.save()
        verbe = "déclaré" if nouveau else "mis à jour"
        noter(
            projet=projet,
            type=TypeEvenement.MODIFICATION,
            acteur=utilisateur,
            texte=f"Système d'IA {verbe} au registre : {systeme.nom} ({RoleAIAct(role).label.split(' (')[0].lower()}).",
        )
    return systeme
