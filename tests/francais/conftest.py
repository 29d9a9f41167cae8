import os

import pytest

from tests.francais.verificateur import Exceptions, Grammalecte, dossier_grammalecte, pdftotext_disponible


def _manque(message):
    """Absent d'un poste : test ignoré avec la raison ; en intégration continue (.ci/run) : échec."""
    if os.environ.get("OSEZIA_FRANCAIS_OBLIGATOIRE"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def exceptions():
    return Exceptions.lire()


@pytest.fixture(scope="session")
def grammalecte():
    """Chargé une fois par session (0,5 s), avec les options que désactive exceptions.yaml."""
    dossier = dossier_grammalecte(os.environ)
    if not (dossier / "grammalecte" / "fr" / "gc_engine.py").is_file():
        _manque(f"Grammalecte absent de {dossier} : lancez make grammalecte (paquet Debian libreoffice-grammalecte).")
    return Grammalecte(dossier, Exceptions.lire().options_desactivees)


@pytest.fixture(scope="session")
def pdftotext():
    if not pdftotext_disponible():
        _manque("pdftotext absent : le texte du rapport PDF n'est pas contrôlé (apt-get install poppler-utils).")
