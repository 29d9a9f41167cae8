from django.db import models

from osezia.financement.enums import ObjetFinance, TypeDispositif


class DispositifQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(actif=True)


class DispositifFinancement(models.Model):
    """Un dispositif de financement et ses critères d'éligibilité, tenus comme des données sourcées et datées."""

    slug = models.SlugField("identifiant", max_length=80, unique=True)
    nom = models.CharField("nom", max_length=200)
    porteur = models.CharField("porteur", max_length=200)
    type = models.CharField("type", max_length=20, choices=TypeDispositif.choices)
    finance = models.CharField("ce qu'il finance", max_length=20, choices=ObjetFinance.choices)
    resume = models.TextField("résumé")
    taux = models.DecimalField("taux de prise en charge (%)", max_digits=5, decimal_places=2, null=True, blank=True)
    plafond = models.PositiveIntegerField("plafond (€)", null=True, blank=True)
    cout_reference = models.PositiveIntegerField("coût de référence (€)", null=True, blank=True)
    criteres = models.JSONField(
        "critères vérifiables", default=list, blank=True, help_text="Liste de {type, valeur, prioritaire}."
    )
    a_verifier = models.JSONField("critères à vérifier par l'entreprise", default=list, blank=True)
    confirmation = models.JSONField(
        "confirmation des chiffres", default=dict, blank=True, help_text="{chiffre: {statut, note}}."
    )
    sources = models.JSONField("sources", default=list)
    date_verification = models.DateField("vérifié le")
    actif = models.BooleanField("actif", default=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    objects = DispositifQuerySet.as_manager()

    class Meta:
        verbose_name = "dispositif de financement"
        verbose_name_plural = "dispositifs de financement"
        ordering = ["nom"]

    def __str__(self):
        return self.nom

    def est_confirme(self, chiffre):
        return (self.confirmation.get(chiffre) or {}).get("statut") == "confirme"

    @property
    def est_confirme_taux(self):
        return self.est_confirme("taux")

    @property
    def chiffres(self):
        """[(libellé, valeur lisible, confirmé ?)] des chiffres renseignés, pour dire lesquels une source officielle
        n'a pas confirmés."""
        lignes = []
        if self.taux is not None:
            lignes.append(("Prise en charge", f"{self.taux:.0f} %", self.est_confirme("taux")))
        if self.plafond is not None:
            lignes.append(("Plafond", f"{self.plafond:,} €".replace(",", " "), self.est_confirme("plafond")))
        if self.cout_reference is not None:
            lignes.append(
                (
                    "Coût de référence",
                    f"{self.cout_reference:,} €".replace(",", " "),
                    self.est_confirme("cout_reference"),
                )
            )
        return lignes
