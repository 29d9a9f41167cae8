"""Règles des mots de passe : recommandation de la CNIL (délibération n° 2022-100 : force équivalente à 80 bits),
mots de passe courants en France, ni l'e-mail ni le nom de l'organisation dans le mot de passe."""

import re
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError

from osezia.utils.texte import sans_accents

FICHIER_COURANTS = Path(__file__).resolve().parent / "donnees" / "mots_de_passe_courants.txt"
EXPLICATION_CNIL = (
    "Au moins 12 caractères mêlant minuscules, majuscules, chiffres et caractères spéciaux, "
    "ou au moins 14 caractères avec trois de ces types, ou une phrase d'au moins 5 mots (20 caractères)."
)


def _types(mot_de_passe):
    return sum(bool(re.search(motif, mot_de_passe)) for motif in (r"[a-zà-ÿ]", r"[A-ZÀ-Þ]", r"\d", r"[^\w\s]|_|\s"))


class ReglesCNIL:
    """12 caractères et 4 types, 14 caractères et 3 types, ou une phrase de passe de 5 mots et 20 caractères."""

    def validate(self, password, user=None):
        mots = [m for m in re.split(r"[\s\-_.]+", password) if m]
        if (len(password) >= 12 and _types(password) == 4) or (len(password) >= 14 and _types(password) >= 3):
            return
        if len(mots) >= 5 and len(password) >= 20:
            return
        raise ValidationError(f"Mot de passe trop faible. {EXPLICATION_CNIL}", code="cnil")

    def get_help_text(self):
        return EXPLICATION_CNIL


@cache
def mots_de_passe_courants():
    lignes = FICHIER_COURANTS.read_text(encoding="utf-8").splitlines()
    return frozenset(ligne.strip() for ligne in lignes if ligne.strip() and not ligne.startswith("#"))


def _base(texte):
    """« Azerty123! » → « azerty », « Mot de passe » → « motdepasse »."""
    return re.sub(r"[^a-z]", "", sans_accents(texte.lower()))


class MotsDePasseCourants:
    def validate(self, password, user=None):
        base = _base(password)
        repete = re.fullmatch(r"(.+?)\1+", base)  # « soleilsoleil » est « soleil »
        formes = {base, repete.group(1) if repete else base}
        if not base or formes & mots_de_passe_courants():
            raise ValidationError(
                "Ce mot de passe fait partie des plus utilisés en France : choisissez-en un autre.", code="courant"
            )

    def get_help_text(self):
        return "Pas un mot de passe courant (azerty, motdepasse, soleil…)."


class SansIdentite:
    """Ni l'adresse e-mail (ni sa partie avant @), ni le nom de l'organisation de la personne."""

    def validate(self, password, user=None):
        if user is None:
            return
        base = _base(password)
        interdits = []
        email = (getattr(user, "email", "") or "").lower()
        interdits += [email, email.split("@")[0]]
        if getattr(user, "pk", None):
            from osezia.organisations.models import Organisation

            interdits += list(Organisation.objects.filter(membres__utilisateur=user).values_list("nom", flat=True))
        for interdit in interdits:
            forme = _base(interdit)
            if len(forme) >= 4 and forme in base:
                raise ValidationError(
                    "Le mot de passe ne doit contenir ni votre adresse e-mail ni le nom de votre organisation.",
                    code="identite",
                )

    def get_help_text(self):
        return "Ni votre adresse e-mail ni le nom de votre organisation."
