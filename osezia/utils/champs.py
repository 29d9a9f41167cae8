from django import forms
from django.core.exceptions import ValidationError
from django.db import models


class ChoixMultiplesField(models.JSONField):
    """Liste de codes pris dans des `choices`, stockée en JSON (SQLite et PostgreSQL), cochée dans les formulaires."""

    def __init__(self, *args, choix=None, **kwargs):
        self.choix = choix
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choix"] = self.choix
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list):
            raise ValidationError("Une liste de valeurs est attendue.", code="invalid")
        permis = {code for code, _ in self.choix}
        inconnus = [v for v in value if v not in permis]
        if inconnus:
            raise ValidationError(
                "Valeur inconnue : %(valeurs)s.",
                code="invalid_choice",
                params={"valeurs": ", ".join(map(str, inconnus))},
            )

    def formfield(self, **kwargs):
        options = {
            "choices": self.choix,
            "required": not self.blank,
            "label": self.verbose_name.capitalize(),
            "help_text": self.help_text,
            "widget": forms.CheckboxSelectMultiple,
        }
        options.update({k: v for k, v in kwargs.items() if k in ("label", "help_text", "widget")})
        return forms.TypedMultipleChoiceField(**options)

    def libelles(self, valeurs):
        correspondance = dict(self.choix)
        return [correspondance.get(v, v) for v in valeurs]
