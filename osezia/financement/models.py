from django.db import models

from osezia.cas_usage.enums import NatureProjet
from osezia.financement.enums import OBJETS_GENERAUX, ModeCalendrier, ObjetFinance, TypeDispositif
from osezia.utils.sources import est_confirme


def _euros(valeur):
    return f"{valeur:,} €".replace(",", " ")


class DispositifQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(actif=True)


class DispositifFinancement(models.Model):
    """Un dispositif de financement : ce qu'il paie, pour quels projets, pour qui, quand, tenu comme des données dont
    chaque chiffre, critère et fenêtre cite ses sources (schéma : osezia/utils/sources.py)."""

    slug = models.SlugField("identifiant", max_length=80, unique=True)
    nom = models.CharField("nom", max_length=200)
    porteur = models.CharField("porteur", max_length=200)
    type = models.CharField("type", max_length=20, choices=TypeDispositif.choices)
    finance = models.CharField("ce qu'il finance", max_length=20, choices=ObjetFinance.choices)
    projets = models.JSONField(
        "projets qu'il aide",
        default=list,
        blank=True,
        help_text=f"Natures de projet ({', '.join(NatureProjet.values)}) ; vide pour un diagnostic ou une formation.",
    )
    resume = models.TextField("résumé")
    taux = models.DecimalField("taux de prise en charge (%)", max_digits=5, decimal_places=2, null=True, blank=True)
    plafond = models.PositiveIntegerField("plafond (€)", null=True, blank=True)
    cout_reference = models.PositiveIntegerField("coût de référence (€)", null=True, blank=True)
    criteres = models.JSONField(
        "critères vérifiables", default=list, blank=True, help_text="Liste de {type, valeur, prioritaire, sources}."
    )
    conditions = models.JSONField(
        "conditions que seule l'entreprise peut vérifier", default=list, blank=True, help_text="[{texte, sources}]"
    )
    notes = models.JSONField("bon à savoir (démarches, sans effet sur le statut)", default=list, blank=True)
    calendrier = models.JSONField(
        "calendrier",
        default=dict,
        blank=True,
        help_text="{mode: permanent | fenetres | inconnu, texte, sources, fenetres: [{libelle, ouverture, cloture, sources}]}",
    )
    sources = models.JSONField(
        "sources",
        default=dict,
        blank=True,
        help_text="{presentation, finance, taux, plafond, cout_reference: [sources]}",
    )
    actif = models.BooleanField("actif", default=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    objects = DispositifQuerySet.as_manager()

    class Meta:
        verbose_name = "dispositif de financement"
        verbose_name_plural = "dispositifs de financement"
        ordering = ["nom"]

    def __str__(self):
        return self.nom

    @property
    def est_general(self):
        """Un diagnostic ou une formation sert toute l'entreprise, pas un usage précis."""
        return self.finance in OBJETS_GENERAUX

    def sources_de(self, cle):
        return self.sources.get(cle) or []

    def est_confirme(self, cle):
        return est_confirme(self.sources_de(cle))

    @property
    def mode_calendrier(self):
        return self.calendrier.get("mode") or ModeCalendrier.INCONNU

    @property
    def chiffres(self):
        """Les chiffres renseignés : [{cle, libelle, valeur, confirme, sources}]."""
        valeurs = [
            ("taux", "Prise en charge", None if self.taux is None else f"{self.taux:.0f} %"),
            (
                "plafond",
                "Montant du projet jusqu'à" if self.type == TypeDispositif.GARANTIE else "Plafond de l'aide",
                None if self.plafond is None else _euros(self.plafond),
            ),
            (
                "cout_reference",
                "Coût de référence",
                None if self.cout_reference is None else _euros(self.cout_reference),
            ),
        ]
        return [
            {
                "cle": cle,
                "libelle": libelle,
                "valeur": valeur,
                "confirme": self.est_confirme(cle),
                "sources": self.sources_de(cle),
            }
            for cle, libelle, valeur in valeurs
            if valeur is not None
        ]
