from django import forms

from osezia.relations.tunnel import DIMENSIONS, Origine
from osezia.utils.formulaires import FormulaireDsfr


class FormulaireFiltresTunnel(FormulaireDsfr):
    """Les filtres du tunnel : période d'envoi, cas d'usage, région de l'entreprise, origine, et la dimension de la
    répartition. Le fournisseur n'a ni l'origine ni le choix de la dimension (`pour_fournisseur`)."""

    TOUS = [("", "Tous")]

    du = forms.DateField(
        label="Envoyées à partir du", required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip
    au = forms.DateField(
        label="Envoyées jusqu'au", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    cas_usage = forms.ChoiceField(label="Cas d'usage", required=False)
    region = forms.ChoiceField(label="Région de l'entreprise", required=False)
    origine = forms.ChoiceField(label="Origine", required=False, choices=Origine.CHOIX)
    dimension = forms.ChoiceField(
        label="Répartition par", required=False, choices=[(d.cle, d.libelle) for d in DIMENSIONS.values()]
    )

    def __init__(self, *args, pour_fournisseur=False, **kwargs):
        from osezia.cas_usage.models import CasUsage
        from osezia.referentiels.models import Region

        super().__init__(*args, **kwargs)
        self.fields["cas_usage"].choices = self.TOUS + list(
            CasUsage.objects.publies().order_by("titre").values_list("slug", "titre")
        )
        self.fields["region"].choices = [("", "Toutes")] + list(
            Region.objects.order_by("nom").values_list("code", "nom")
        )
        if pour_fournisseur:
            del self.fields["origine"], self.fields["dimension"]

    def clean(self):
        donnees = super().clean()
        if donnees.get("du") and donnees.get("au") and donnees["du"] > donnees["au"]:
            self.add_error("au", "La date de fin précède la date de début.")
        return donnees

    def filtres(self):
        """Les filtres valides, pour tunnel.relations_mesurees : un champ en erreur ne filtre pas (son erreur est
        affichée à côté de lui)."""
        self.is_valid()
        donnees = self.cleaned_data
        filtres = {cle: donnees.get(cle) or None for cle in ("du", "au", "cas_usage", "region")}
        if "origine" in self.fields:
            filtres["origine"] = donnees.get("origine") or Origine.REELLES
        return filtres

    def dimension_choisie(self):
        self.is_valid()
        return self.cleaned_data.get("dimension") or "cas_usage"


class FormulaireModerationAvis(FormulaireDsfr):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("publier", "Publier l'avis"), ("refuser", "Refuser l'avis")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez de publier ou de refuser cet avis."},
    )
    motif = forms.CharField(
        label="Motif",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire pour un refus : l'auteur de l'avis le lira.",
    )
