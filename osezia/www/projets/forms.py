from django import forms

from osezia.cas_usage.models import CasUsage
from osezia.catalogue.models import Solution
from osezia.comptes.models import Utilisateur
from osezia.projets import documents
from osezia.projets.enums import MotifArret, Sens, Unite
from osezia.utils.formulaires import FormulaireDsfr, MontantEurosField

CHAMP_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MESSAGE_DATE = {"invalid": "Écrivez une date, par exemple 15/03/2026."}
MESSAGE_NOMBRE = {"invalid": "Écrivez un nombre, par exemple 12 ou 12,5."}


class ChoixPersonne(forms.ModelChoiceField):
    def label_from_instance(self, personne):
        return personne.nom_affiche


class ChoixPersonnes(forms.ModelMultipleChoiceField):
    def label_from_instance(self, personne):
        return personne.nom_affiche


class ChoixSolutions(forms.ModelMultipleChoiceField):
    def label_from_instance(self, solution):
        suffixe = " (démonstration, fictive)" if solution.est_demo else ""
        return f"{solution.nom} — {solution.fournisseur.nom}{suffixe}"


class FormulaireProjet(FormulaireDsfr):
    titre = forms.CharField(label="Titre du projet", max_length=200)
    objectif = forms.CharField(
        label="Objectif, dans vos mots",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce que le projet doit changer pour l'entreprise. Exemple : « ne plus ressaisir les commandes "
        "reçues par SMS ».",
    )
    cas_usage = forms.ModelChoiceField(
        label="Cas d'usage du référentiel", queryset=CasUsage.objects.publies().order_by("titre")
    )
    responsable = ChoixPersonne(label="Responsable", queryset=Utilisateur.objects.none())
    equipe = ChoixPersonnes(
        label="Équipe", queryset=Utilisateur.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    solutions = ChoixSolutions(
        label="Solutions du catalogue retenues",
        queryset=Solution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    prestataires_libres = forms.CharField(
        label="Autres solutions ou prestataires",
        max_length=1000,
        required=False,
        help_text="Ceux qui ne sont pas au catalogue : un nom par ligne.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    budget_prevu = MontantEurosField(label="Budget prévu (€)", required=False)
    budget_depense = MontantEurosField(label="Budget déjà dépensé (€)", required=False)
    financements_envisages = forms.CharField(
        label="Financements envisagés", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    date_debut = forms.DateField(label="Date de début", required=False, widget=CHAMP_DATE, error_messages=MESSAGE_DATE)
    date_cible = forms.DateField(label="Date visée", required=False, widget=CHAMP_DATE, error_messages=MESSAGE_DATE)

    def __init__(self, *args, entreprise, cas_usage=None, **kwargs):
        super().__init__(*args, **kwargs)
        membres = Utilisateur.objects.filter(adhesions__organisation=entreprise, is_active=True).order_by(
            "last_name", "first_name"
        )
        self.fields["responsable"].queryset = membres
        self.fields["equipe"].queryset = membres
        solutions = Solution.objects.publiees().select_related("fournisseur").order_by("est_demo", "nom")
        if cas_usage is not None:
            solutions = solutions.filter(cas_usage=cas_usage)
        self.fields["solutions"].queryset = solutions

    def clean(self):
        donnees = super().clean()
        debut, cible = donnees.get("date_debut"), donnees.get("date_cible")
        if debut and cible and cible < debut:
            self.add_error("date_cible", "La date visée ne peut pas précéder la date de début.")
        return donnees


class FormulaireEtape(FormulaireDsfr):
    """Motif d'une pause ou d'un abandon ; l'étape visée est le champ « vers » du bouton."""

    motif = forms.ChoiceField(label="Pourquoi ?", choices=[("", "Choisissez une raison")] + MotifArret.choices)
    detail = forms.CharField(
        label="Précisions", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FormulaireIndicateur(FormulaireDsfr):
    libelle = forms.CharField(label="Indicateur", max_length=200)
    unite = forms.ChoiceField(label="Unité", choices=Unite.choices)
    sens = forms.ChoiceField(label="Sens souhaité", choices=Sens.choices)
    valeur_reference = forms.DecimalField(
        label="Valeur de départ", max_digits=14, decimal_places=2, error_messages=MESSAGE_NOMBRE
    )
    date_reference = forms.DateField(
        label="Date de la valeur de départ", widget=CHAMP_DATE, error_messages=MESSAGE_DATE
    )
    cible = forms.DecimalField(
        label="Valeur visée", max_digits=14, decimal_places=2, required=False, error_messages=MESSAGE_NOMBRE
    )
    du_cas_usage = forms.BooleanField(required=False, widget=forms.HiddenInput)


class FormulaireMesure(FormulaireDsfr):
    date = forms.DateField(label="Date de la mesure", widget=CHAMP_DATE, error_messages=MESSAGE_DATE)
    valeur = forms.DecimalField(label="Valeur mesurée", max_digits=14, decimal_places=2, error_messages=MESSAGE_NOMBRE)


class FormulaireCommentaire(FormulaireDsfr):
    texte = forms.CharField(label="Votre commentaire", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class FormulaireDocument(FormulaireDsfr):
    fichier = forms.FileField(
        label="Document",
        help_text="PDF, image PNG ou JPEG, document Office ou OpenDocument ; 10 Mo au plus.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(documents.EXTENSIONS)}),
    )


class ChoixIndicateur(forms.ModelChoiceField):
    def label_from_instance(self, indicateur):
        return f"{indicateur.libelle} ({indicateur.get_unite_display()})"


class FormulaireAvancement(FormulaireDsfr):
    """Page « Où en est ce projet ? » : l'étape où le projet en est (parmi celles que la table des transitions
    ouvre à l'entreprise, hors pause et abandon)."""

    vers = forms.ChoiceField(label="Le projet en est maintenant à l'étape", widget=forms.RadioSelect)

    def __init__(self, *args, etapes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vers"].choices = [(e.value, e.label) for e in etapes]


class FormulaireMesureRapide(FormulaireMesure):
    indicateur = ChoixIndicateur(label="Indicateur", queryset=None, empty_label=None)
    field_order = ["indicateur", "date", "valeur"]

    def __init__(self, *args, indicateurs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicateur"].queryset = indicateurs


class FormulaireArret(FormulaireEtape):
    """Pause ou abandon, avec le motif que le service exige."""

    vers = forms.ChoiceField(label="Que devient le projet ?", widget=forms.RadioSelect)
    field_order = ["vers", "motif", "detail"]

    def __init__(self, *args, etapes, **kwargs):
        super().__init__(*args, **kwargs)
        libelles = {"en_pause": "Il est en pause", "abandonne": "Il est abandonné"}
        self.fields["vers"].choices = [(e.value, libelles[e.value]) for e in etapes]
