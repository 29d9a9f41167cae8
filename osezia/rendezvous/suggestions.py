"""Les rendez-vous qu'osezia suggère à un participant, tirés de la mise en relation (relations.appariement) : pour une
entreprise, les fournisseurs inscrits qui répondent à ses besoins et aux recommandations retenues de son dernier
diagnostic ; pour un fournisseur, les entreprises inscrites qui cherchent un cas d'usage que ses solutions couvrent.
Chaque suggestion dit pourquoi ; accepter, c'est demander le rendez-vous (inscriptions.souhaiter), refuser l'écarte
pour de bon (SuggestionEcartee)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from osezia.catalogue.models import Solution
from osezia.diagnostic.enums import StatutDiagnostic
from osezia.diagnostic.models import Diagnostic, Recommandation
from osezia.relations import appariement
from osezia.relations.models import Besoin
from osezia.rendezvous.enums import NatureParticipant
from osezia.rendezvous.inscriptions import _exiger_membre
from osezia.rendezvous.models import Participant, Souhait, SuggestionEcartee

NOMBRE = 8


@dataclass
class Suggestion:
    autre: Participant
    score: float
    pourquoi: list = field(default_factory=list)


def _recommandations_retenues(entreprise_ids):
    """{entreprise : [recommandations retenues de son dernier diagnostic terminé]}, en deux requêtes quel que soit le
    nombre d'entreprises."""
    derniers = {}
    termines = Diagnostic.objects.filter(
        entreprise__in=entreprise_ids, statut__in=[StatutDiagnostic.EN_COURS, StatutDiagnostic.VALIDE]
    )
    for diagnostic_id, entreprise_id in termines.order_by("entreprise", "-numero").values_list("pk", "entreprise_id"):
        derniers.setdefault(entreprise_id, diagnostic_id)  # le plus récent d'abord
    entreprise_du = {diagnostic_id: entreprise_id for entreprise_id, diagnostic_id in derniers.items()}
    resultat = defaultdict(list)
    for recommandation in Recommandation.objects.filter(
        diagnostic__in=list(entreprise_du), retenue=True
    ).select_related("cas_usage"):
        resultat[entreprise_du[recommandation.diagnostic_id]].append(recommandation)
    return resultat


def _besoins_de(entreprise):
    """Ses besoins, puis les recommandations retenues de son dernier diagnostic terminé (un besoin non enregistré,
    décrit par le résumé du cas d'usage) : ce que l'appariement compare aux fournisseurs inscrits."""
    besoins = list(Besoin.objects.filter(entreprise=entreprise).select_related("cas_usage", "region"))
    vus = {b.cas_usage_id for b in besoins}
    for recommandation in _recommandations_retenues([entreprise.pk])[entreprise.pk]:
        if recommandation.cas_usage_id not in vus:
            vus.add(recommandation.cas_usage_id)
            besoins.append(Besoin(entreprise=entreprise, cas_usage=recommandation.cas_usage,
                                  description=recommandation.cas_usage.resume))  # fmt: skip
    return besoins


def _cas_usage_cherches(entreprise_ids):
    """{entreprise : cas d'usage de ses besoins et des recommandations retenues de son dernier diagnostic}, en trois
    requêtes : la page « Qui rencontrer » d'un fournisseur ne fait pas une requête par entreprise inscrite."""
    cherches = defaultdict(set)
    for entreprise_id, cas_usage_id in Besoin.objects.filter(entreprise__in=entreprise_ids).values_list(
        "entreprise_id", "cas_usage_id"
    ):
        cherches[entreprise_id].add(cas_usage_id)
    for entreprise_id, recommandations in _recommandations_retenues(entreprise_ids).items():
        cherches[entreprise_id].update(r.cas_usage_id for r in recommandations)
    return cherches


def _deja(participant):
    """Les participants de l'autre côté déjà demandés, déjà en souhait ou écartés : on ne les suggère plus."""
    cote = "entreprise" if participant.nature == NatureParticipant.ENTREPRISE else "fournisseur"
    autre = "fournisseur_id" if cote == "entreprise" else "entreprise_id"
    exclus = set(Souhait.objects.filter(**{cote: participant}).values_list(autre, flat=True))
    return exclus | set(participant.suggestions_ecartees.values_list("autre_id", flat=True))


def suggestions(participant, *, nombre=NOMBRE):
    if participant.desiste_le:
        return []
    exclus = _deja(participant)
    autres = {
        p.organisation_id: p
        for p in participant.evenement.participants.filter(desiste_le__isnull=True)
        .exclude(nature=participant.nature)
        .exclude(pk__in=exclus)
        .select_related("organisation")
    }
    if not autres:
        return []
    if participant.nature == NatureParticipant.ENTREPRISE:
        return _pour_une_entreprise(participant, autres, nombre)
    return _pour_un_fournisseur(participant, autres, nombre)


def _pour_une_entreprise(participant, autres, nombre):
    meilleures = {}
    for besoin in _besoins_de(participant.organisation):
        for proposition in appariement.proposer(besoin, parmi=list(autres), nombre=nombre):
            actuelle = meilleures.get(proposition.fournisseur_id)
            if actuelle is None or proposition.score > actuelle.score:
                pourquoi = [f"Pour « {besoin.cas_usage.titre} » : {proposition.solution_nom}.", *proposition.pourquoi]
                meilleures[proposition.fournisseur_id] = Suggestion(
                    autre=autres[proposition.fournisseur_id], score=proposition.score, pourquoi=pourquoi
                )
    return sorted(meilleures.values(), key=lambda s: (-s.score, s.autre.pk))[:nombre]


def _pour_un_fournisseur(participant, autres, nombre):
    """Les entreprises dont un besoin ou une recommandation retenue porte sur un cas d'usage de ses solutions."""
    couverts = {
        cas.pk: cas.titre
        for solution in Solution.objects.publiees().filter(fournisseur=participant.organisation).prefetch_related("cas_usage")
        for cas in solution.cas_usage.all()
    }  # fmt: skip
    cherches = _cas_usage_cherches(list(autres))
    resultat = []
    for organisation_id, autre in autres.items():
        communs = sorted({couverts[cas] for cas in cherches[organisation_id] if cas in couverts})
        if communs:
            resultat.append(Suggestion(autre=autre, score=len(communs),
                                       pourquoi=[f"Cherche : {', '.join(communs)}, que vos solutions couvrent."]))  # fmt: skip
    return sorted(resultat, key=lambda s: (-s.score, s.autre.pk))[:nombre]


@transaction.atomic
def ecarter(*, participant, autre, par):
    _exiger_membre(par, participant.organisation_id)
    if autre.evenement_id != participant.evenement_id or autre.nature == participant.nature:
        raise ValidationError("Choisissez un participant de l'autre côté, inscrit à cet événement.")
    return SuggestionEcartee.objects.get_or_create(participant=participant, autre=autre)[0]
