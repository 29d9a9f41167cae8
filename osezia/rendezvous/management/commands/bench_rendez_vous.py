"""Banc d'essai du solveur des rendez-vous d'affaires (module pur : aucune base de données).

Pour chaque taille, un événement synthétique (`rendezvous.banc`) : moitié entreprises, moitié fournisseurs,
20 créneaux, des tables pour 40 % des participants, 10 souhaits par entreprise. Affiche le temps de résolution
(vérification de l'entrée, construction du modèle et calcul compris), l'objectif, la borne, l'écart ; dernière ligne :
`ratio: X`, l'objectif divisé par la borne pour 1 000 participants (ou pour la plus grande taille demandée).
Cible : 1 000 participants et 5 000 souhaits en 30 s au plus, objectif ≥ 99 % de la borne.
"""

from django.core.management.base import BaseCommand, CommandError

from osezia.rendezvous import banc
from osezia.rendezvous.planification import PlanificationImpossible, planifier

TAILLE_CIBLE, CIBLE_SECONDES, CIBLE_RATIO = 1000, 30, 0.99


def _tailles(texte):
    try:
        tailles = [int(t) for t in texte.split(",") if t.strip()]
    except ValueError:
        raise CommandError("--tailles attend des nombres séparés par des virgules, par exemple 200,1000.") from None
    if not tailles or min(tailles) < 2:
        raise CommandError("--tailles : chaque événement compte au moins 2 participants.")
    return tailles


class Command(BaseCommand):
    help = (
        "Planifie des événements synthétiques (200 et 1 000 participants par défaut) avec CP-SAT et affiche temps, "
        "objectif, borne et écart ; dernière ligne : ratio objectif / borne pour 1 000 participants."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tailles", default="200,1000", help="nombres de participants (défaut 200,1000)")
        parser.add_argument(
            "--limite-secondes", type=float, default=30.0, help="limite de temps du solveur (défaut 30)"
        )
        parser.add_argument("--graine", type=int, default=0, help="graine du hasard des données (défaut 0)")
        parser.add_argument("--workers", type=int, default=0, help="fils du solveur (défaut : un par processeur)")

    def handle(self, *args, tailles, limite_secondes, graine, workers, **options):
        tailles = _tailles(tailles)
        if limite_secondes <= 0:
            raise CommandError("--limite-secondes doit être positive.")
        ratio = None
        for taille in tailles:
            probleme = banc.generer(
                participants=taille, graine=graine, limite_secondes=limite_secondes, workers=workers
            )
            try:
                resultat = planifier(probleme)
            except PlanificationImpossible as erreur:
                raise CommandError(f"{taille} participants : {erreur}") from None
            self.stdout.write(
                f"{taille} participants, {len(probleme.souhaits)} souhaits, {len(probleme.creneaux)} créneaux × "
                f"{probleme.tables} tables : {resultat.duree_secondes:.2f} s, objectif {resultat.objectif}, "
                f"borne {resultat.borne:g} (solveur {resultat.borne_solveur:g}), écart {resultat.ecart:.2%}, "
                f"{resultat.statut.label.lower()}, {len(resultat.rendez_vous)} rendez-vous, "
                f"{len(resultat.souhaits_sans_creneau_commun)} souhaits sans créneau commun"
            )
            if taille == TAILLE_CIBLE or (TAILLE_CIBLE not in tailles and taille == max(tailles)):
                ratio = resultat.ratio
                tenue = resultat.duree_secondes <= CIBLE_SECONDES and ratio >= CIBLE_RATIO
                self.stdout.write(
                    f"cible ({CIBLE_SECONDES} s, ratio ≥ {CIBLE_RATIO:g}) pour {taille} participants : "
                    + ("tenue" if tenue else "manquée")
                )
        self.stdout.write(f"ratio: {ratio:.4f}")
