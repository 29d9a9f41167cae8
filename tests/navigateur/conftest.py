"""Parcours dans un vrai navigateur : Chromium de Debian piloté par Playwright, contre un vrai serveur.

Le serveur tourne dans un sous-processus sur une base SQLite jetable, remplie comme par `make run`
(référentiels, contenus, démonstration) : la base de test de pytest-django n'est pas partagée.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[2]
OPTIONS_CHROMIUM = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium():
    chemin = shutil.which("chromium")
    if chemin is None:
        if os.environ.get("OSEZIA_NAVIGATEUR_OBLIGATOIRE"):
            pytest.fail("Chromium est introuvable : installez le paquet Debian « chromium » (voir .ci/run).")
        pytest.skip(
            "Chromium absent : parcours navigateur non lancés (apt-get install chromium, puis make test-navigateur)."
        )
    return chemin


def _port_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def serveur(tmp_path_factory):
    _chromium()
    dossier = tmp_path_factory.mktemp("serveur")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env.update(
        DJANGO_ENV="test",
        DJANGO_DEBUG="0",
        DATABASE_URL=f"sqlite:///{dossier / 'osezia.sqlite3'}",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        PYTHONWARNINGS="ignore",
    )
    manage = [sys.executable, str(RACINE / "manage.py")]
    for commande in (
        ["migrate", "--no-input", "-v0"],
        ["charger_contenus", "-v0"],
        ["charger_demo", "--sans-import", "-v0"],
    ):
        subprocess.run(manage + commande, cwd=RACINE, env=env, check=True, timeout=300)
    port = _port_libre()
    journal = open(dossier / "serveur.log", "w")  # noqa: SIM115 — reste ouvert tant que le serveur tourne
    processus = subprocess.Popen(
        manage + ["runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
        cwd=RACINE,
        env=env,
        stdout=journal,
        stderr=subprocess.STDOUT,
    )
    adresse = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(adresse + "/plan-du-site/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    else:
        processus.kill()
        pytest.fail(f"Le serveur n'a pas démarré : {(dossier / 'serveur.log').read_text()[-2000:]}")
    yield adresse
    processus.terminate()
    processus.wait(timeout=10)
    journal.close()


@pytest.fixture(scope="session")
def navigateur():
    from playwright.sync_api import sync_playwright

    chemin = _chromium()
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chemin, args=OPTIONS_CHROMIUM, headless=True)
        yield instance
        instance.close()


# Chromium écrit chaque ressource bloquée par la politique de sécurité du contenu dans la console de la page.
MARQUE_VIOLATION_CSP = "Content Security Policy"
VIOLATIONS_CSP = []
PAGES_CHARGEES = []


def _surveiller_csp(page):
    """Chaque parcours échoue si Chromium a bloqué quoi que ce soit au nom de la CSP (script, style, image…)."""
    vues = []

    def noter(message):
        if MARQUE_VIOLATION_CSP in message.text:
            vues.append(f"{page.url} : {message.text}")

    page.on("console", noter)
    page.on("load", lambda: PAGES_CHARGEES.append(page.url))
    return vues


@pytest.fixture
def violations_csp():
    """Les violations de CSP que Chromium a signalées pendant le test (vérifiées à la fin de chaque parcours)."""
    return []


def _ouvrir(navigateur, violations, **options):
    contexte = navigateur.new_context(locale="fr-FR", **options)
    page = contexte.new_page()
    violations.append(_surveiller_csp(page))
    return contexte, page


def _fermer(contexte, violations):
    contexte.close()
    vues = [v for liste in violations for v in liste]
    VIOLATIONS_CSP.extend(vues)
    assert not vues, "Violations de la politique de sécurité du contenu :\n" + "\n".join(vues)


@pytest.fixture
def page(navigateur, violations_csp):
    contexte, page = _ouvrir(navigateur, violations_csp)
    yield page
    _fermer(contexte, violations_csp)


@pytest.fixture
def page_mobile(navigateur, violations_csp):
    contexte, page = _ouvrir(
        navigateur, violations_csp, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    yield page
    _fermer(contexte, violations_csp)


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def verifier_accessibilite(axe):
    """Analyse axe-core de la page courante (toutes les règles par défaut) : zéro violation attendue."""

    def verifier(page):
        resultats = axe.run(page)
        assert resultats.violations_count == 0, f"{page.url}\n{resultats.generate_report()}"
        return resultats

    return verifier


def pytest_terminal_summary(terminalreporter):
    if PAGES_CHARGEES:
        terminalreporter.write_line(
            f"Chromium : {len(PAGES_CHARGEES)} chargements de page, {len(VIOLATIONS_CSP)} violation(s) de la CSP."
        )
