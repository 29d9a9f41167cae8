"""Le contrat de l'API est son OpenAPI : schemathesis le vérifie contre l'application, dans le processus (WSGI).

Toutes les vérifications de schemathesis (erreur serveur, conformité des codes, des types de contenu, des en-têtes et
des corps de réponse, données invalides refusées, données valides acceptées, authentification non ignorée…), en
données valides et invalides, sur chaque opération ; les opérations authentifiées avec le jeton personnel d'une
entreprise qui a un diagnostic terminé, un en cours de saisie et un projet avec un indicateur mesuré. Nombre d'exemples par opération : OSEZIA_SCHEMATHESIS_EXEMPLES (défaut
5). Les chiffres (opérations, exemples, échecs) s'affichent en fin de module."""

import os
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as reglages_hypothesis

from osezia.comptes.services import creer_jeton
from tests.diagnostic.factories import diagnostic, membre_entreprise
from tests.dossiers.factories import brouillon, dossier
from tests.projets.factories import indicateur, projet

pytestmark = pytest.mark.django_db

EXEMPLES = int(os.environ.get("OSEZIA_SCHEMATHESIS_EXEMPLES", "5"))
CHIFFRES = {"exemples": Counter(), "reussis": Counter(), "echecs": Counter()}


@pytest.fixture
def compte():
    """Une entreprise avec un diagnostic terminé et un en cours de saisie, un projet avec un indicateur mesuré, et le
    jeton personnel de son membre : (jeton, identifiants de diagnostics et du projet, identifiant de l'indicateur)."""
    membre = membre_entreprise(naf_id="46.31Z")
    termine = diagnostic(membre)
    brouillon_diagnostic = diagnostic(membre, termine=False)
    suivi = projet(membre, etape="pilote")
    mesure = indicateur(suivi, membre.utilisateur, avec_mesure=True)
    # Un dossier en brouillon (pièces, dépôt) et un déposé (messages) de l'entreprise.
    a_deposer = brouillon(membre, pieces=False)
    depose = dossier(membre)
    jeton = creer_jeton(utilisateur=membre.utilisateur, nom="schemathesis")[1]
    return jeton, [termine.pk, brouillon_diagnostic.pk, suivi.pk, a_deposer.pk, depose.pk], mesure.pk


@pytest.fixture
def schema_api(compte):
    configuration = schemathesis.Config.from_dict(
        {
            "checks": {"enabled": True},
            "generation": {"mode": "all", "max-examples": EXEMPLES},
            "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True}},
            # Une fois sur deux, l'identifiant d'un diagnostic ou du projet du compte : lectures et écritures réussies.
            "dictionaries": {"diagnostics": {"values": compte[1]}, "indicateurs": {"values": [compte[2]]}},
            "parameters": {
                "path.pk": {"dictionary": "diagnostics", "probability": 0.5},
                "path.indicateur_pk": {"dictionary": "indicateurs", "probability": 0.5},
            },
        }
    )
    # Chargé dans le test : l'OpenAPI énumère des valeurs lues dans la base de test.
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=configuration)


@pytest.fixture(autouse=True)
def _sans_limite_de_debit(settings):
    # Des centaines d'exemples par opération depuis une même adresse : la limite (429, documentée et testée dans
    # tests/www/test_limites.py) masquerait le reste du contrat.
    settings.OSEZIA = {**settings.OSEZIA, "LIMITES_ACTIVES": False}


@pytest.fixture(autouse=True)
def _identifiant_de_noeud(request):
    # schemathesis 4.32 lit et réécrit `_nodeid`, que pytest 9 n'a plus : on le lui redonne.
    request.node._nodeid = request.node.nodeid


@pytest.fixture(autouse=True)
def _connexion_du_test():
    # Comme le client de test de Django : la connexion reste celle de la transaction du test entre deux requêtes.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module", autouse=True)
def _chiffres(request):
    yield
    terminal = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    operations = sorted(CHIFFRES["exemples"])
    lignes = [
        f"schemathesis ({os.environ.get('DATABASE_URL', 'sqlite').split(':')[0]}) : {len(operations)} opérations, "
        f"{sum(CHIFFRES['exemples'].values())} exemples, {sum(CHIFFRES['echecs'].values())} échecs "
        f"({EXEMPLES} exemples au plus par opération et par phase)"
    ] + [
        f"  {op} : {CHIFFRES['exemples'][op]} exemples ({CHIFFRES['reussis'][op]} réponses 2xx), "
        f"{CHIFFRES['echecs'][op]} échecs"
        for op in operations
    ]
    # Affichés même sous -q et sans -s : ce sont les chiffres que l'on cite.
    with capture.global_and_fixture_disabled():
        terminal.write_line("")
        for ligne in lignes:
            terminal.write_line(ligne)


schema = schemathesis.pytest.from_fixture("schema_api")


@schema.parametrize()
# Les mêmes exemples à chaque passage : un échec de la CI se rejoue tel quel (derandomize).
@reglages_hypothesis(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None, derandomize=True
)
def test_contrat_openapi(case, compte):
    operation = case.operation.label
    CHIFFRES["exemples"][operation] += 1
    try:
        reponse = case.call_and_validate(headers={"Authorization": f"Bearer {compte[0]}"})
    except BaseException:
        CHIFFRES["echecs"][operation] += 1
        raise
    CHIFFRES["reussis"][operation] += reponse.status_code < 300
