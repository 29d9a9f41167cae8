"""Démonstration : chaque entreprise fictive exprime un besoin (depuis un de ses projets), envoyé au premier lot de
fournisseurs fictifs, et ces mises en relation avancent selon des scénarios datés, pour que les pages et le tunnel
aient quelque chose à montrer. Tout est marqué « démo » ; les écritures sont directes (ni e-mail, ni journal) et
datées dans le passé. Un compte fournisseur de démonstration agit pour un fournisseur fictif."""

import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from osezia.catalogue.enums import StatutSolution
from osezia.comptes.enums import Role
from osezia.dossiers.demo import compte_de_demonstration
from osezia.organisations.enums import TypeOrganisation
from osezia.organisations.models import Membre, Organisation
from osezia.projets.models import Projet
from osezia.relations import appariement
from osezia.relations.enums import ChampVisible, Cote, OrigineBesoin, Statut, StatutBesoin
from osezia.relations.models import Besoin, ChangementStatutRelation, Message, MiseEnRelation

FOURNISSEUR = {"email": "fournisseur.demo@osezia.invalid", "prenom": "Alex", "nom": "Démo (fournisseur)"}
FOURNISSEUR_DU_COMPTE = "Calanque Logiciels"
# Les parcours du premier lot : les statuts successifs (jours après l'envoi, statut, côté, motif).
SCENARIOS = [
    [(1, Statut.VUE, Cote.FOURNISSEUR, ""), (2, Statut.INTERESSE, Cote.FOURNISSEUR, ""),
     (3, Statut.ECHANGE, Cote.ENTREPRISE, ""), (10, Statut.RENDEZ_VOUS, Cote.ENTREPRISE, ""),
     (15, Statut.DEVIS, Cote.FOURNISSEUR, ""), (24, Statut.CONCLUE, Cote.ENTREPRISE, "")],
    [(1, Statut.VUE, Cote.FOURNISSEUR, ""), (1, Statut.PAS_INTERESSE, Cote.FOURNISSEUR, "budget")],
    [(2, Statut.VUE, Cote.FOURNISSEUR, ""), (4, Statut.INTERESSE, Cote.FOURNISSEUR, ""),
     (5, Statut.ECHANGE, Cote.FOURNISSEUR, ""), (20, Statut.PERDUE, Cote.ENTREPRISE, "prix")],
    [(3, Statut.VUE, Cote.FOURNISSEUR, "")],
    [],
]  # fmt: skip
MONTANT_CONCLU = 4_800


def _compte_fournisseur(fournisseur, maintenant):
    utilisateur = compte_de_demonstration(FOURNISSEUR, Role.FOURNISSEUR, maintenant)
    if not Membre.objects.filter(utilisateur=utilisateur).exists():
        Membre.objects.create(utilisateur=utilisateur, organisation=fournisseur, est_administrateur=True)
    return utilisateur


def _avancer(relation, scenario, envoi):
    changements = [ChangementStatutRelation(relation=relation, de=Statut.PROPOSEE, vers=Statut.ENVOYEE,
                                            cote=Cote.PLATEFORME, le=envoi)]  # fmt: skip
    de = Statut.ENVOYEE
    for jours, vers, cote, motif in scenario:
        le = envoi + datetime.timedelta(days=jours, hours=2)
        changements.append(ChangementStatutRelation(relation=relation, de=de, vers=vers, cote=cote, motif=motif, le=le))
        if vers == Statut.VUE:
            relation.vue_le = le
        elif relation.repondue_le is None:
            relation.repondue_le = le
        if vers == Statut.ECHANGE:
            relation.echange_le = le
            Message.objects.create(relation=relation, cote=cote,
                                   texte="Message de démonstration (fictif) : pouvons-nous fixer un rendez-vous ?")  # fmt: skip
        if vers in (Statut.PAS_INTERESSE, Statut.PERDUE):
            relation.motif = motif
        de = vers
    relation.statut = de
    if de == Statut.CONCLUE:
        relation.montant = MONTANT_CONCLU
    relation.save()
    ChangementStatutRelation.objects.bulk_create(changements)


def _besoin(entreprise, projet, maintenant, decalage):
    besoin = Besoin.objects.create(
        entreprise=entreprise, origine=OrigineBesoin.PROJET, projet=projet, cas_usage=projet.cas_usage,
        description=f"Besoin de démonstration (fictif) : {projet.cas_usage.resume}"[:3000],
        champs_visibles=[ChampVisible.SECTEUR, ChampVisible.TAILLE, ChampVisible.REGION, ChampVisible.BUDGET],
        est_demo=True,
    )  # fmt: skip
    propositions = appariement.proposer(besoin)
    envoi = maintenant - datetime.timedelta(days=40 + decalage)
    besoin.consentement_le, besoin.statut = envoi, StatutBesoin.ENVOYE
    besoin.dernier_lot, besoin.dernier_lot_le = (1, envoi) if propositions else (0, None)
    besoin.save()
    relations = []
    for rang, proposition in enumerate(propositions, start=1):
        relation = MiseEnRelation.objects.create(
            entreprise=entreprise, fournisseur_id=proposition.fournisseur_id, besoin=besoin,
            solution_id=proposition.solution_id, rang=rang, score=proposition.score,
            explication=proposition.en_donnees(), est_demo=True,
        )  # fmt: skip
        if rang <= len(SCENARIOS):
            # Les scénarios tournent d'une entreprise à l'autre : le tunnel mêle réponses, refus, affaires.
            relation.lot, relation.envoyee_le = 1, envoi
            _avancer(relation, SCENARIOS[(rang - 1 + decalage) % len(SCENARIOS)], envoi)
        relations.append(relation)
    return relations


@transaction.atomic
def charger_demo_relations(maintenant=None):
    """Idempotent : {"besoins": n nouveaux, "relations": n nouvelles}."""
    maintenant = maintenant or timezone.now()
    besoins = relations = 0
    entreprises = Organisation.objects.filter(type=TypeOrganisation.ENTREPRISE, est_demo=True).order_by("nom")
    for decalage, entreprise in enumerate(entreprises):
        if Besoin.objects.filter(entreprise=entreprise).exists():
            continue
        # Le projet dont le cas d'usage a le plus de solutions de démonstration : la liste proposée a de quoi montrer.
        projet = (
            Projet.objects.filter(entreprise=entreprise)
            .annotate(offre=Count("cas_usage__solutions", filter=Q(cas_usage__solutions__statut=StatutSolution.PUBLIEE,
                                                                    cas_usage__solutions__fournisseur__isnull=False)))
            .order_by("-offre", "cree_le", "pk")
            .first()
        )  # fmt: skip
        if projet is None:
            continue
        nouvelles = _besoin(entreprise, projet, maintenant, decalage)
        besoins += 1
        relations += len(nouvelles)
    # Le compte fournisseur de démonstration (README) : un fournisseur fictif nommé, qui couvre plusieurs cas
    # d'usage ; à défaut, celui d'une demande encore sans réponse.
    fournisseur = Organisation.objects.filter(type=TypeOrganisation.FOURNISSEUR, est_demo=True,
                                              nom=FOURNISSEUR_DU_COMPTE).first()  # fmt: skip
    if fournisseur is None:
        sans_reponse = (
            MiseEnRelation.objects.filter(est_demo=True, statut=Statut.ENVOYEE, fournisseur__est_demo=True)
            .select_related("fournisseur")
            .order_by("besoin__entreprise__nom", "rang")
            .first()
        )
        fournisseur = sans_reponse.fournisseur if sans_reponse else None
    if fournisseur is not None:
        _compte_fournisseur(fournisseur, maintenant)
    return {"besoins": besoins, "relations": relations}
