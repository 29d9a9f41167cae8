"""Démonstration : le régime de démonstration est évalué par la structure fictive de `charger_demo`, et un
fournisseur fictif en détient le label. Tout est marqué « démo » ; aucun label officiel n'est attribué à personne."""

from django.db import transaction
from django.utils import timezone

from osezia.catalogue.models import Solution
from osezia.labels.enums import StatutCandidature, StatutLabel
from osezia.labels.models import Candidature, ChangementStatutLabel, DecisionCritere, Delegation, Label, RegimeLabel
from osezia.organisations.enums import TypeOrganisation
from osezia.organisations.models import Organisation
from osezia.utils import dates
from osezia.utils.dates import ajouter_mois

MOTIVATION = "Donnée de démonstration : aucune pièce réelle n'a été évaluée."


@transaction.atomic
def charger_demo_labels(structure):
    """Idempotent : {"labels": nombre de labels de démonstration créés}."""
    regime = RegimeLabel.objects.filter(est_demo=True).first()
    if regime is None:
        return {"labels": 0}
    # Une délégation révoquée par un pilote le reste : la démonstration ne la rétablit pas.
    if not Delegation.objects.filter(regime=regime, structure=structure).exists():
        Delegation.objects.create(regime=regime, structure=structure)
    solution = (
        Solution.objects.publiees()
        .filter(est_demo=True, fournisseur__est_demo=True, fournisseur__type=TypeOrganisation.FOURNISSEUR)
        .order_by("fournisseur__nom", "nom")
        .first()
    )
    if solution is None or Label.objects.filter(regime=regime, fournisseur=solution.fournisseur_id).exists():
        return {"labels": 0}
    fournisseur = Organisation.objects.get(pk=solution.fournisseur_id)
    maintenant = timezone.now()
    candidature = Candidature.objects.create(
        fournisseur=fournisseur,
        regime=regime,
        statut=StatutCandidature.ACCORDEE,
        deposee_le=maintenant,
        decidee_le=maintenant,
        est_demo=True,
    )
    candidature.solutions.set([solution])
    DecisionCritere.objects.bulk_create(
        [
            DecisionCritere(candidature=candidature, critere=c["code"], satisfait=True, motivation=MOTIVATION)
            for c in regime.criteres
        ]
    )
    aujourdhui = dates.aujourdhui()
    label = Label(
        candidature=candidature,
        regime=regime,
        fournisseur=fournisseur,
        delivre_le=aujourdhui,
        expire_le=ajouter_mois(aujourdhui, regime.validite_mois),
        est_demo=True,
    )
    label.full_clean()
    label.save()
    label.solutions.set([solution])
    ChangementStatutLabel.objects.create(label=label, vers=StatutLabel.VALIDE, motif=MOTIVATION)
    return {"labels": 1}
