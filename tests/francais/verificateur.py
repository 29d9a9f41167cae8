"""Contrôle du français que lit l'utilisateur : texte visible des pages et du PDF, règles du projet, Grammalecte.

Grammalecte (GPL-3) vient du paquet Debian libreoffice-grammalecte, déballé par `make grammalecte` ;
les exceptions acceptées, chacune avec sa raison, sont dans `exceptions.yaml`.
"""

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from osezia.cas_usage.enums import Effort, SensibiliteRGPD

FICHIER_EXCEPTIONS = Path(__file__).resolve().parent / "exceptions.yaml"


@dataclass(frozen=True)
class Faute:
    page: str
    paragraphe: str
    debut: int
    fin: int
    regle: str
    message: str
    suggestions: tuple[str, ...] = ()

    @property
    def extrait(self):
        return self.paragraphe[self.debut : self.fin]

    @property
    def phrase(self):
        """La phrase qui contient la faute (bornée à 200 caractères), la faute entre ⟦ ⟧."""
        point = self.paragraphe.rfind(". ", 0, self.debut)
        debut = max(point + 2 if point >= 0 else 0, self.debut - 100)
        fin = self.paragraphe.find(". ", self.fin)
        fin = min(len(self.paragraphe) if fin < 0 else fin + 1, self.fin + 100)
        p = self.paragraphe
        return f"{p[debut : self.debut]}⟦{p[self.debut : self.fin]}⟧{p[self.fin : fin]}".strip()

    def __str__(self):
        suggestion = f" → {' / '.join(self.suggestions[:3])}" if self.suggestions else ""
        return f"{self.page}\n    « {self.phrase} »\n    [{self.regle}] {self.message}{suggestion}"


# --- Texte visible ---------------------------------------------------------------------------------------------

# Éléments affichés en bloc : chacun coupe le paragraphe (SVG du radar compris : text, tspan).
_BLOCS = {
    *("address", "article", "aside", "blockquote", "body", "br", "button", "caption", "dd", "details", "dialog"),
    *("div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"),
    *("header", "hr", "label", "legend", "li", "main", "nav", "ol", "optgroup", "option", "p", "pre", "section"),
    *("select", "summary", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "title", "tr", "ul"),
    *("text", "tspan"),
}
# Les `<span>` que le DSFR affiche en bloc, sur leur propre ligne (étape d'un indicateur, texte d'aide d'un champ).
_CLASSES_EN_BLOC = frozenset({"fr-stepper__state", "fr-hint-text"})
_INVISIBLES = {"script", "style"}
# Identifiants techniques montrés tels quels (paramètres d'API, en-têtes) : pas de la prose. Le mot « code » les
# remplace pour que la phrase autour reste une phrase.
_TECHNIQUES = {"code", "kbd", "samp"}
_ATTRIBUTS_LUS = ("alt", "title", "placeholder", "aria-label")
_VIDES = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TexteVisible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphes = []
        self._courant = []
        self._ignorer = []
        self._spans = []

    def _couper(self):
        texte = " ".join("".join(self._courant).split())
        if texte:
            self.paragraphes.append(texte)
        self._courant = []

    def handle_starttag(self, balise, attributs):
        if balise in _TECHNIQUES and not self._ignorer:
            self._courant.append(" code")
        if balise in _INVISIBLES or balise in _TECHNIQUES:
            if balise not in _VIDES:
                self._ignorer.append(balise)
            return
        valeurs = dict(attributs)
        if balise == "span":
            en_bloc = not _CLASSES_EN_BLOC.isdisjoint((valeurs.get("class") or "").split())
            self._spans.append(en_bloc)
            if en_bloc:
                self._couper()
        if balise in _BLOCS:
            self._couper()
        if self._ignorer:
            return
        lus = [valeurs[nom] for nom in _ATTRIBUTS_LUS if valeurs.get(nom)]
        if balise == "input" and valeurs.get("type") in ("submit", "button") and valeurs.get("value"):
            lus.append(valeurs["value"])
        for texte in lus:
            texte = " ".join(texte.split())
            if texte:
                self.paragraphes.append(texte)

    def handle_startendtag(self, balise, attributs):
        self.handle_starttag(balise, attributs)
        if balise in _BLOCS:
            self._couper()

    def handle_endtag(self, balise):
        if self._ignorer and self._ignorer[-1] == balise:
            self._ignorer.pop()
            return
        if balise == "span" and self._spans and self._spans.pop():
            self._couper()
        if balise in _BLOCS:
            self._couper()

    def handle_data(self, donnees):
        if not self._ignorer:
            self._courant.append(donnees)

    def close(self):
        super().close()
        self._couper()


def texte_html(html):
    """Les paragraphes que voit (ou qu'entend, par les attributs lus) l'utilisateur, espaces comme à l'écran."""
    lecteur = _TexteVisible()
    lecteur.feed(html)
    lecteur.close()
    return lecteur.paragraphes


_FIN_DE_PHRASE = re.compile(r"[.!?:…»)]$")


def texte_pdf(contenu_pdf):
    """Texte du PDF par pdftotext (poppler), lignes recollées en paragraphes : une ligne qui commence par une
    minuscule, ou qui suit une citation encore ouverte (« …), continue la précédente, même d'une page à la suivante ;
    sinon elle en ouvre un nouveau (titres, éléments de liste). Les lignes répétées sur chaque page (pied de page,
    numéro de page) sont ôtées."""
    sortie = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=contenu_pdf, capture_output=True, check=True
    ).stdout.decode()
    pages = [[" ".join(ligne.split()) for ligne in page.splitlines()] for page in sortie.split("\f") if page.strip()]
    repetees = set()
    if len(pages) > 1:
        repetees = set.intersection(*({ligne for ligne in page if ligne} for page in pages))
    paragraphes, courant = [], ""
    for page in pages:
        lignes = [ligne for ligne in page if ligne not in repetees and not _NUMERO_DE_PAGE.fullmatch(ligne)]
        while lignes and not lignes[-1]:
            lignes.pop()  # la page finit : le paragraphe continue peut-être sur la suivante
        while lignes and not lignes[0]:
            lignes.pop(0)
        for ligne in lignes:
            if not ligne:
                if courant:
                    paragraphes.append(courant)
                courant = ""
            elif courant and (
                ligne[0].islower()
                or courant.count("«") > courant.count("»")
                or not _FIN_DE_PHRASE.search(courant)
                and ligne[0] in ",;:(«»"
            ):
                courant = f"{courant} {ligne}"
            else:
                if courant:
                    paragraphes.append(courant)
                courant = ligne
    if courant:
        paragraphes.append(courant)
    return paragraphes


_NUMERO_DE_PAGE = re.compile(r"(?:Page )?\d+ / \d+")


def pdftotext_disponible():
    return shutil.which("pdftotext") is not None


# --- Règles du projet ------------------------------------------------------------------------------------------

# « nous nous inscrivons », « vous vous connectez » : verbes pronominaux, le mot doublé est correct.
_DOUBLONS_CORRECTS = frozenset({"nous", "vous"})
_DOUBLON = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)

# Adresses et domaines : « francenum.gouv.fr », « https://…/ia/ », le site « actu.ia » ne sont pas de la prose.
_ADRESSE = re.compile(r"\S*(?:://|www\.|@)\S*|\b[\w-]+(?:\.[\w-]+)*\.(?:fr|eu|com|org|net|io|pro|ia)\b\S*")
_MAJUSCULES = {
    "France": re.compile(r"\bfrance\b"),
    "IA": re.compile(r"\b(?:ia|Ia|iA)\b"),
    "CCI": re.compile(r"\b(?:cci|Cci)\b"),
    "RGPD": re.compile(r"\b(?:rgpd|Rgpd)\b"),
    "UE": re.compile(r"(?<=\()(?:ue|Ue)(?=\))|\b(?:ue|Ue)\b(?= \d{4}/)"),
    "AI Act": re.compile(r"\b(?:ai act|Ai Act|AI act|ai Act)\b"),
}
_ANGLAIS_UE = (
    (re.compile(r"\bRegulation\b"), "règlement"),
    (re.compile(r"\((?:EU|E\.U\.)\)|\bEU\b"), "(UE)"),
    (re.compile(r"\bEuropean Union\b"), "Union européenne"),
)
# Libellés de codes du référentiel employés après leur nom dans une phrase : « effort moyen », « sensibilité forte ».
_NOMS_DES_CODES = {Effort: "effort", SensibiliteRGPD: "sensibilité"}


def _ordre_adjectifs():
    motifs = []
    for codes, nom in _NOMS_DES_CODES.items():
        for libelle in codes.labels:
            adjectif = libelle.lower()
            motifs.append((re.compile(rf"\b{adjectif}s?\s+{nom}s?\b", re.IGNORECASE), f"{nom} {adjectif}"))
    return motifs


_ORDRE_ADJECTIFS = _ordre_adjectifs()


def _hors_adresses(paragraphe):
    """Le paragraphe où les adresses sont remplacées par des espaces (positions conservées)."""
    return _ADRESSE.sub(lambda m: " " * len(m.group()), paragraphe)


def regles_du_projet(page, paragraphe):
    fautes = []
    prose = _hors_adresses(paragraphe)
    for m in _DOUBLON.finditer(prose):
        if m.group(1).lower() not in _DOUBLONS_CORRECTS and not m.group(1).isdigit():
            fautes.append(Faute(page, paragraphe, m.start(), m.end(), "osezia:doublon", "Mot doublé.", (m.group(1),)))
    for forme, motif in _MAJUSCULES.items():
        for m in motif.finditer(prose):
            fautes.append(
                Faute(page, paragraphe, m.start(), m.end(), "osezia:majuscules", f"S'écrit « {forme} ».", (forme,))
            )
    for motif, francais in _ANGLAIS_UE:
        for m in motif.finditer(prose):
            fautes.append(
                Faute(page, paragraphe, m.start(), m.end(), "osezia:anglais", "En français sur le site.", (francais,))
            )
    for motif, ordre in _ORDRE_ADJECTIFS:
        for m in motif.finditer(prose):
            fautes.append(
                Faute(
                    page,
                    paragraphe,
                    m.start(),
                    m.end(),
                    "osezia:ordre_adjectif",
                    "L'adjectif suit le nom.",
                    (ordre,),
                )
            )
    return fautes


# --- Exceptions acceptées --------------------------------------------------------------------------------------


@dataclass
class Exceptions:
    """Le contenu relu d'`exceptions.yaml` ; chaque entrée compte les fautes qu'elle excuse (pour retirer les
    entrées qui ne servent plus)."""

    options_desactivees: dict = field(default_factory=dict)
    mots: dict = field(default_factory=dict)
    regles: list = field(default_factory=list)
    hors_controle: list = field(default_factory=list)
    usages: dict = field(default_factory=dict)

    @classmethod
    def lire(cls, fichier=FICHIER_EXCEPTIONS):
        donnees = yaml.safe_load(fichier.read_text(encoding="utf-8"))
        inconnues = set(donnees) - {"options_desactivees", "mots", "regles", "hors_controle"}
        if inconnues:
            raise ValueError(f"{fichier.name} : rubriques inconnues {sorted(inconnues)}")
        exceptions = cls()
        for entree in donnees.get("options_desactivees", []):
            exceptions.options_desactivees[_requis(entree, "option")] = _requis(entree, "raison")
        for groupe in donnees.get("mots", []):
            raison = _requis(groupe, "raison")
            for mot in _requis(groupe, "mots"):
                if mot in exceptions.mots:
                    raise ValueError(f"{fichier.name} : « {mot} » figure deux fois")
                exceptions.mots[mot] = raison
        for entree in donnees.get("regles", []):
            exceptions.regles.append(
                (re.compile(_requis(entree, "regle")), re.compile(_requis(entree, "motif")), _requis(entree, "raison"))
            )
        for entree in donnees.get("hors_controle", []):
            exceptions.hors_controle.append((_requis(entree, "quoi"), _requis(entree, "raison")))
        return exceptions

    def excuse(self, faute):
        if faute.regle == "orthographe" and faute.extrait in self.mots:
            self.usages[("mot", faute.extrait)] = self.usages.get(("mot", faute.extrait), 0) + 1
            return True
        for indice, (regle, motif, _) in enumerate(self.regles):
            if regle.search(faute.regle) and motif.search(faute.phrase):
                self.usages[("regle", indice)] = self.usages.get(("regle", indice), 0) + 1
                return True
        return False

    def inutilisees(self):
        mots = [f"mot « {mot} »" for mot in self.mots if ("mot", mot) not in self.usages]
        regles = [
            f"règle {regle.pattern} sur « {motif.pattern} »"
            for indice, (regle, motif, _) in enumerate(self.regles)
            if ("regle", indice) not in self.usages
        ]
        return mots + regles


def _requis(entree, cle):
    valeur = entree.get(cle) if isinstance(entree, dict) else None
    if not valeur:
        raise ValueError(f"{FICHIER_EXCEPTIONS.name} : « {cle} » manque dans {entree!r}")
    return valeur


# --- Grammalecte -----------------------------------------------------------------------------------------------


def dossier_grammalecte(environnement):
    """Là où `make grammalecte` déballe le paquet : dans l'environnement virtuel qui lance les tests."""
    return Path(environnement.get("OSEZIA_GRAMMALECTE") or Path(sys.prefix) / "grammalecte")


class Grammalecte:
    """Le correcteur chargé une fois ; les résultats sont gardés par paragraphe (en-tête et pied de page, listes
    répétées d'une page à l'autre ne sont analysés qu'une fois)."""

    def __init__(self, dossier, options_desactivees):
        if str(dossier) not in sys.path:
            sys.path.insert(0, str(dossier))
        import grammalecte

        self.version = (Path(dossier) / "VERSION").read_text().strip()
        self._correcteur = grammalecte.GrammarChecker("fr")
        self._moteur = self._correcteur.getGCEngine()
        options = self._moteur.getOptions()
        inconnues = set(options_desactivees) - set(options)
        if inconnues:
            raise ValueError(f"Options inconnues de Grammalecte {self.version} : {sorted(inconnues)}")
        self._moteur.setOptions(dict.fromkeys(options_desactivees, False))
        self._orthographe = self._correcteur.getSpellChecker()
        self._memoire = {}

    def analyser(self, paragraphe):
        """(début, fin, règle, message, suggestions) de chaque faute du paragraphe."""
        if paragraphe not in self._memoire:
            grammaire, orthographe = self._correcteur.getParagraphErrors(paragraphe, bSpellSugg=False)
            fautes = [
                (e["nStart"], e["nEnd"], e["sRuleId"], e["sMessage"], tuple(e["aSuggestions"])) for e in grammaire
            ]
            fautes += [(e["nStart"], e["nEnd"], "orthographe", "Mot inconnu du lexique.", ()) for e in orthographe]
            self._memoire[paragraphe] = fautes
        return self._memoire[paragraphe]

    def suggestions(self, mot):
        return tuple(next(self._orthographe.suggest(mot, 3), [])[:3])

    def fautes(self, page, paragraphe):
        resultat = []
        for debut, fin, regle, message, suggestions in self.analyser(paragraphe):
            resultat.append(Faute(page, paragraphe, debut, fin, regle, message, suggestions))
        return resultat


def rapport(fautes, grammalecte=None, limite=150):
    """La liste lisible : page, phrase, règle, suggestion ; les mots inconnus reçoivent leurs suggestions ici
    seulement (les calculer pour chaque paragraphe coûterait cher)."""
    lignes = []
    for faute in fautes[:limite]:
        if grammalecte is not None and faute.regle == "orthographe" and not faute.suggestions:
            faute = Faute(**{**faute.__dict__, "suggestions": grammalecte.suggestions(faute.extrait)})
        lignes.append(str(faute))
    reste = f"\n… et {len(fautes) - limite} autres" if len(fautes) > limite else ""
    return f"{len(fautes)} faute(s) de français :\n" + "\n".join(lignes) + reste
