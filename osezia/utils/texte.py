"""Normalisation du français partagée par la recherche (SQLite, surlignage, lexique) et le moteur de recommandation.

On ôte les accents *avant* de raciniser, comme la configuration `osezia_fr` de PostgreSQL (unaccent puis
french_stem) : la racine d'un mot ne dépend alors que de ses lettres sans accents, et « données », « donnees »,
« donnèes » donnent toutes « donne ». Raciniser d'abord donnait « don » au mot accentué et « donne » au mot tapé
sans accents : l'un ne trouvait pas l'autre.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer  # en C (PyStemmer) quand il est installé : mêmes racines, 20 fois plus vite

_RACINISEUR = snowballstemmer.stemmer("french")
_MOT = re.compile(r"[0-9a-zà-öø-ÿœæ]+", re.IGNORECASE)

# Mots outils du français, sans accents ; ils ne portent pas le sens d'une recherche.
MOTS_VIDES = frozenset(
    [
        "a",
        "ai",
        "aie",
        "ainsi",
        "alors",
        "au",
        "aucun",
        "aucune",
        "aupres",
        "auquel",
        "aura",
        "aurai",
        "auront",
        "aussi",
        "autre",
        "autres",
        "aux",
        "avec",
        "avez",
        "avoir",
        "avons",
        "c",
        "ca",
        "car",
        "ce",
        "ceci",
        "cela",
        "celle",
        "celles",
        "celui",
        "ces",
        "cet",
        "cette",
        "chaque",
        "chez",
        "ci",
        "comme",
        "comment",
        "d",
        "dans",
        "de",
        "des",
        "deja",
        "depuis",
        "dont",
        "du",
        "elle",
        "elles",
        "en",
        "encore",
        "entre",
        "es",
        "est",
        "et",
        "etaient",
        "etait",
        "ete",
        "etes",
        "etre",
        "eu",
        "eux",
        "fait",
        "faire",
        "fais",
        "font",
        "hors",
        "il",
        "ils",
        "j",
        "je",
        "jusqu",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "m",
        "ma",
        "mais",
        "me",
        "meme",
        "memes",
        "mes",
        "moi",
        "mon",
        "n",
        "ne",
        "ni",
        "nos",
        "notre",
        "nous",
        "on",
        "ont",
        "ou",
        "par",
        "parce",
        "pas",
        "peu",
        "peut",
        "peuvent",
        "plus",
        "pour",
        "pourquoi",
        "qu",
        "quand",
        "que",
        "quel",
        "quelle",
        "quelles",
        "quels",
        "qui",
        "quoi",
        "s",
        "sa",
        "sans",
        "se",
        "ses",
        "si",
        "sien",
        "soi",
        "soit",
        "son",
        "sont",
        "sous",
        "sur",
        "t",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tous",
        "tout",
        "toute",
        "toutes",
        "tres",
        "tu",
        "un",
        "une",
        "unes",
        "uns",
        "vers",
        "via",
        "voici",
        "voila",
        "vos",
        "votre",
        "vous",
        "y",
    ]
)


def sans_accents(texte: str) -> str:
    if texte.isascii():  # le cas courant, sans rien à décomposer
        return texte
    decompose = unicodedata.normalize("NFKD", texte)
    return "".join(c for c in decompose if not unicodedata.combining(c)).replace("œ", "oe").replace("æ", "ae")


def composer(texte: str) -> str:
    """Le texte en forme composée (NFC) : un accent saisi en caractère combinant (« e » + « ́ », copié d'un PDF par
    exemple) redevient une lettre accentuée, au lieu de couper le mot en deux."""
    return texte if texte.isascii() else unicodedata.normalize("NFC", texte)


def mots(texte: str) -> list[str]:
    """Les mots d'un texte, en minuscules, accents conservés, apostrophes et tirets comme séparateurs."""
    return _MOT.findall(composer(texte).lower())


@lru_cache(maxsize=65536)
def racine(mot: str) -> str:
    """Racine sans accents d'un mot en minuscules, la même quels que soient ses accents : « factures » → « factur »,
    « écoles » et « ecoles » → « ecol », « données », « donnees » et « donnèes » → « donne »."""
    return _RACINISEUR.stemWord(sans_accents(mot))


def est_mot_vide(mot: str) -> bool:
    return sans_accents(mot) in MOTS_VIDES


def racines(texte: str) -> list[str]:
    """Racines des mots porteurs de sens, dans l'ordre du texte (doublons conservés)."""
    return [racine(m) for m in mots(texte) if not est_mot_vide(m)]


def texte_racinise(texte: str) -> str:
    return " ".join(racines(texte))


def forme_normale(mot: str) -> str:
    """Forme de comparaison d'un mot pour la correction des fautes de frappe : minuscules, sans accents."""
    return sans_accents(mot.lower())


# Lettres que la décomposition Unicode ne ramène pas à l'ASCII : slugify les perdrait (« Œil » → « il »).
_LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "Oe",
        "æ": "ae",
        "Æ": "Ae",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
        "ı": "i",
    }  # fmt: skip
)


def slug_translittere(texte: str) -> str:
    """Un identifiant d'adresse sans lettre perdue : « Œil qualité » → « oeil-qualite »."""
    from django.utils.text import slugify

    return slugify(texte.translate(_LIGATURES))


def identifiant(valeur):
    """Un identifiant entier positif reçu d'un formulaire (« 12 »), ou None s'il n'en est pas un (« abc », « -1 »)."""
    valeur = str(valeur or "").strip()
    return int(valeur) if valeur.isascii() and valeur.isdigit() and len(valeur) <= 18 else None


def un_texte_json(valeur, predicat) -> bool:
    """Vrai si une clé ou une valeur texte d'un JSON décodé (objets et listes imbriqués) vérifie le prédicat."""
    if isinstance(valeur, str):
        return predicat(valeur)
    if isinstance(valeur, dict):
        return any(un_texte_json(k, predicat) or un_texte_json(v, predicat) for k, v in valeur.items())
    if isinstance(valeur, list):
        return any(un_texte_json(v, predicat) for v in valeur)
    return False


def euros(montant):
    """« 16 000 € » : milliers séparés par une espace fine insécable, comme dans les pages."""
    return f"{montant:,} €".replace(",", "\u202f")
