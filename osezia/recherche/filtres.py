"""Le formulaire de filtres de la recherche, commun aux pages HTML et à l'API (une seule validation)."""

import copy

from django import forms
from django.core.exceptions import ValidationError

from osezia.cas_usage.models import CasUsage, FonctionMetier
from osezia.catalogue.enums import Certification, Hebergement, TailleCible, TranchePrix
from osezia.labels.models import RegimeLabel
from osezia.recherche.enums import TypeDocument
from osezia.recherche.requete import LONGUEUR_MAX
from osezia.referentiels.enums import NiveauNAF
from osezia.referentiels.models import SecteurNAF

TRIS = [("pertinence", "Pertinence"), ("titre", "Ordre alphabétique"), ("recent", "Ajout le plus récent")]
PAR_PAGE = 20
PAR_PAGE_MAX = 100
PAGE_MAX = 500


class ChoixPartages:
    """Champ à choix dont les copies partagent la liste de choix. Django recopie en profondeur, et renormalise, les
    choix de chaque champ à chaque formulaire construit, la moitié du coût de ce formulaire ; ici ils ne changent
    jamais (énumérations). Le reste se copie comme dans `forms.Field.__deepcopy__`."""

    def __deepcopy__(self, memo):
        copie = copy.copy(self)
        memo[id(self)] = copie
        copie.widget = copy.copy(self.widget)
        copie.widget.attrs = self.widget.attrs.copy()
        copie.error_messages = self.error_messages.copy()
        copie.validators = self.validators[:]
        return copie


class ChoixMultiples(ChoixPartages, forms.MultipleChoiceField):
    pass


class ChoixUnique(ChoixPartages, forms.ChoiceField):
    pass


class ChoixMultiplesDynamiques(ChoixMultiples):
    """Choix multiples dont les valeurs permises sont vérifiées en base, sans charger toute la liste."""

    def __init__(self, *args, valides=None, **kwargs):
        self.valides = valides
        super().__init__(*args, **kwargs)

    def valid_value(self, value):
        return True

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        inconnues = sorted(set(value) - self.valides(value))
        if inconnues:
            raise ValidationError(
                "Valeur inconnue : %(valeurs)s.", code="invalid_choice", params={"valeurs": ", ".join(inconnues)}
            )


def _fonctions_valides(valeurs):
    return set(FonctionMetier.objects.filter(slug__in=valeurs).values_list("slug", flat=True))


def _secteurs_valides(valeurs):
    return set(
        SecteurNAF.objects.filter(code__in=valeurs, niveau__in=[NiveauNAF.SECTION, NiveauNAF.DIVISION]).values_list(
            "code", flat=True
        )
    )


def _cas_valides(valeurs):
    return set(CasUsage.objects.publies().filter(slug__in=valeurs).values_list("slug", flat=True))


def _labels_valides(valeurs):
    return set(RegimeLabel.objects.filter(code__in=valeurs).values_list("code", flat=True))


class FiltresRecherche(forms.Form):
    q = forms.CharField(
        label="Rechercher",
        required=False,
        max_length=LONGUEUR_MAX,
        help_text="Des mots de votre métier, par exemple « factures fournisseurs » ou « devis ».",
    )
    type = ChoixMultiples(label="Type de fiche", required=False, choices=TypeDocument.choices)
    fonction = ChoixMultiplesDynamiques(label="Fonction", required=False, valides=_fonctions_valides)
    secteur = ChoixMultiplesDynamiques(
        label="Secteur (section ou division NAF)", required=False, valides=_secteurs_valides
    )
    cas = ChoixMultiplesDynamiques(label="Cas d'usage", required=False, valides=_cas_valides)
    taille = ChoixMultiples(label="Taille d'entreprise", required=False, choices=TailleCible.choices)
    prix = ChoixMultiples(label="Tranche de prix", required=False, choices=TranchePrix.choices)
    hebergement = ChoixMultiples(label="Hébergement", required=False, choices=Hebergement.choices)
    certification = ChoixMultiples(label="Certification", required=False, choices=Certification.choices)
    label = ChoixMultiplesDynamiques(label="Label vérifié", required=False, valides=_labels_valides)
    tri = ChoixUnique(label="Trier par", required=False, choices=TRIS)
    page = forms.IntegerField(label="Page", required=False, min_value=1, max_value=PAGE_MAX)
    par_page = forms.IntegerField(label="Résultats par page", required=False, min_value=1, max_value=PAR_PAGE_MAX)

    GROUPES = ("type", "fonction", "secteur", "cas", "taille", "prix", "hebergement", "certification", "label")

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
                    code="parametre_inconnu",
                    params={"inconnus": ", ".join(inconnus), "acceptes": ", ".join(self.fields)},
                )
        donnees["q"] = " ".join((donnees.get("q") or "").split())
        donnees["page"] = donnees.get("page") or 1
        donnees["par_page"] = donnees.get("par_page") or PAR_PAGE
        donnees["tri"] = donnees.get("tri") or "pertinence"
        return donnees

    def valeurs_groupes(self):
        """{groupe: [valeurs]} des groupes de facettes renseignés (données validées)."""
        return {g: self.cleaned_data[g] for g in self.GROUPES if self.cleaned_data.get(g)}


def erreurs_en_francais(formulaire):
    """{champ: [messages]} ; les erreurs générales sous la clé « __all__ »."""
    return {champ: [str(m) for m in messages] for champ, messages in formulaire.errors.items()}
