"""Les sources d'un fait, sous un schéma commun à tous les contenus (dispositifs de financement, cas d'usage).

Une source dit si le document a vraiment été lu :
- `lu` : le document a été lu ; `document` nomme le fichier (un document du plan, `seeds/…`, ou un fichier du dépôt) ;
- `a_confirmer` : cité de mémoire ou d'après un tiers, sans avoir été relu ; le fait reste à confirmer.

Pas d'adresse web ni de « date de vérification » : une adresse que personne n'a ouverte ne prouve rien.
"""

import datetime
import re
from pathlib import Path

from django.conf import settings

LU = "lu"
A_CONFIRMER = "a_confirmer"
STATUTS = (LU, A_CONFIRMER)
CLES = ("titre", "statut", "document", "passage", "date", "note")
DOCUMENT_DU_PLAN = re.compile(r"^seeds/[0-9]{3}_[0-9a-f]{16}\.txt$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _date_valide(texte):
    correspondance = DATE.match(texte)
    if not correspondance:
        return False
    annee, mois, jour = correspondance.groups()
    try:
        datetime.date(int(annee), int(mois or 1), int(jour or 1))
    except ValueError:
        return False
    return True


def _document_du_depot(chemin):
    """Un chemin relatif du dépôt qui existe (jamais hors du dépôt)."""
    racine = Path(settings.BASE_DIR).resolve()
    cible = (racine / chemin).resolve()
    return not Path(chemin).is_absolute() and cible.is_relative_to(racine) and cible.is_file()


def erreurs_source(source, *, ou):
    """Les erreurs (en français, avec leur emplacement) d'une source ; liste vide si elle est valide."""
    if not isinstance(source, dict):
        return [f"{ou} : une source est un objet {{titre, statut, document, passage, date, note}}"]
    erreurs = []
    inconnues = sorted(set(source) - set(CLES))
    if inconnues:
        erreurs.append(
            f"{ou} : clé(s) de source inconnue(s) {', '.join(inconnues)} (clés possibles : {', '.join(CLES)} ; "
            "pas d'adresse web ni de date de vérification)"
        )
    if isinstance(source.get("date"), datetime.date):  # une date YAML écrite sans guillemets
        source = {**source, "date": source["date"].isoformat()}
    for cle in CLES:
        if cle in source and source[cle] is not None and not isinstance(source[cle], str):
            erreurs.append(f"{ou} : « {cle} » doit être un texte")
    if erreurs:
        return erreurs
    titre = (source.get("titre") or "").strip()
    statut = source.get("statut")
    document = (source.get("document") or "").strip()
    if not titre:
        erreurs.append(f"{ou} : source sans titre")
    if statut not in STATUTS:
        erreurs.append(f"{ou} : statut de source {statut!r} inconnu (lu ou a_confirmer)")
    elif statut == LU and not document:
        erreurs.append(f"{ou} : une source « lu » nomme le document lu (seeds/… ou chemin du dépôt)")
    elif statut == LU and not (DOCUMENT_DU_PLAN.match(document) or _document_du_depot(document)):
        erreurs.append(
            f"{ou} : document {document!r} introuvable (attendu : seeds/NNN_xxxxxxxxxxxxxxxx.txt "
            "ou un fichier du dépôt)"
        )
    elif statut == A_CONFIRMER and document:
        erreurs.append(f"{ou} : une source « a_confirmer » n'a pas été lue : pas de « document »")
    date = (source.get("date") or "").strip()
    if date and not _date_valide(date):
        erreurs.append(f"{ou} : date {date!r} invalide (AAAA-MM-JJ, AAAA-MM ou AAAA)")
    return erreurs


def erreurs_sources(sources, *, ou, obligatoire=True):
    """Les erreurs d'une liste de sources ; `obligatoire` : il en faut au moins une."""
    if sources is None or sources == []:
        return [f"{ou} : aucune source (chaque fait dit d'où il vient)"] if obligatoire else []
    if not isinstance(sources, list):
        return [f"{ou} : « sources » est une liste"]
    erreurs = []
    for rang, source in enumerate(sources, 1):
        erreurs += erreurs_source(source, ou=f"{ou}, source {rang}")
    return erreurs


def normaliser(sources):
    """Sources avec toutes leurs clés (texte vide si absente) et les espaces repliés, pour les gabarits et l'API."""
    return [
        {
            cle: v.isoformat() if isinstance(v := source.get(cle), datetime.date) else " ".join(str(v or "").split())
            for cle in CLES
        }
        for source in sources or []
    ]


def est_confirme(sources):
    """Un fait est confirmé quand au moins une de ses sources a été lue."""
    return any(source.get("statut") == LU for source in sources or [])
