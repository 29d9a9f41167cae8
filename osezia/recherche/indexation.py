"""Tenue à jour de l'index de recherche : une ligne DocumentRecherche par cas d'usage publié et par solution publiée."""

import threading
from contextlib import contextmanager
from uuid import uuid4

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from osezia.cas_usage.models import CasUsage
from osezia.catalogue.models import Solution
from osezia.labels.enums import StatutLabel
from osezia.recherche.cartes import carte_cas_usage, carte_solution
from osezia.recherche.enums import TypeDocument
from osezia.recherche.facettes import TOUS_SECTEURS, jeton
from osezia.recherche.models import DocumentRecherche, EtatIndex, MotLexique
from osezia.utils.texte import est_mot_vide, forme_normale, mots, racine, texte_racinise

_differe = threading.local()


def _joindre(*morceaux):
    return "\n".join(str(m) for m in morceaux if m)


def _secteurs(divisions):
    """Jetons de secteur d'une liste de (division, section) ; aucune division = tous secteurs."""
    if not divisions:
        return [TOUS_SECTEURS]
    jetons = set()
    for division, section in divisions:
        jetons.add(jeton("secteur", division))
        jetons.add(jeton("secteur", section))
    return sorted(jetons)


def champs_cas_usage(cas):
    divisions = [(p.division_id, p.division.section_id) for p in cas.pertinences.all()]
    facettes = [jeton("type", TypeDocument.CAS_USAGE), jeton("fonction", cas.fonction_id)]
    facettes += _secteurs(divisions)
    if cas.transversal and TOUS_SECTEURS not in facettes:
        facettes.append(TOUS_SECTEURS)
    return {
        "titre": cas.titre,
        "mots_cles": " ; ".join(cas.mots_cles),
        "texte": _joindre(cas.resume, cas.ce_que_ca_fait, cas.exemple, " ".join(cas.benefices), cas.fonction.nom),
        "facettes": " ".join(facettes),
        "carte": carte_cas_usage(cas),
        "completude": 100,
    }


# Ce que le document d'une solution recopie : ses cas d'usage, ses secteurs, ses labels et leurs régimes.
PRECHARGER_SOLUTION = ("cas_usage", "secteurs", "labels_accordes__regime")


def champs_solution(solution):
    cas_usage = list(solution.cas_usage.all())
    divisions = [(s.code, s.section_id) for s in solution.secteurs.all()]
    facettes = [jeton("type", TypeDocument.SOLUTION)]
    facettes += sorted({jeton("fonction", c.fonction_id) for c in cas_usage})
    facettes += sorted(jeton("cas", c.slug) for c in cas_usage)
    facettes += _secteurs(divisions)
    facettes += [jeton("taille", t) for t in solution.tailles_cibles]
    facettes += [jeton("prix", solution.tranche_prix), jeton("hebergement", solution.hebergement)]
    facettes += [jeton("certification", c) for c in solution.certifications]
    labels = labels_valides(solution)
    facettes += sorted({jeton("label", label.regime.code) for label in labels})
    return {
        "titre": solution.nom,
        "mots_cles": " ; ".join(
            [c.titre for c in cas_usage] + ([solution.fournisseur.nom] if solution.fournisseur else [])
        ),
        "texte": _joindre(solution.description_courte, solution.description),
        "facettes": " ".join(facettes),
        "carte": carte_solution(solution, cas_usage, labels),
        "completude": solution.completude.score,
    }


def labels_valides(solution):
    """Les labels valides qui couvrent la solution (préchargés par `PRECHARGER_SOLUTION`)."""
    return [label for label in solution.labels_accordes.all() if label.statut == StatutLabel.VALIDE]


def completer_racines(champs):
    """Les colonnes racinisées ne servent qu'à la table FTS5 de SQLite."""
    if connection.vendor == "sqlite":
        champs["racines_titre"] = texte_racinise(champs["titre"])
        champs["racines_mots_cles"] = texte_racinise(champs["mots_cles"])
        champs["racines_texte"] = texte_racinise(champs["texte"])
    return champs


def mots_du_lexique(*textes):
    return {
        forme_normale(m)
        for texte in textes
        for m in mots(texte)
        if len(m) >= 3 and len(m) <= 60 and not est_mot_vide(m)
    }


def _mot_lexique(forme, frequence=1):
    return MotLexique(mot=forme, racine=racine(forme), frequence=frequence)


def enrichir_lexique(formes):
    MotLexique.objects.bulk_create([_mot_lexique(f) for f in formes], ignore_conflicts=True)


def _ecrire(type_document, objet_id, champs):
    champs = completer_racines(champs)
    DocumentRecherche.objects.update_or_create(type=type_document, objet_id=objet_id, defaults=champs)
    enrichir_lexique(mots_du_lexique(champs["titre"], champs["mots_cles"], champs["texte"]))


def indexer_cas_usage(cas_id):
    cas = (
        CasUsage.objects.select_related("fonction")
        .prefetch_related("pertinences__division")
        .filter(pk=cas_id, est_publie=True)
        .first()
    )
    if cas is None:
        DocumentRecherche.objects.filter(type=TypeDocument.CAS_USAGE, objet_id=cas_id).delete()
        return
    _ecrire(TypeDocument.CAS_USAGE, cas.pk, champs_cas_usage(cas))


def indexer_solution(solution_id):
    solution = (
        Solution.objects.publiees()
        .select_related("fournisseur__region")
        .prefetch_related(*PRECHARGER_SOLUTION)
        .filter(pk=solution_id)
        .first()
    )
    if solution is None:
        DocumentRecherche.objects.filter(type=TypeDocument.SOLUTION, objet_id=solution_id).delete()
        return
    _ecrire(TypeDocument.SOLUTION, solution.pk, champs_solution(solution))


INDEXEURS = {TypeDocument.CAS_USAGE: indexer_cas_usage, TypeDocument.SOLUTION: indexer_solution}


def signaler_modification():
    """Change le jeton de l'index, dans la transaction de l'écriture : les résultats gardés en cache sous l'ancien
    jeton (services.rechercher) ne servent plus, dans aucun processus."""
    nouveau = uuid4().hex
    if not EtatIndex.objects.filter(pk=1).update(jeton=nouveau, modifie_le=timezone.now()):
        EtatIndex.objects.create(pk=1, jeton=nouveau)


def programmer_plusieurs(type_document, objet_ids):
    """Comme `programmer`, pour plusieurs fiches d'un type : une réindexation groupée."""
    objet_ids = list(objet_ids)
    en_attente = getattr(_differe, "en_attente", None)
    if en_attente is not None:
        en_attente.update((type_document, i) for i in objet_ids)
    elif objet_ids:
        cle = "cas_usage_ids" if type_document == TypeDocument.CAS_USAGE else "solution_ids"
        reindexer(**{cle: objet_ids})


def completer_les_cartes():
    """Réindexe les documents écrits avant que l'index garde les cartes (migration recherche 0003) ou, pour les
    solutions, leur complétude (migration 0006)."""
    sans_carte = DocumentRecherche.objects.filter(
        Q(carte__isnull=True) | (Q(type=TypeDocument.SOLUTION) & ~Q(carte__has_key="completude"))
    ).values_list("type", "objet_id")
    ids = {TypeDocument.CAS_USAGE: [], TypeDocument.SOLUTION: []}
    for type_document, objet_id in sans_carte:
        ids[type_document].append(objet_id)
    if ids[TypeDocument.CAS_USAGE] or ids[TypeDocument.SOLUTION]:
        reindexer(cas_usage_ids=ids[TypeDocument.CAS_USAGE], solution_ids=ids[TypeDocument.SOLUTION])
    return len(ids[TypeDocument.CAS_USAGE]) + len(ids[TypeDocument.SOLUTION])


def programmer(type_document, objet_id):
    """Indexe tout de suite, dans la transaction en cours (l'index est validé ou annulé avec la donnée),
    ou à la fin du bloc `indexation_differee` pendant un chargement en masse."""
    en_attente = getattr(_differe, "en_attente", None)
    if en_attente is not None:
        en_attente.add((type_document, objet_id))
        return
    INDEXEURS[type_document](objet_id)
    signaler_modification()


@contextmanager
def indexation_differee():
    """Pendant un chargement en masse : une réindexation groupée à la fin plutôt qu'une par enregistrement."""
    if getattr(_differe, "en_attente", None) is not None:
        yield
        return
    _differe.en_attente = set()
    try:
        yield
        en_attente = _differe.en_attente
    finally:
        _differe.en_attente = None
    reindexer(
        cas_usage_ids=[i for t, i in en_attente if t == TypeDocument.CAS_USAGE],
        solution_ids=[i for t, i in en_attente if t == TypeDocument.SOLUTION],
    )


def _documents(type_document, objets, fabrique):
    return [DocumentRecherche(type=type_document, objet_id=o.pk, **completer_racines(fabrique(o))) for o in objets]


@transaction.atomic
def reindexer(*, cas_usage_ids=None, solution_ids=None, tout=False, taille_lot=2000):
    """Réécrit les documents demandés (ou tous) en lots ; renvoie le nombre de documents écrits."""
    ecrits = 0
    lots = []
    if tout:
        DocumentRecherche.objects.all().delete()
        MotLexique.objects.all().delete()
    for type_document, ids, requete, fabrique in (
        (
            TypeDocument.CAS_USAGE,
            cas_usage_ids,
            CasUsage.objects.publies().select_related("fonction").prefetch_related("pertinences__division"),
            champs_cas_usage,
        ),
        (
            TypeDocument.SOLUTION,
            solution_ids,
            Solution.objects.publiees().select_related("fournisseur__region").prefetch_related(*PRECHARGER_SOLUTION),
            champs_solution,
        ),
    ):
        if not tout:
            if not ids:
                continue
            DocumentRecherche.objects.filter(type=type_document, objet_id__in=ids).delete()
            requete = requete.filter(pk__in=ids)
        lots.append((type_document, requete.order_by("pk"), fabrique))

    frequences = {}
    for type_document, requete, fabrique in lots:
        dernier = 0
        while True:
            objets = list(requete.filter(pk__gt=dernier)[:taille_lot])
            if not objets:
                break
            documents = _documents(type_document, objets, fabrique)
            DocumentRecherche.objects.bulk_create(documents, batch_size=500)
            for d in documents:
                for forme in mots_du_lexique(d.titre, d.mots_cles, d.texte):
                    frequences[forme] = frequences.get(forme, 0) + 1
            ecrits += len(documents)
            dernier = objets[-1].pk
    if tout:
        MotLexique.objects.bulk_create([_mot_lexique(m, f) for m, f in frequences.items()], batch_size=2000)
    else:
        enrichir_lexique(frequences)
    signaler_modification()
    return ecrits
