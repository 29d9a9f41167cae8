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


class FormulaireFiltresPOC(FormulaireDsfr):
    """Les filtres du pilote sur la sortie du POC : taille, région, secteur (section ou division NAF), origine."""

    TOUTES = [("", "Toutes")]
    ORIGINES = [
        ("", "Projets réels et de démonstration"),
        ("reels", "Projets réels seulement"),
        ("demo", "Démonstration seulement"),
    ]

    taille = forms.ChoiceField(label="Taille d'entreprise", required=False)
    region = forms.ChoiceField(label="Région", required=False)
    secteur = forms.ChoiceField(label="Secteur (section ou division NAF)", required=False)
    origine = forms.ChoiceField(label="Origine des projets", required=False, choices=ORIGINES)

    def __init__(self, *args, **kwargs):
        from osezia.referentiels.enums import CategorieTaille
        from osezia.referentiels.models import Region, SecteurNAF

        super().__init__(*args, **kwargs)
        self.fields["taille"].choices = self.TOUTES + list(CategorieTaille.choices)
        self.fields["region"].choices = self.TOUTES + [(r.code, r.nom) for r in Region.objects.order_by("nom")]
        secteurs = SecteurNAF.objects.filter(niveau__in=["section", "division"]).order_by("code")
        sections = [(s.code, f"{s.code} — {s.libelle}") for s in secteurs if s.niveau == "section"]
        divisions = [(s.code, f"{s.code} — {s.libelle}") for s in secteurs if s.niveau == "division"]
        self.fields["secteur"].choices = self.TOUTES + [("Sections", sections), ("Divisions", divisions)]

    def filtrer(self, projets):
        """Les projets restreints aux filtres valides."""
        donnees = self.cleaned_data
        if donnees.get("taille"):
            projets = projets.filter(entreprise__categorie_taille=donnees["taille"])
        if donnees.get("region"):
            projets = projets.filter(entreprise__region_id=donnees["region"])
        secteur = donnees.get("secteur")
        if secteur:
            cle = "entreprise__naf__section_id" if secteur.isalpha() else "entreprise__naf__division_id"
            projets = projets.filter(**{cle: secteur})
        if donnees.get("origine"):
            projets = projets.filter(est_demo=donnees["origine"] == "demo")
        return projets
