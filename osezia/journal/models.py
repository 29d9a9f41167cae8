from django.conf import settings
from django.db import models

from osezia.journal.enums import Action

# Libellés des clés de `details` telles que les écrivent les services ; une clé inconnue s'affiche lisiblement.
LIBELLES_DETAILS = {
    "statut_avant": "Statut avant",
    "statut_apres": "Statut après",
    "motif": "Motif",
    "structure": "Structure",
    "conseiller_precedent": "Conseiller précédent",
    "nom": "Nom",
    "prefixe": "Préfixe",
    "droits": "Droits",
    "expire_le": "Date d'expiration",
    "effacement_le": "Effacement prévu le",
    "fiches_retirees": "Fiches retirées du catalogue",
    "diagnostics": "Diagnostics effacés",
    "projets": "Projets effacés",
    "dossiers": "Dossiers de financement effacés",
    "comptes_supprimes": "Comptes supprimés",
    "fiches_archivees": "Fiches archivées",
    "octets": "Taille de l'archive (octets)",
    "compte": "Compte",
    "role": "Rôle",
    "cause": "Cause",
    "decision": "Décision",
    "dispositif": "Dispositif",
    "montant": "Montant",
}
# Valeurs techniques (identifiants), montrées en police à chasse fixe plutôt que comme du texte.
DETAILS_TECHNIQUES = frozenset({"prefixe"})


class JournalEnLectureSeule(Exception):
    """Une entrée du journal ne se modifie ni ne s'efface une à une : seule la purge des entrées d'un an le fait."""


class EvenementJournalQuerySet(models.QuerySet):
    def anterieurs_a(self, limite):
        return self.filter(cree_le__lt=limite)


class EvenementJournal(models.Model):
    """Qui a fait quoi, quand, sur quoi : une ligne par action sensible, écrite dans la transaction de l'action.

    `acteur` et `organisation` suivent le compte et l'organisation tant qu'ils existent ; les libellés restent
    lisibles après leur suppression. Le libellé de l'acteur est son rôle et son numéro de compte, pas son adresse :
    le journal est gardé un an, plus longtemps que certains comptes."""

    cree_le = models.DateTimeField("le", auto_now_add=True, db_index=True)
    action = models.CharField("action", max_length=40, choices=Action.choices)
    acteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acteur_libelle = models.CharField("acteur", max_length=120)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation_libelle = models.CharField("organisation", max_length=200, blank=True)
    objet_type = models.CharField(
        "type d'objet", max_length=60, blank=True, help_text="Par exemple catalogue.solution."
    )
    objet_id = models.PositiveBigIntegerField("identifiant de l'objet", null=True, blank=True)
    objet_libelle = models.CharField("objet", max_length=200, blank=True)
    details = models.JSONField("détails", default=dict, blank=True)

    objects = EvenementJournalQuerySet.as_manager()

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal des actions"
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["action", "cree_le"])]

    def __str__(self):
        return f"{self.get_action_display()} — {self.acteur_libelle}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise JournalEnLectureSeule("Une entrée du journal ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise JournalEnLectureSeule("Une entrée du journal ne s'efface pas ; la purge annuelle s'en charge.")

    def details_affiches(self):
        """[(libellé, valeur, technique)] dans l'ordre où le service les a écrits."""
        return [
            (LIBELLES_DETAILS.get(cle, cle.replace("_", " ").capitalize()), valeur, cle in DETAILS_TECHNIQUES)
            for cle, valeur in (self.details or {}).items()
            if valeur not in ("", None)
        ]
