"""Champs de formulaire communs, pensés pour une saisie rapide sur téléphone."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from dsfr.forms import DsfrBaseForm

from osezia.organisations.enums import MONTANT_MAX_EUR


class FormulaireDsfr(DsfrBaseForm):
    """Formulaire rendu avec les gabarits du DSFR (erreurs à côté du champ, liées par aria-describedby).

    Les champs facultatifs sont signalés (réglage DSFR_MARK_OPTIONAL_FIELDS), comme le recommande le DSFR ;
    on saute le get_context de django-dsfr qui n'existe que pour avertir de cette transition."""

    def get_context(self):
        contexte = forms.Form.get_context(self)
        contexte["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return contexte


def champ_de_formulaire(champ_modele, **kwargs):
    """Les adresses web saisies sans « https:// » sont complétées en https (comportement de Django 6)."""
    if isinstance(champ_modele, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return champ_modele.formfield(**kwargs)


class MetaDsfr:
    """Base des `Meta` de nos ModelForm (Django ne lit `formfield_callback` que dans `Meta`)."""

    formfield_callback = staticmethod(champ_de_formulaire)


class FormulaireModeleDsfr(forms.ModelForm):
    template_name = DsfrBaseForm.template_name
    bound_field_class = DsfrBaseForm.bound_field_class
    default_renderer = DsfrBaseForm.default_renderer


_MULTIPLICATEURS = {"k": 1_000, "m": 1_000_000, "md": 1_000_000_000, "mds": 1_000_000_000}


class MontantEurosField(forms.Field):
    """Un montant en euros tel qu'on l'écrit : « 850 000 », « 850000 € », « 1,2 M€ », « 300 k€ »."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {
        "invalid": "Écrivez un montant en euros, par exemple 850 000 ou 1,2 M€.",
        "negatif": "Le montant ne peut pas être négatif.",
        "trop_grand": "Ce montant n'est pas vraisemblable (plus de 1 000 milliards d'euros) : vérifiez-le.",
    }

    def to_python(self, value):
        texte = (value or "").strip().lower()
        if not texte:
            return None
        texte = re.sub(r"[\s\u00a0\u202f]", "", texte).replace("€", "").replace("euros", "").replace("eur", "")
        if texte.startswith("-"):
            raise ValidationError(self.error_messages["negatif"], code="negatif")
        correspondance = re.fullmatch(r"(\d+(?:[.,]\d+)?)(k|m|md|mds)?", texte)
        if not correspondance:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            nombre = Decimal(correspondance.group(1).replace(",", "."))
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        montant = int(nombre * _MULTIPLICATEURS.get(correspondance.group(2) or "", 1))
        if montant > MONTANT_MAX_EUR:
            raise ValidationError(self.error_messages["trop_grand"], code="trop_grand")
        return montant

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value:,}".replace(",", " ")
        return value
