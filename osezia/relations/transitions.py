"""Les changements de statut permis d'une mise en relation, et quel côté peut les faire : le seul endroit où ils sont
déclarés. Le service `changer_statut`, les pages des deux côtés et l'API lisent cette table ;
`tests/relations/test_transitions.py` la parcourt pour chaque paire de statuts et chaque côté."""

from osezia.relations.enums import Cote, Statut

ENTREPRISE = frozenset({Cote.ENTREPRISE})
FOURNISSEUR = frozenset({Cote.FOURNISSEUR})
PLATEFORME = frozenset({Cote.PLATEFORME})
LES_DEUX = frozenset({Cote.ENTREPRISE, Cote.FOURNISSEUR})

TRANSITIONS = {
    # Avant l'envoi, l'entreprise écarte un fournisseur de la liste, ou l'y remet.
    (Statut.PROPOSEE, Statut.RETIREE): ENTREPRISE,
    (Statut.RETIREE, Statut.PROPOSEE): ENTREPRISE,
    # L'envoi par lots : la tâche périodique, jamais une personne.
    (Statut.PROPOSEE, Statut.ENVOYEE): PLATEFORME,
    # Le fournisseur ouvre la demande dans sa boîte de réception.
    (Statut.ENVOYEE, Statut.VUE): FOURNISSEUR,
    (Statut.ENVOYEE, Statut.INTERESSE): FOURNISSEUR,
    (Statut.ENVOYEE, Statut.PAS_INTERESSE): FOURNISSEUR,
    (Statut.VUE, Statut.INTERESSE): FOURNISSEUR,
    (Statut.VUE, Statut.PAS_INTERESSE): FOURNISSEUR,
    (Statut.INTERESSE, Statut.ECHANGE): LES_DEUX,
    (Statut.INTERESSE, Statut.RENDEZ_VOUS): LES_DEUX | PLATEFORME,
    (Statut.ECHANGE, Statut.RENDEZ_VOUS): LES_DEUX | PLATEFORME,
    # Un rendez-vous pris à une journée d'affaires fait avancer une demande encore sans réponse.
    (Statut.ENVOYEE, Statut.RENDEZ_VOUS): PLATEFORME,
    (Statut.VUE, Statut.RENDEZ_VOUS): PLATEFORME,
    (Statut.ECHANGE, Statut.DEVIS): FOURNISSEUR,
    (Statut.RENDEZ_VOUS, Statut.DEVIS): FOURNISSEUR,
    (Statut.ECHANGE, Statut.CONCLUE): LES_DEUX,
    (Statut.RENDEZ_VOUS, Statut.CONCLUE): LES_DEUX,
    (Statut.DEVIS, Statut.CONCLUE): LES_DEUX,
    (Statut.INTERESSE, Statut.PERDUE): LES_DEUX,
    (Statut.ECHANGE, Statut.PERDUE): LES_DEUX,
    (Statut.RENDEZ_VOUS, Statut.PERDUE): LES_DEUX,
    (Statut.DEVIS, Statut.PERDUE): LES_DEUX,
}

# Un refus et une affaire perdue disent toujours pourquoi.
AVEC_MOTIF = frozenset({Statut.PAS_INTERESSE, Statut.PERDUE})
FINAUX = frozenset({Statut.PAS_INTERESSE, Statut.CONCLUE, Statut.PERDUE})
# Ce que le fournisseur voit dans sa boîte : les demandes qui lui ont été envoyées.
RECUES = frozenset(set(Statut) - {Statut.PROPOSEE, Statut.RETIREE})
# Ce qui compte comme une réponse du fournisseur (délai de première réponse, arrêt des relances).
REPONSES = frozenset(RECUES - {Statut.ENVOYEE, Statut.VUE})
# Un contact établi : l'entreprise peut donner un avis vérifié sur ce fournisseur.
AVIS_PERMIS = frozenset({Statut.RENDEZ_VOUS, Statut.DEVIS, Statut.CONCLUE})
# L'ordre du tunnel, pour les taux de passage : une mise en relation qui a atteint une étape a franchi les précédentes.
ETAPES_TUNNEL = (Statut.ENVOYEE, Statut.VUE, Statut.INTERESSE, Statut.ECHANGE, Statut.RENDEZ_VOUS, Statut.DEVIS,
                 Statut.CONCLUE)  # fmt: skip


def cotes(de, vers):
    """Qui peut faire passer une mise en relation du statut `de` au statut `vers` (vide : interdit)."""
    return TRANSITIONS.get((Statut(de), Statut(vers)), frozenset())


def suivants(de, cote):
    if cote is None:
        return []
    return [vers for vers in Statut if cote in cotes(de, vers)]
