"""Lectures des labels : le registre public (page et données ouvertes) et les labels valides d'une solution."""

from osezia.labels.enums import StatutLabel
from osezia.labels.models import Label

COLONNES_REGISTRE = [
    "id",
    "label",
    "code_label",
    "organisme",
    "label_de_demonstration",
    "fournisseur",
    "siren_fournisseur",
    "solutions",
    "delivre_le",
    "expire_le",
    "statut",
    "est_demo",
]


def registre(*, statut=None):
    labels = Label.objects.du_registre().order_by("regime__ordre", "fournisseur__nom", "pk")
    if statut:
        labels = labels.filter(statut=statut)
    return labels


def ligne_registre(label):
    """Une ligne des données ouvertes : les mêmes champs en JSON et en CSV."""
    return {
        "id": label.pk,
        "label": label.regime.nom,
        "code_label": label.regime.code,
        "organisme": label.regime.organisme,
        "label_de_demonstration": label.regime.est_demo,
        "fournisseur": label.fournisseur.nom,
        "siren_fournisseur": label.fournisseur.siren,
        "solutions": [s.nom for s in label.solutions.all()],
        "delivre_le": label.delivre_le.isoformat(),
        "expire_le": label.expire_le.isoformat(),
        "statut": StatutLabel(label.statut).label,
        "est_demo": label.est_demo,
    }


def labels_valides_de(solution_ids):
    """{solution_id: [label valide…]} pour afficher les labels sur des cartes ou une fiche."""
    resultat = {}
    for label in Label.objects.valides().filter(solutions__in=solution_ids).select_related("regime").distinct():
        for solution_id in label.solutions.filter(pk__in=solution_ids).values_list("pk", flat=True):
            resultat.setdefault(solution_id, []).append(label)
    return resultat
