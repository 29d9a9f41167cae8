from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from osezia.catalogue.demo import FICHIER, ErreurDemo, charger_demo, charger_structure_demo
from osezia.catalogue.management.commands.importer_solutions import CORRESPONDANCE_UNEIAPARJOUR
from osezia.dossiers.demo import charger_demo_dossiers
from osezia.labels.demo import charger_demo_labels
from osezia.projets.demo import charger_demo_projets
from osezia.relations.demo import charger_demo_relations
from osezia.rendezvous.demo import charger_demo_rendezvous


class Command(BaseCommand):
    help = (
        "Charge le catalogue de démonstration (fournisseurs et solutions fictifs, marqués « démo »), "
        "les projets IA d'entreprises fictives (marqués « démo ») et leurs dossiers de financement, instruits par une "
        "structure fictive (comptes de démonstration : voir le README), un label de démonstration, une journée de "
        "rendez-vous d'affaires entre ces organisations fictives, des besoins d'entreprises fictives et leurs mises en "
        "relation, "
        "et importe la base #uneIAparjour (CC BY 4.0). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sans-import", action="store_true", help="ne pas importer la base #uneIAparjour")

    def handle(self, *args, sans_import, **options):
        try:
            compte = charger_demo(FICHIER)
        except ErreurDemo as erreur:
            raise CommandError(f"Démonstration non chargée : {erreur}")
        projets = charger_demo_projets()
        dossiers = charger_demo_dossiers()
        structure = charger_structure_demo()
        labels = charger_demo_labels(structure)
        rendezvous = charger_demo_rendezvous(structure)
        relations = charger_demo_relations()
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Démonstration : {compte['fournisseurs']} fournisseurs, {compte['solutions']} solutions, "
                f"{projets['entreprises']} entreprises, {projets['projets'] + dossiers['projets']} nouveaux projets IA, "
                f"{dossiers['dossiers']} nouveaux dossiers de financement, "
                f"{labels['labels']} nouveau(x) label(s) de démonstration, "
                f"{rendezvous['evenements']} nouvel(s) événement(s) de rendez-vous d'affaires, "
                f"{relations['besoins']} besoins et {relations['relations']} mises en relation de démonstration."
            )
        if not sans_import:
            call_command(
                "importer_solutions",
                str(CORRESPONDANCE_UNEIAPARJOUR.with_suffix(".csv")),
                correspondance=str(CORRESPONDANCE_UNEIAPARJOUR),
                stdout=self.stdout,
                stderr=self.stderr,
            )
