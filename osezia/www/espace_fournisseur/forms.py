from django import forms

from osezia.cas_usage.models import CasUsage
from osezia.catalogue.models import Solution
from osezia.catalogue.services import CHAMPS_MODIFIABLES
from osezia.referentiels.models import SecteurNAF
from osezia.utils.formulaires import FormulaireModeleDsfr, MetaDsfr


class ChoixCasUsage(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.fonction.nom} — {obj.titre}"


class ChoixDivisions(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.libelle}"


class FormulaireSolution(FormulaireModeleDsfr):
    cas_usage = ChoixCasUsage(
        label="Cas d'usage couverts",
        queryset=CasUsage.objects.publies().select_related("fonction").order_by("fonction__ordre", "titre"),
        widget=forms.CheckboxSelectMultiple,
        help_text="Au moins un, au plus cinq : ceux pour lesquels la solution est vraiment conçue.",
    )
    secteurs = ChoixDivisions(
        label="Secteurs visés (divisions NAF)",
        queryset=SecteurNAF.objects.divisions().order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"data-filtre-cases": "Chercher un secteur (mot ou code NAF)"}),
        help_text="Ne rien choisir si la solution convient à tous les secteurs.",
    )
    dpa_rgpd = forms.NullBooleanField(
        label="Proposez-vous un accord de traitement des données (RGPD, article 28) ?",
        widget=forms.NullBooleanSelect,
        required=False,
    )

    class Meta(MetaDsfr):
        model = Solution
        # Les champs que le service sait enregistrer, avec les usages et les secteurs après la description.
        fields = [*CHAMPS_MODIFIABLES[:3], "cas_usage", "secteurs", *CHAMPS_MODIFIABLES[3:]]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "references": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "description_courte": "Une phrase, 200 caractères au plus : ce que la solution fait pour le client.",
            "description": "Ce qu'elle fait, comment elle s'installe, ce que le client doit fournir. Sans superlatifs.",
            "hebergement": "Où sont stockées et traitées les données de vos clients.",
            "role_ai_act": "Votre rôle au sens de l'article 3 du règlement (UE) 2024/1689.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dpa_rgpd"].widget.choices = [("unknown", "Non communiqué"), ("true", "Oui"), ("false", "Non")]

    def clean_cas_usage(self):
        cas = self.cleaned_data["cas_usage"]
        if len(cas) > 5:
            raise forms.ValidationError("Choisissez au plus cinq cas d'usage.")
        return cas
