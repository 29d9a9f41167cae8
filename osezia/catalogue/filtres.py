"""Le formulaire de filtres de la liste des fournisseurs, commun à la page HTML et à l'API."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from osezia.catalogue.enums import LabelFournisseur
from osezia.catalogue.selectors import fournisseurs_publics
from osezia.referentiels.enums import CategorieTaille
from osezia.referentiels.models import Region
from osezia.utils.texte import sans_accents

PAR_PAGE = 30


class FiltresFournisseurs(forms.Form):
    q = forms.CharField(label="Nom ou activité", required=False, max_length=100)
    region = forms.ModelChoiceField(
        label="Région",
        queryset=Region.objects.order_by("nom"),
        required=False,
        to_field_name="code",
        empty_label="Toutes",
    )
    label = forms.ChoiceField(label="Label déclaré", choices=[("", "Tous"), *LabelFournisseur.choices], required=False)
    taille = forms.ChoiceField(
        label="Taille du fournisseur", choices=[("", "Toutes"), *CategorieTaille.choices], required=False
    )
    page = forms.IntegerField(label="Page", required=False, min_value=1, max_value=10_000)

    def __init__(self, data=None, *, refuser_inconnus=False, **kwargs):
        self.refuser_inconnus = refuser_inconnus
        super().__init__(data, **kwargs)

    def clean(self):
        donnees = super().clean()
        if self.refuser_inconnus and self.data:
            inconnus = sorted(set(self.data.keys()) - set(self.fields))
            if inconnus:
                raise ValidationError(
                    "Paramètre inconnu : %(inconnus)s. Paramètres acceptés : %(acceptes)s.",
                    params={"inconnus": ", ".join(inconnus), "acceptes": ", ".join(self.fields)},
                )
        return donnees

    def requete(self):
        """Les fournisseurs publics (au moins une solution publiée) qui passent les filtres, par nom."""
        donnees = self.cleaned_data
        requete = fournisseurs_publics()
        if donnees.get("q"):
            texte = donnees["q"].strip()
            requete = requete.filter(
                Q(nom__icontains=texte) | Q(description__icontains=texte) | Q(nom__icontains=sans_accents(texte))
            )
        if donnees.get("region"):
            requete = requete.filter(region=donnees["region"])
        if donnees.get("taille"):
            requete = requete.filter(categorie_taille=donnees["taille"])
        requete = requete.order_by("nom")
        if donnees.get("label"):
            # Liste JSON : filtrée en Python pour rester portable entre SQLite et PostgreSQL (quelques centaines de lignes).
            return [f for f in requete if donnees["label"] in f.labels]
        return requete
