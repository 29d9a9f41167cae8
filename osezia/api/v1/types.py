"""Les types d'entrée stricts de toute l'API : un seul mécanisme pour les nombres, les dates et les champs inconnus.

pydantic, en mode souple, prendrait `true` pour 1, "12" pour 12 et un horodatage pour une date ; le schéma OpenAPI dit
« integer », « number » ou « date » : l'API refuse donc tout le reste (422, message en français). Le mode strict de
pydantic refuserait aussi 12.0, qui est un entier pour JSON Schema : il reste accepté."""

import re
from datetime import date
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict

from osezia.organisations.enums import MONTANT_MAX_EUR

IDENTIFIANT_MAX = 2_147_483_647
VALEUR_MAX = 99_999_999_999  # 14 chiffres dont 2 après la virgule
# Un texte obligatoire a un caractère qui n'est ni une espace ASCII ni le caractère nul (refusé partout).
TEXTE_UTILE = "^[^\\x00]*[^\\x00\\t\\n\\v\\f\\r ][^\\x00]*$"
FORMAT_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class SchemaStrict(Schema):
    # Un champ inconnu est une erreur (422), pas une donnée ignorée en silence.
    model_config = ConfigDict(extra="forbid")


def nombre_json(valeur):
    if isinstance(valeur, bool) or not isinstance(valeur, int | float):
        raise ValueError("Un nombre est attendu.")
    return valeur


def entier_json(valeur):
    if isinstance(valeur, bool) or not isinstance(valeur, int | float):
        raise ValueError("Un nombre entier est attendu.")
    if isinstance(valeur, float):
        if not valeur.is_integer():
            raise ValueError("Un nombre entier est attendu.")
        return int(valeur)
    return valeur


def date_en_texte(valeur):
    if not isinstance(valeur, str) or not FORMAT_DATE.fullmatch(valeur):
        raise ValueError("Une date est attendue, écrite AAAA-MM-JJ (par exemple 2026-03-15).")
    return valeur


# Les bornes avant le validateur : placées après, pydantic ne les écrit pas dans le schéma (minimum, maximum).
def entier(*, ge, le, **champ):
    return Annotated[int, Field(ge=ge, le=le, **champ), BeforeValidator(entier_json)]


def nombre(*, ge=-VALEUR_MAX, le=VALEUR_MAX, **champ):
    return Annotated[float, Field(ge=ge, le=le, **champ), BeforeValidator(nombre_json)]


Nombre = nombre()
Date = Annotated[date, BeforeValidator(date_en_texte)]
Montant = entier(ge=0, le=MONTANT_MAX_EUR, description="en euros")
Identifiant = entier(ge=1, le=IDENTIFIANT_MAX)
