"""Les transitions d'étape permises, et qui peut les faire : le seul endroit où elles sont déclarées.

Le site (boutons de la page d'un projet), l'API et le service `changer_etape` lisent cette table ; le test
`tests/projets/test_transitions.py` en parcourt chaque paire d'étapes."""

from osezia.projets.enums import Acteur, Etape

TOUS = frozenset({Acteur.ENTREPRISE, Acteur.CONSEILLER})
# Arrêter, reprendre ou revenir en arrière : une décision de l'entreprise ; son conseiller peut, lui, noter
# qu'un projet avance (après un rendez-vous, par exemple).
ENTREPRISE = frozenset({Acteur.ENTREPRISE})

TRANSITIONS = {
    # Le parcours, une étape après l'autre : « combien de projets sortent du POC » se compte sans sauts.
    (Etape.IDEE, Etape.CADRAGE): TOUS,
    (Etape.CADRAGE, Etape.POC): TOUS,
    (Etape.POC, Etape.PILOTE): TOUS,
    (Etape.PILOTE, Etape.PRODUCTION): TOUS,
    # Revenir d'une étape (un POC à refaire, un pilote à reprendre, une mise en production retirée).
    (Etape.CADRAGE, Etape.IDEE): ENTREPRISE,
    (Etape.POC, Etape.CADRAGE): ENTREPRISE,
    (Etape.PILOTE, Etape.POC): ENTREPRISE,
    (Etape.PRODUCTION, Etape.PILOTE): ENTREPRISE,
    # Mettre en pause (motif obligatoire) et reprendre à n'importe quelle étape du parcours.
    **{(etape, Etape.EN_PAUSE): ENTREPRISE for etape in (Etape.IDEE, Etape.CADRAGE, Etape.POC, Etape.PILOTE)},
    (Etape.PRODUCTION, Etape.EN_PAUSE): ENTREPRISE,
    **{
        (Etape.EN_PAUSE, etape): ENTREPRISE
        for etape in (Etape.IDEE, Etape.CADRAGE, Etape.POC, Etape.PILOTE, Etape.PRODUCTION)
    },
    # Abandonner (motif obligatoire) depuis toute étape, et relancer un projet abandonné comme une idée.
    **{
        (etape, Etape.ABANDONNE): ENTREPRISE
        for etape in (Etape.IDEE, Etape.CADRAGE, Etape.POC, Etape.PILOTE, Etape.PRODUCTION, Etape.EN_PAUSE)
    },
    (Etape.ABANDONNE, Etape.IDEE): ENTREPRISE,
}

# Étapes dont l'entrée exige un motif choisi dans MotifArret.
AVEC_MOTIF = frozenset({Etape.EN_PAUSE, Etape.ABANDONNE})
# Entrer en production suppose d'avoir mesuré au moins une fois un indicateur.
AVEC_MESURE = frozenset({Etape.PRODUCTION})


def acteurs(de, vers):
    """Qui peut passer de l'étape `de` à l'étape `vers` (vide : transition interdite)."""
    return TRANSITIONS.get((Etape(de), Etape(vers)), frozenset())


def suivantes(de, acteur):
    """Les étapes où `acteur` peut mener un projet qui est à l'étape `de`, dans l'ordre des étapes."""
    if acteur is None:
        return []
    return [vers for vers in Etape if acteur in acteurs(de, vers)]
