from django.db import models

from osezia.recherche.enums import TypeDocument


class DocumentRecherche(models.Model):
    """Une fiche (cas d'usage ou solution publiée) telle que la recherche la voit.

    Les colonnes propres au moteur sont créées par la migration 0002 : sur PostgreSQL `vecteur`
    (tsvector généré, configuration `osezia_fr` sans accents, index GIN) et `facettes_tableau` (text[]
    généré, index GIN) ; sur SQLite la table FTS5 `recherche_fts`, tenue à jour par des déclencheurs.
    """

    type = models.CharField("type", max_length=12, choices=TypeDocument.choices)
    objet_id = models.BigIntegerField("identifiant de la fiche")
    titre = models.CharField("titre", max_length=255)
    mots_cles = models.TextField("mots-clés", blank=True)
    texte = models.TextField("texte", blank=True)
    # Jetons « groupe:valeur » séparés par des espaces, ex. « fonction:vente secteur:G hebergement:france ».
    facettes = models.TextField("facettes", blank=True)
    # Ce qu'en montrent un résultat et l'API (recherche.cartes) ; vide tant que la fiche n'a pas été réindexée.
    carte = models.JSONField("carte", null=True, blank=True)
    # Complétude de la fiche (catalogue.completude, 0 à 100 ; 100 pour un cas d'usage du référentiel) : à pertinence
    # et adéquation égales, une fiche renseignée passe devant une notice sommaire.
    completude = models.PositiveSmallIntegerField("complétude", default=0)
    # Textes racinisés sans accents, lus par la table FTS5 de SQLite (vides sur PostgreSQL).
    racines_titre = models.TextField(blank=True)
    racines_mots_cles = models.TextField(blank=True)
    racines_texte = models.TextField(blank=True)

    class Meta:
        verbose_name = "document de recherche"
        verbose_name_plural = "documents de recherche"
        constraints = [models.UniqueConstraint(fields=["type", "objet_id"], name="document_unique")]

    def __str__(self):
        return f"{self.get_type_display()} : {self.titre}"


class MotLexique(models.Model):
    """Mots présents dans l'index (minuscules, sans accents), pour corriger les fautes de frappe."""

    mot = models.CharField(max_length=60, unique=True)
    racine = models.CharField(max_length=60, db_index=True)
    frequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "mot du lexique"
        verbose_name_plural = "mots du lexique"

    def __str__(self):
        return self.mot


class EtatIndex(models.Model):
    """Une seule ligne : un jeton qui change à chaque écriture dans l'index (indexation.signaler_modification).

    Les recherches sans mots (tout le catalogue, ses facettes, le classement par titre) coûtent autant que l'index est
    grand ; leurs résultats se gardent en cache sous ce jeton, qu'une écriture rend caducs dans tous les processus."""

    jeton = models.CharField("jeton de version", max_length=32)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "état de l'index"
        verbose_name_plural = "état de l'index"

    def __str__(self):
        return f"Index modifié le {self.modifie_le:%d/%m/%Y %H:%M}"
