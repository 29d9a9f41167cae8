from django.core.exceptions import ValidationError
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.fr import siren, siret


def normaliser_siren(valeur: str) -> str:
    return siren.compact(valeur or "")


def valider_siren(valeur):
    try:
        siren.validate(valeur)
    except InvalidLength:
        raise ValidationError("Un SIREN compte exactement 9 chiffres.", code="siren_longueur")
    except InvalidFormat:
        raise ValidationError("Un SIREN ne contient que des chiffres.", code="siren_format")
    except InvalidChecksum:
        raise ValidationError(
            "Ce SIREN n'existe pas : sa clé de contrôle est fausse. Vérifiez les 9 chiffres (extrait Kbis, avis de situation SIRENE).",
            code="siren_cle",
        )


def valider_siret(valeur):
    try:
        siret.validate(valeur)
    except InvalidLength:
        raise ValidationError("Un SIRET compte exactement 14 chiffres.", code="siret_longueur")
    except InvalidFormat:
        raise ValidationError("Un SIRET ne contient que des chiffres.", code="siret_format")
    except InvalidChecksum:
        raise ValidationError("Ce SIRET n'existe pas : sa clé de contrôle est fausse.", code="siret_cle")
