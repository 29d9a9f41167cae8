"""Le résumé du parcours d'un projet, gardé sur Projet : la première entrée en POC, la première mise en production et,
pour chaque étape mesurée, les jours passés à ses passages terminés (vide tant qu'un passage est en cours ou si le
projet n'y est jamais passé). Les chiffres de la sortie du POC (statistiques.py) le lisent au lieu de réagréger
tout l'historique à chaque calcul.

Il se déduit des seuls changements d'étape (ChangementEtape) et de la date de création : chaque écriture d'un
changement (save, delete, bulk_create du modèle) le recalcule pour son projet, dans la même transaction ; la
migration 0003 l'a calculé pour les projets existants. Les règles sont celles de statistiques.py : un projet passé
deux fois par la même étape compte la somme de ses passages ; l'idée commence à la création du projet."""

from collections import defaultdict

from django.utils import timezone

from osezia.projets.enums import Etape, MotifArret
from osezia.utils import dates

# Les étapes dont on mesure la durée, et le champ de Projet qui la garde.
CHAMPS_DUREES = {
    Etape.IDEE: "jours_idee",
    Etape.CADRAGE: "jours_cadrage",
    Etape.POC: "jours_poc",
    Etape.PILOTE: "jours_pilote",
    Etape.EN_PAUSE: "jours_en_pause",
}
CHAMPS = (
    "entre_en_poc_le",
    "en_production_le",
    "jour_entree_poc",
    "mois_avant_production",
    "motif_abandon",
    *CHAMPS_DUREES.values(),
)
LOT = 500


def _jours(instant):
    return instant.timestamp() / 86400


def resumer(cree, changements_motives):
    """{champ: valeur} du résumé, pour un projet créé le `cree` et ses changements [(de, vers, le, motif)] dans
    l'ordre où ils ont eu lieu."""
    changements = [(de, vers, le) for de, vers, le, _ in changements_motives]
    abandons = [motif for _, vers, _, motif in changements_motives if vers == Etape.ABANDONNE]
    valeurs = {
        # Le motif du dernier abandon, gardé tant que le projet reste abandonné (les cohortes le comptent).
        "motif_abandon": (abandons[-1] or MotifArret.AUTRE)
        if changements and changements[-1][1] == Etape.ABANDONNE
        else "",
        "entre_en_poc_le": min((le for _, vers, le in changements if vers == Etape.POC), default=None),
        "en_production_le": min((le for _, vers, le in changements if vers == Etape.PRODUCTION), default=None),
    }
    # Les jours au fuseau du site, et « en production dans les N mois » : ce que les cohortes comptent en SQL.
    poc, production = valeurs["entre_en_poc_le"], valeurs["en_production_le"]
    jour_poc = timezone.localtime(poc).date() if poc else None
    valeurs["jour_entree_poc"] = jour_poc
    valeurs["mois_avant_production"] = (
        dates.mois_ecoules(jour_poc, timezone.localtime(production).date()) if jour_poc and production else None
    )
    for etape, champ in CHAMPS_DUREES.items():
        entrees = [le for _, vers, le in changements if vers == etape] + ([cree] if etape == Etape.IDEE else [])
        sorties = [le for de, _, le in changements if de == etape]
        # Autant de sorties que d'entrées : aucun passage en cours, la somme des passages est une durée finie.
        if sorties and len(sorties) == len(entrees):
            valeurs[champ] = max(0.0, sum(map(_jours, sorties)) - sum(map(_jours, entrees)))
        else:
            valeurs[champ] = None
    return valeurs


def recalculer(projet_ids, *, changement_modele=None, projet_modele=None, champs=CHAMPS):
    """Recalcule et enregistre le résumé de ces projets (deux lectures et une écriture par lot de LOT projets).
    Renvoie {pk: {champ: valeur}}. Les modèles et les champs qu'ils ont sont passés par les migrations (modèles
    historiques)."""
    from osezia.projets.models import ChangementEtape, Projet

    changement_modele = changement_modele or ChangementEtape
    projet_modele = projet_modele or Projet
    ids = sorted({pk for pk in projet_ids if pk is not None})
    resultat = {}
    for debut in range(0, len(ids), LOT):
        lot = ids[debut : debut + LOT]
        historiques = defaultdict(list)
        for projet_id, de, vers, le, motif in (
            changement_modele.objects.filter(projet_id__in=lot)
            .order_by("le", "pk")
            .values_list("projet_id", "de", "vers", "le", "motif")
        ):
            historiques[projet_id].append((de, vers, le, motif))
        projets = list(projet_modele.objects.filter(pk__in=lot).only("pk", "cree_le"))
        for projet in projets:
            valeurs = resumer(projet.cree_le, historiques[projet.pk])
            for champ in champs:
                setattr(projet, champ, valeurs[champ])
            resultat[projet.pk] = valeurs
        projet_modele.objects.bulk_update(projets, champs, batch_size=100)
    return resultat
