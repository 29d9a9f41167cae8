"""Banc d'essai du diagnostic : latence des recommandations, lot de 1 000 profils, génération du rapport PDF."""

import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test import Client

from osezia.comptes.models import Utilisateur
from osezia.diagnostic import questionnaire as q
from osezia.diagnostic import services
from osezia.diagnostic.pdf import rapport_pdf
from osezia.diagnostic.rapport import construire
from osezia.organisations.models import Membre, Organisation
from osezia.recommandation.profils import profil_depuis_dict
from osezia.recommandation.services import moteur_courant
from osezia.utils.banc import base_jetable, resume

PROFILS = Path(settings.BASE_DIR) / "tests" / "recommandation" / "profils_validation.jsonl"


class Command(BaseCommand):
    help = (
        "Mesure la latence des recommandations par profil (moteur chaud, et API), le temps d'un lot de 1 000 profils "
        "et le temps de génération du rapport PDF, sur une base jetable."
    )

    def add_arguments(self, parser):
        parser.add_argument("--lot", type=int, default=1000, help="taille du lot de profils (défaut 1 000)")
        parser.add_argument("--pdf", type=int, default=10, help="nombre de rapports PDF générés (défaut 10)")
        parser.add_argument("--base-configuree", action="store_true", help="utiliser la base configurée")

    def handle(self, *args, lot, pdf, base_configuree, **options):
        with base_jetable(utiliser_la_base_configuree=base_configuree):
            call_command("charger_contenus", verbosity=0)
            call_command("charger_demo", "--sans-import", verbosity=0)
            self._mesurer(lot, pdf)

    def _mesurer(self, taille_lot, nombre_pdf):
        lignes = [json.loads(ligne) for ligne in PROFILS.read_text(encoding="utf-8").splitlines() if ligne.strip()]
        profils = [profil_depuis_dict(ligne) for ligne in lignes]
        moteur = moteur_courant()
        for profil in profils:  # chauffe
            moteur.recommander(profil, top=5)
        mesures = []
        for _ in range(5):
            for profil in profils:
                debut = time.perf_counter()
                moteur.recommander(profil, top=5)
                mesures.append((time.perf_counter() - debut) * 1000)
        self.stdout.write(f"profils : {len(profils)} (tests/recommandation/profils_validation.jsonl), 5 passages")
        self.stdout.write(resume("recommandation par profil (moteur chaud)", mesures))

        client = Client(HTTP_HOST="127.0.0.1")
        api = []
        for ligne in lignes:
            corps = {k: ligne[k] for k in ("naf", "effectif", "chiffre_affaires", "region", "description", "besoins")}
            debut = time.perf_counter()
            reponse = client.post(
                "/api/v1/diagnostics/recommandations", json.dumps(corps), content_type="application/json"
            )
            api.append((time.perf_counter() - debut) * 1000)
            assert reponse.status_code == 200, reponse.content
        self.stdout.write(resume("recommandation par profil (API POST /api/v1/diagnostics/recommandations)", api))

        lot = [profils[i % len(profils)] for i in range(taille_lot)]
        debut = time.perf_counter()
        for profil in lot:
            moteur.recommander(profil, top=5)
        self.stdout.write(f"lot de {taille_lot} profils : {time.perf_counter() - debut:.2f} s")

        diagnostic = diagnostic_complet(lignes[0])
        rapport_pdf(construire(diagnostic))  # chauffe : polices, gabarits
        temps, tailles = [], []
        for _ in range(nombre_pdf):
            debut = time.perf_counter()
            contenu = rapport_pdf(construire(diagnostic))
            temps.append((time.perf_counter() - debut) * 1000)
            tailles.append(len(contenu))
        self.stdout.write(
            resume(f"rapport PDF ({nombre_pdf} générations, {sum(tailles) / len(tailles) / 1024:.0f} Kio)", temps)
        )


def diagnostic_complet(ligne):
    """Un diagnostic terminé d'une entreprise fictive (marquée démo), pour les bancs d'essai."""
    utilisateur = Utilisateur.objects.create_user("banc@exemple.invalid", "banc-mot-de-passe-sans-usage")
    organisation = Organisation.objects.create(
        type="entreprise", nom="Entreprise du banc (fictive)", naf_id=ligne["naf"], effectif=ligne["effectif"],
        chiffre_affaires=ligne["chiffre_affaires"], region_id=ligne["region"], est_demo=True,
    )  # fmt: skip
    Membre.objects.create(utilisateur=utilisateur, organisation=organisation)
    diagnostic = services.demarrer(utilisateur=utilisateur, entreprise=organisation)
    services.enregistrer_profil(
        diagnostic=diagnostic, utilisateur=utilisateur, organisation=organisation,
        description=ligne["description"], besoins=ligne["besoins"],
    )  # fmt: skip
    reponses = {
        question.cle: ([question.choix[1].cle] if question.type == "multiple" else question.choix[2].cle)
        for question in q.questionnaire().questions.values()
    }
    diagnostic = services.enregistrer_reponses(diagnostic=diagnostic, utilisateur=utilisateur, reponses=reponses)
    return services.terminer(diagnostic=diagnostic, utilisateur=utilisateur)
