import re

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from osezia.comptes.enums import DUREE_JETON_DEFAUT, ROLES_INSCRIPTION, DureeJeton
from osezia.comptes.models import Utilisateur
from osezia.notifications import services as notifications
from osezia.notifications.enums import Categorie
from osezia.organisations.enums import EFFECTIF_MAX
from osezia.organisations.models import Organisation
from osezia.organisations.validators import normaliser_siren, valider_siren
from osezia.referentiels.enums import NiveauNAF
from osezia.referentiels.models import Region, SecteurNAF
from osezia.utils.formulaires import FormulaireDsfr, FormulaireModeleDsfr, MetaDsfr, MontantEurosField


class FormulaireInscription(FormulaireDsfr):
    role = forms.ChoiceField(
        label="Vous êtes",
        choices=[(r.value, r.label) for r in ROLES_INSCRIPTION],
        widget=forms.RadioSelect,
        initial=ROLES_INSCRIPTION[0].value,
    )
    prenom = forms.CharField(
        label="Prénom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    nom = forms.CharField(label="Nom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(
        label="Adresse e-mail",
        help_text="Format attendu : nom@domaine.fr",
        error_messages={"invalid": "Saisissez une adresse e-mail valide, par exemple nom@domaine.fr."},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    mot_de_passe = forms.CharField(
        label="Mot de passe",
        strip=False,
        help_text="Au moins 12 caractères, pas uniquement des chiffres, pas un mot de passe courant.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    mot_de_passe_confirmation = forms.CharField(
        label="Confirmez le mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if Utilisateur.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                "Un compte existe déjà avec cette adresse. Connectez-vous ou réinitialisez votre mot de passe."
            )
        return email

    def clean(self):
        donnees = super().clean()
        mot_de_passe = donnees.get("mot_de_passe")
        if mot_de_passe and mot_de_passe != donnees.get("mot_de_passe_confirmation"):
            self.add_error("mot_de_passe_confirmation", "Les deux mots de passe ne sont pas identiques.")
        if mot_de_passe and donnees.get("email"):
            candidat = Utilisateur(
                email=donnees["email"], first_name=donnees.get("prenom", ""), last_name=donnees.get("nom", "")
            )
            try:
                password_validation.validate_password(mot_de_passe, candidat)
            except ValidationError as erreur:
                self.add_error("mot_de_passe", erreur)
        return donnees


class FormulaireConnexion(FormulaireDsfr, AuthenticationForm):
    username = forms.EmailField(
        label="Adresse e-mail", widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        label="Mot de passe", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": "Adresse e-mail ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }


class FormulaireMotDePasseOublie(FormulaireDsfr, PasswordResetForm):
    email = forms.EmailField(label="Adresse e-mail", widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        # Par la file d'e-mails : une panne SMTP ne donne pas d'erreur à l'écran, l'envoi est réessayé.
        sujet = "".join(render_to_string(subject_template_name, context).splitlines())
        notifications.envoyer_courriel(
            destinataire=to_email,
            categorie=Categorie.MOT_DE_PASSE,
            sujet=sujet,
            corps=render_to_string(email_template_name, context),
            utilisateur=context.get("user"),
        )


class FormulaireNouveauMotDePasse(FormulaireDsfr, SetPasswordForm):
    pass


def normaliser_code_naf(valeur):
    """« 4711f », « 47.11 F », « 47 11F » → « 47.11F »."""
    compact = re.sub(r"[\s.]", "", valeur or "").upper()
    if re.fullmatch(r"\d{4}[A-Z]", compact):
        return f"{compact[:2]}.{compact[2:]}"
    return (valeur or "").strip().upper()


class ChampNAF(forms.CharField):
    default_error_messages = {
        "invalid": "Code NAF inconnu. Un code de sous-classe ressemble à 47.11F (avis de situation SIRENE, case APE)."
    }

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        secteur = SecteurNAF.objects.filter(code=normaliser_code_naf(value), niveau=NiveauNAF.SOUS_CLASSE).first()
        if secteur is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return secteur


class FormulaireOrganisation(FormulaireModeleDsfr):
    siren = forms.CharField(
        label="Numéro SIREN",
        max_length=15,
        help_text="9 chiffres, sur votre extrait Kbis ou votre avis de situation SIRENE.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    naf = ChampNAF(
        label="Code NAF (ou APE)",
        max_length=10,
        help_text="Par exemple 47.11F. Vous ne le connaissez pas ? Cherchez votre activité ci-dessous.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    effectif = forms.IntegerField(
        label="Effectif (salariés en équivalent temps plein)",
        min_value=0,
        max_value=EFFECTIF_MAX,
        help_text="0 si vous travaillez seul·e.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "min_value": "L'effectif ne peut pas être négatif.",
            "max_value": "Cet effectif n'est pas vraisemblable : vérifiez-le.",
            "invalid": "Écrivez un nombre entier de salariés.",
        },
    )
    chiffre_affaires = MontantEurosField(
        label="Chiffre d'affaires annuel hors taxes",
        help_text="En euros, du dernier exercice clos. Exemples : 850 000 ou 1,2 M€.",
        required=False,
    )
    total_bilan = MontantEurosField(
        label="Total de bilan",
        help_text="En euros. Il sert à calculer votre catégorie d'entreprise si le chiffre d'affaires dépasse un seuil.",
        required=False,
    )
    region = forms.ModelChoiceField(
        label="Région", queryset=Region.objects.order_by("nom"), empty_label="Choisissez votre région"
    )

    class Meta(MetaDsfr):
        model = Organisation
        fields = ["nom", "siren", "naf", "effectif", "chiffre_affaires", "total_bilan", "region"]
        labels = {"nom": "Nom de l'entreprise"}

    def __init__(self, *args, type_organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.type_organisation = type_organisation
        if self.instance.pk and self.instance.naf_id:
            self.initial["naf"] = self.instance.naf_id

    def clean_siren(self):
        siren = normaliser_siren(self.cleaned_data["siren"])
        valider_siren(siren)
        doublon = Organisation.objects.filter(type=self.type_organisation, siren=siren).exclude(pk=self.instance.pk)
        if doublon.exists():
            raise ValidationError(
                "Cette organisation a déjà un espace sur osezia. Demandez à l'un de ses membres de vous y ajouter."
            )
        return siren

    def clean(self):
        donnees = super().clean()
        effectif, chiffre = donnees.get("effectif"), donnees.get("chiffre_affaires")
        # Une incohérence manifeste est presque toujours une faute de frappe (un zéro de trop ou de moins).
        if effectif is not None and chiffre is not None and effectif >= 250 and chiffre < 10_000:
            self.add_error(
                "chiffre_affaires", "Ce chiffre d'affaires semble très faible pour cet effectif : vérifiez-le."
            )
        return donnees


class FormulaireFournisseur(FormulaireOrganisation):
    class Meta(FormulaireOrganisation.Meta):
        fields = ["nom", "siren", "naf", "effectif", "chiffre_affaires", "region", "description", "site_web", "labels"]
        labels = {"nom": "Nom du fournisseur", "labels": "Labels obtenus (déclarés par vous)"}
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["naf"].required = False
        self.fields["effectif"].required = False
        self.fields["description"].required = True
        self.fields["description"].help_text = "Ce que vous faites, pour qui, où. 5 000 caractères au plus."


class FormulaireJeton(FormulaireDsfr):
    nom = forms.CharField(
        label="Nom du jeton",
        max_length=100,
        help_text="Pour le reconnaître, ex. « tableur de suivi ».",
        error_messages={"required": "Donnez un nom au jeton pour le reconnaître."},
    )
    duree_jours = forms.TypedChoiceField(
        label="Durée de validité",
        choices=DureeJeton.choices,
        coerce=int,
        initial=DUREE_JETON_DEFAUT,
        help_text="Passé ce délai, le jeton est refusé : créez-en un autre.",
    )
    droits = forms.ChoiceField(
        label="Droits",
        choices=[
            ("lecture", "Lecture seule : lire vos diagnostics et leurs rapports"),
            ("ecriture", "Lecture et écriture : aussi commencer et compléter des diagnostics"),
        ],
        initial="lecture",
        widget=forms.RadioSelect,
    )
