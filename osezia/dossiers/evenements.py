"""Les dossiers dans la chronologie de leur projet : un événement par création et par changement d'état, écrit par
`services` dans la même transaction (la chronologie reste une seule requête sur EvenementProjet).

Le texte ne reprend que ce que l'entreprise lit déjà sur la page du dossier (état, montants, motivation, message de
complément) : la chronologie est vue par l'entreprise, son conseiller (partage consenti) et les pilotes. Jamais une
annotation privée de l'instruction."""

from django.utils import formats

from osezia.dossiers.enums import Etat
from osezia.projets.enums import TypeEvenement
from osezia.projets.services import noter
from osezia.utils.texte import euros

LONGUEUR = 500


def _extrait(texte, place):
    texte = " ".join(texte.split())
    return texte if len(texte) <= place else texte[: place - 1].rstrip() + "…"


def type_changement(de, vers):
    if vers == Etat.DEPOSE:
        return TypeEvenement.DOSSIER_REDEPOSE if de == Etat.COMPLEMENT_DEMANDE else TypeEvenement.DOSSIER_DEPOSE
    if vers == Etat.EN_INSTRUCTION:
        return TypeEvenement.DOSSIER_INSTRUCTION
    if vers == Etat.COMPLEMENT_DEMANDE:
        return TypeEvenement.DOSSIER_COMPLEMENT
    if vers in (Etat.VERSE_PARTIELLEMENT, Etat.VERSE):
        return TypeEvenement.DOSSIER_VERSEMENT
    return TypeEvenement.DOSSIER_DECISION


def _phrase(dossier, de, vers, texte, montant, date):
    nom = f"Dossier « {dossier.dispositif.nom} »"
    if vers == Etat.DEPOSE and de == Etat.COMPLEMENT_DEMANDE:
        return f"{nom} complété et déposé de nouveau.", ""
    if vers == Etat.DEPOSE:
        demande = f" : {euros(dossier.montant_demande)} demandés" if dossier.montant_demande else ""
        return f"{nom} déposé{demande}.", ""
    if vers == Etat.EN_INSTRUCTION:
        return f"{nom} en instruction.", ""
    if vers == Etat.COMPLEMENT_DEMANDE:
        return f"{nom} : complément demandé par l'instruction.", f" « {texte} »"
    if vers == Etat.ACCORDE:
        return f"{nom} accordé : {euros(montant)}.", f" Motivation : « {texte} »" if texte else ""
    if vers in (Etat.REFUSE, Etat.SANS_SUITE):
        return f"{nom} {'refusé' if vers == Etat.REFUSE else 'classé sans suite'}.", f" Motivation : « {texte} »"
    quand = formats.date_format(date, "j F Y")
    total = f" Total versé : {euros(dossier.total_verse)} sur {euros(dossier.montant_accorde)}."
    return f"{nom} : versement de {euros(montant)} le {quand}.{total}", ""


def texte_changement(dossier, de, vers, *, texte="", montant=None, date=None):
    """La phrase de la chronologie, tenue en 500 caractères : la motivation ou le message est abrégé s'il le faut
    (en entier sur la page du dossier)."""
    debut, suite = _phrase(dossier, de, vers, texte, montant, date)
    if not suite:
        return debut[:LONGUEUR]
    guillemets = suite.index("« ") + 2
    place = LONGUEUR - len(debut) - guillemets - 2
    return debut + suite[:guillemets] + _extrait(texte, place) + " »"


def texte_creation(dossier):
    return f"Dossier de financement « {dossier.dispositif.nom} » commencé (brouillon)."[:LONGUEUR]


def noter_creation(dossier, *, par):
    return noter(
        projet=dossier.projet,
        type=TypeEvenement.DOSSIER_CREE,
        acteur=par,
        texte=texte_creation(dossier),
        dossier=dossier,
        le=dossier.cree_le,
    )


def noter_changement(dossier, de, vers, *, par, texte="", montant=None, date=None, le=None):
    return noter(
        projet=dossier.projet,
        type=type_changement(de, vers),
        acteur=par,
        texte=texte_changement(dossier, de, vers, texte=texte, montant=montant, date=date),
        dossier=dossier,
        le=le,
    )
