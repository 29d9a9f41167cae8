from django import forms

from osezia.cas_usage.models import CasUsage
from osezia.catalogue.enums import Certification, Langue
from osezia.referentiels.models import Region
from osezia.relations.enums import Budget, ChampVisible, HebergementExige, MotifPasInteresse, MotifPerdue
from osezia.utils.formulaires import FormulaireDsfr, MontantEurosField

CHAMP_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FormulaireBesoin(FormulaireDsfr):
    cas_usage = forms.ModelChoiceField(
        label="Ce que vous voulez faire avec l'IA",
        queryset=CasUsage.objects.none(),
        empty_label="Choisissez un cas d'usage",
        error_messages={"required": "Choisissez un cas d'usage.", "invalid_choice": "Choisissez un cas d'usage."},
    )
    description = forms.CharField(
        label="Votre besoin, dans vos mots",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Ce que vous faites aujourd'hui, avec quels outils, ce qui vous gêne. Exemple : « nous recevons 200 "
        "factures par mois par e-mail et les saisissons à la main ».",
        error_messages={
            "required": "Décrivez votre besoin en quelques phrases : c'est ce que liront les fournisseurs."
        },
    )
    budget = forms.ChoiceField(label="Budget par mois", choices=Budget.choices, initial=Budget.A_DEFINIR)
    date_souhaitee = forms.DateField(
        label="Date souhaitée de mise en route", required=False, widget=CHAMP_DATE,
        error_messages={"invalid": "Écrivez une date, par exemple 15/03/2027."},
    )  # fmt: skip
    hebergement = forms.ChoiceField(
        label="Où vos données doivent-elles être hébergées ?", choices=HebergementExige.choices,
        initial=HebergementExige.INDIFFERENT,
    )  # fmt: skip
    certifications = forms.MultipleChoiceField(
        label="Certifications exigées", choices=Certification.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Seules les solutions qui les déclarent vous seront proposées.",
    )  # fmt: skip
    sur_site = forms.BooleanField(label="La solution doit s'installer chez vous (sur vos serveurs)", required=False)
    langues = forms.MultipleChoiceField(
        label="Langues exigées", choices=Langue.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    intervention_sur_place = forms.BooleanField(label="Le fournisseur doit intervenir dans vos locaux", required=False)
    region = forms.ModelChoiceField(
        label="Région d'intervention", queryset=Region.objects.order_by("nom"), required=False,
        empty_label="Choisissez une région", help_text="Obligatoire si le fournisseur doit intervenir sur place.",
    )  # fmt: skip

    def __init__(self, *args, cas_usage_fixe=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cas_usage"].queryset = CasUsage.objects.publies().order_by("titre")
        if cas_usage_fixe is not None:
            self.fields["cas_usage"].queryset = CasUsage.objects.filter(pk=cas_usage_fixe.pk)
            self.fields["cas_usage"].initial = cas_usage_fixe

    def clean(self):
        donnees = super().clean()
        if donnees.get("intervention_sur_place") and not donnees.get("region"):
            self.add_error("region", "Indiquez la région où le fournisseur devra intervenir.")
        return donnees


class FormulaireEnvoi(FormulaireDsfr):
    champs_visibles = forms.MultipleChoiceField(
        label="Ce que les fournisseurs verront de votre entreprise",
        choices=ChampVisible.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Votre besoin (description, cas d'usage, critères) est toujours transmis. Cochez ce que vous "
        "acceptez de montrer en plus ; sans vos coordonnées, les fournisseurs vous répondent par la messagerie "
        "d'osezia.",
        initial=[ChampVisible.SECTEUR, ChampVisible.TAILLE, ChampVisible.REGION, ChampVisible.BUDGET],
    )
    consentement = forms.BooleanField(
        label="J'accepte que ce besoin et les informations cochées soient envoyés aux fournisseurs de la liste, par "
        "lots, jusqu'à ce que plusieurs se disent intéressés.",
        error_messages={
            "required": "Cochez la case pour accepter que ces informations soient envoyées aux fournisseurs."
        },
    )


class FormulaireMessage(FormulaireDsfr):
    texte = forms.CharField(
        label="Votre message", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Écrivez votre message."},
    )  # fmt: skip


class FormulaireRefus(FormulaireDsfr):
    motif = forms.ChoiceField(
        label="Pourquoi ?", choices=[("", "Choisissez une raison"), *MotifPasInteresse.choices],
        error_messages={"required": "Choisissez la raison : l'entreprise la lira."},
    )  # fmt: skip
    precision = forms.CharField(label="Précision", max_length=500, required=False)

    def clean(self):
        donnees = super().clean()
        if donnees.get("motif") == "autre" and not donnees.get("precision", "").strip():
            self.add_error("precision", "Précisez la raison.")
        return donnees


class FormulairePerte(FormulaireRefus):
    motif = forms.ChoiceField(
        label="Pourquoi l'affaire ne s'est pas faite ?", choices=[("", "Choisissez une raison"), *MotifPerdue.choices],
        error_messages={"required": "Choisissez la raison."},
    )  # fmt: skip


class FormulaireConclusion(FormulaireDsfr):
    montant = MontantEurosField(label="Montant de l'affaire (€)", required=False, help_text="Facultatif, hors taxes.")


class FormulaireEnquete(FormulaireDsfr):
    OUI_NON = [("oui", "Oui"), ("non", "Non")]
    contact_etabli = forms.ChoiceField(
        label="Le contact a-t-il eu lieu ?", choices=OUI_NON, widget=forms.RadioSelect,
        error_messages={"required": "Répondez par oui ou par non."},
    )  # fmt: skip
    utile = forms.ChoiceField(label="L'échange vous a-t-il été utile ?", choices=OUI_NON, widget=forms.RadioSelect,
                              required=False)  # fmt: skip
    contrat = forms.ChoiceField(label="Un contrat a-t-il été signé ?", choices=OUI_NON, widget=forms.RadioSelect,
                                required=False)  # fmt: skip
    montant = MontantEurosField(label="Montant du contrat (€)", required=False)
    commentaire = forms.CharField(
        label="Commentaire", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        donnees = super().clean()
        for champ in ("contact_etabli", "utile", "contrat"):
            valeur = donnees.get(champ)
            donnees[champ] = None if not valeur else valeur == "oui"
        if donnees.get("montant") is not None and not donnees.get("contrat"):
            self.add_error("montant", "Un montant n'a de sens que si un contrat a été signé.")
        return donnees


class FormulaireAvis(FormulaireDsfr):
    note = forms.TypedChoiceField(
        label="Votre note", coerce=int, choices=[(n, f"{n} sur 5") for n in range(5, 0, -1)], widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une note de 1 à 5."},
    )  # fmt: skip
    texte = forms.CharField(
        label="Votre avis", max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce qui s'est passé, ce qui vous a aidé, ce qui a manqué. Il sera relu avant publication.",
        error_messages={"required": "Écrivez votre avis en quelques phrases."},
    )  # fmt: skip


class FormulaireReponseAvis(FormulaireDsfr):
    texte = forms.CharField(
        label="Votre réponse (une seule, publique)", max_length=3000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Écrivez votre réponse."},
    )  # fmt: skip
