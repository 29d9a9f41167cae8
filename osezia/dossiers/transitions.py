"""Les changements d'état permis d'un dossier de financement, et qui peut les faire : le seul endroit où ils sont
déclarés (à la manière de Démarches Simplifiées).

Le site (boutons de la page d'un dossier), l'API et le service `changer_etat` lisent cette table ; le test
`tests/dossiers/test_transitions.py` en parcourt chaque paire d'états, pour chaque personne. Refusé, classé sans
suite et versé sont des états finaux : rien n'en sort (un dossier versé ne se rouvre pas)."""

from osezia.dossiers.enums import Acteur, Etat

ENTREPRISE = frozenset({Acteur.ENTREPRISE})
INSTRUCTEUR = frozenset({Acteur.INSTRUCTEUR})
TOUS = ENTREPRISE | INSTRUCTEUR

TRANSITIONS = {
    # L'entreprise dépose son dossier complet (pièces obligatoires jointes) ; l'éligibilité du jour y est figée.
    (Etat.BROUILLON, Etat.DEPOSE): ENTREPRISE,
    # L'instructeur ouvre l'instruction, demande un complément ; l'entreprise le dépose, le dossier revient « déposé ».
    (Etat.DEPOSE, Etat.EN_INSTRUCTION): INSTRUCTEUR,
    (Etat.EN_INSTRUCTION, Etat.COMPLEMENT_DEMANDE): INSTRUCTEUR,
    (Etat.COMPLEMENT_DEMANDE, Etat.DEPOSE): ENTREPRISE,
    # La décision : un montant pour un accord, une motivation pour un refus ou un classement sans suite.
    (Etat.EN_INSTRUCTION, Etat.ACCORDE): INSTRUCTEUR,
    (Etat.EN_INSTRUCTION, Etat.REFUSE): INSTRUCTEUR,
    (Etat.EN_INSTRUCTION, Etat.SANS_SUITE): INSTRUCTEUR,
    # Sans suite, motivé : l'entreprise renonce avant la décision ; l'instructeur classe un complément jamais reçu.
    (Etat.DEPOSE, Etat.SANS_SUITE): ENTREPRISE,
    (Etat.COMPLEMENT_DEMANDE, Etat.SANS_SUITE): TOUS,
    # Les versements, chacun daté avec son montant : « versé » quand leur total atteint le montant accordé.
    (Etat.ACCORDE, Etat.VERSE_PARTIELLEMENT): INSTRUCTEUR,
    (Etat.ACCORDE, Etat.VERSE): INSTRUCTEUR,
    (Etat.VERSE_PARTIELLEMENT, Etat.VERSE_PARTIELLEMENT): INSTRUCTEUR,
    (Etat.VERSE_PARTIELLEMENT, Etat.VERSE): INSTRUCTEUR,
}

# Entrer dans ces états exige une motivation écrite (elle figure sur l'attestation).
AVEC_MOTIVATION = frozenset({Etat.REFUSE, Etat.SANS_SUITE})
# Un message à l'entreprise : ce qui manque.
AVEC_MESSAGE = frozenset({Etat.COMPLEMENT_DEMANDE})
# Un montant : accordé (décision) ou versé (versement, avec sa date).
AVEC_MONTANT_ACCORDE = frozenset({Etat.ACCORDE})
AVEC_VERSEMENT = frozenset({Etat.VERSE_PARTIELLEMENT, Etat.VERSE})
# Les décisions : elles produisent l'attestation.
DECISIONS = frozenset({Etat.ACCORDE, Etat.REFUSE, Etat.SANS_SUITE})


def acteurs(de, vers):
    """Qui peut faire passer un dossier de l'état `de` à l'état `vers` (vide : interdit)."""
    return TRANSITIONS.get((Etat(de), Etat(vers)), frozenset())


def suivants(de, acteur):
    """Les états où `acteur` peut mener un dossier qui est à l'état `de`, dans l'ordre des états."""
    if acteur is None:
        return []
    return [vers for vers in Etat if acteur in acteurs(de, vers)]
