from django.db import models

from osezia.referentiels.enums import CategorieTaille, NiveauNAF


class SecteurNAFQuerySet(models.QuerySet):
    def sections(self):
        return self.filter(niveau=NiveauNAF.SECTION)

    def divisions(self):
        return self.filter(niveau=NiveauNAF.DIVISION)

    def sous_classes(self):
        return self.filter(niveau=NiveauNAF.SOUS_CLASSE)


class SecteurNAF(models.Model):
    """Un poste de la NAF rév. 2 (INSEE), à l'un des cinq niveaux : section, division, groupe, classe, sous-classe."""

    code = models.CharField("code", max_length=6, primary_key=True)
    niveau = models.CharField("niveau", max_length=12, choices=NiveauNAF.choices, db_index=True)
    libelle = models.CharField("libellé officiel", max_length=255)
    libelle_court = models.CharField("libellé court (65 caractères)", max_length=80)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="enfants")
    # Division et section de rattachement, dénormalisées pour filtrer sans remonter l'arbre.
    division = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="division"
    )
    section = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="section"
    )

    objects = SecteurNAFQuerySet.as_manager()

    class Meta:
        verbose_name = "secteur NAF"
        verbose_name_plural = "secteurs NAF"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.libelle}"

    @property
    def libelle_lisible(self):
        """Les sections sont en capitales dans la nomenclature ; on les affiche en casse de phrase."""
        if self.niveau == NiveauNAF.SECTION:
            return self.libelle.capitalize()
        return self.libelle


class Region(models.Model):
    """Région du Code officiel géographique (INSEE, millésime 2024)."""

    code = models.CharField("code", max_length=3, primary_key=True)
    nom = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "région"
        verbose_name_plural = "régions"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Departement(models.Model):
    code = models.CharField("code", max_length=3, primary_key=True)
    nom = models.CharField("nom", max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")

    class Meta:
        verbose_name = "département"
        verbose_name_plural = "départements"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.nom}"


class CategorieEntreprise(models.Model):
    """Seuils d'une catégorie du décret n° 2008-1354, recopiés de company_sizes.yaml pour affichage et API."""

    code = models.CharField("code", max_length=10, primary_key=True, choices=CategorieTaille.choices)
    nom = models.CharField("nom", max_length=100)
    ordre = models.PositiveSmallIntegerField("ordre")
    effectif_inferieur_a = models.PositiveIntegerField("effectif inférieur à", null=True, blank=True)
    chiffre_affaires_max = models.BigIntegerField("chiffre d'affaires maximal (€)", null=True, blank=True)
    total_bilan_max = models.BigIntegerField("total de bilan maximal (€)", null=True, blank=True)
    regle = models.TextField("règle")
    source = models.CharField("source", max_length=255)

    class Meta:
        verbose_name = "catégorie d'entreprise"
        verbose_name_plural = "catégories d'entreprise"
        ordering = ["ordre"]

    def __str__(self):
        return self.nom
