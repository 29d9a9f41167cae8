"""Les changements de statut permis d'un label accordé, et qui peut les faire : le seul endroit où ils sont déclarés.

Le service `changer_statut`, la page de décision et l'API lisent cette table ; `tests/labels/test_transitions.py` en
parcourt chaque paire de statuts pour chaque acteur. Retiré et expiré sont finaux : un label retiré ou expiré ne
revit pas, le fournisseur dépose une nouvelle candidature."""

from osezia.labels.enums import Acteur, StatutLabel

EVALUATEUR = frozenset({Acteur.EVALUATEUR})
PLATEFORME = frozenset({Acteur.PLATEFORME})

TRANSITIONS = {
    # Un doute sérieux (certificat suspendu par son organisme, plainte) : le label est suspendu, puis rétabli ou retiré.
    (StatutLabel.VALIDE, StatutLabel.SUSPENDU): EVALUATEUR,
    (StatutLabel.SUSPENDU, StatutLabel.VALIDE): EVALUATEUR,
    (StatutLabel.VALIDE, StatutLabel.RETIRE): EVALUATEUR,
    (StatutLabel.SUSPENDU, StatutLabel.RETIRE): EVALUATEUR,
    # L'échéance passée, la tâche périodique le marque expiré, qu'il soit valide ou suspendu.
    (StatutLabel.VALIDE, StatutLabel.EXPIRE): PLATEFORME,
    (StatutLabel.SUSPENDU, StatutLabel.EXPIRE): PLATEFORME,
}

# Chaque changement est motivé ; l'expiration porte un motif écrit par la plateforme.
FINAUX = frozenset({StatutLabel.RETIRE, StatutLabel.EXPIRE})


def acteurs(de, vers):
    """Qui peut faire passer un label du statut `de` au statut `vers` (vide : interdit)."""
    return TRANSITIONS.get((StatutLabel(de), StatutLabel(vers)), frozenset())


def suivants(de, acteur):
    if acteur is None:
        return []
    return [vers for vers in StatutLabel if acteur in acteurs(de, vers)]
