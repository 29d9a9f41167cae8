from django import forms

from osezia.diagnostic.questionnaire import nettoyer
from osezia.recommandation.moteur import LONGUEUR_TEXTE_MAX
from osezia.utils.formulaires import FormulaireDsfr
from osezia.www.comptes.forms import FormulaireOrganisation

LONGUEUR_TEXTE_MIN = 10
MESSAGES_TEXTE = {
    "required": "Écrivez quelques mots : c'est ce qui permet de vous proposer des usages adaptés.",
    "min_length": "Écrivez au moins %(limit_value)d caractères (vous en avez écrit %(show_value)d).",
    "max_length": "Pas plus de %(limit_value)d caractères (vous en avez écrit %(show_value)d) : gardez l'essentiel.",
}


class FormulaireTextesDiagnostic(FormulaireDsfr):
    description = forms.CharField(
        label="Décrivez votre activité",
        help_text="Ce que fait votre entreprise, pour qui, avec quels moyens. Exemple : « Garage de 6 personnes, "
        "réparation et entretien de véhicules de particuliers ».",
        min_length=LONGUEUR_TEXTE_MIN,
        max_length=LONGUEUR_TEXTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": LONGUEUR_TEXTE_MAX}),
        error_messages=MESSAGES_TEXTE,
    )
    besoins = forms.CharField(
        label="Qu'est-ce qui vous fait perdre du temps ou de l'argent aujourd'hui ?",
        help_text="Avec vos mots : les tâches répétitives, les erreurs, les appels, la paperasse… "
        f"{LONGUEUR_TEXTE_MAX} caractères au plus.",
        min_length=LONGUEUR_TEXTE_MIN,
        max_length=LONGUEUR_TEXTE_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": LONGUEUR_TEXTE_MAX}),
        error_messages=MESSAGES_TEXTE,
    )


class FormulaireProfilEntreprise(FormulaireOrganisation):
    """Le formulaire d'organisation, dont le SIREN et le NAF sont obligatoires pour un diagnostic."""


class _SansObligation:
    """Champ attendu (pas de mention « facultatif ») dont l'absence n'est pas une erreur de validation : l'étape
    enregistre les réponses données et signale elle-même celles qui manquent."""

    def validate(self, value):
        if value:
            super().validate(value)


class ChoixQuestion(_SansObligation, forms.ChoiceField):
    pass


class ChoixMultiplesQuestion(_SansObligation, forms.MultipleChoiceField):
    pass


class FormulaireDimension(FormulaireDsfr):
    """Une étape du questionnaire : un champ par question. Les réponses données sont enregistrées même si
    d'autres manquent ; une question sans réponse reçoit un message à côté d'elle."""

    use_required_attribute = False  # « Enregistrer et reprendre plus tard » doit pouvoir partir incomplet

    def __init__(self, *args, dimension, reponses=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimension = dimension
        reponses = reponses or {}
        for question in dimension.questions:
            choix = [(c.cle, c.libelle) for c in question.choix]
            if question.type == "multiple":
                champ = ChoixMultiplesQuestion(label=question.texte, choices=choix, widget=forms.CheckboxSelectMultiple)
            else:
                champ = ChoixQuestion(label=question.texte, choices=choix, widget=forms.RadioSelect)
            champ.help_text = question.aide
            if question.cle in reponses:
                champ.initial = reponses[question.cle]
            self.fields[question.cle] = champ

    def reponses_valides(self):
        return nettoyer(self.dimension, self.data)

    def verifier_completude(self, reponses):
        for question in self.dimension.questions:
            if question.cle not in reponses:
                message = (
                    "Cochez ce qui s'applique, ou « Aucun » / « Je ne sais pas »."
                    if question.type == "multiple"
                    else "Choisissez une réponse (au besoin « Je ne sais pas »)."
                )
                self.add_error(question.cle, message)
        return not self.errors
