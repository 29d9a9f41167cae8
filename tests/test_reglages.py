"""La production exige ses secrets et passe `check --deploy` sans avertissement."""

import os
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent


def lancer(*arguments, **env):
    environnement = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    environnement.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=RACINE,
        env=environnement,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_la_production_refuse_de_demarrer_sans_secret():
    resultat = lancer("check", DJANGO_ENV="production", DJANGO_ALLOWED_HOSTS="osezia.exemple.fr")
    assert resultat.returncode != 0
    assert "DJANGO_SECRET_KEY est obligatoire" in resultat.stderr


def test_la_production_refuse_de_demarrer_sans_hotes():
    resultat = lancer("check", DJANGO_ENV="production", DJANGO_SECRET_KEY="x" * 60)
    assert resultat.returncode != 0 and "DJANGO_ALLOWED_HOSTS est obligatoire" in resultat.stderr


def test_check_deploy_propre_en_production():
    resultat = lancer(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="une-cle-de-test-longue-et-aleatoire-" + "k3Y9" * 12,
        DJANGO_ALLOWED_HOSTS="osezia.exemple.fr",
    )
    assert resultat.returncode == 0, resultat.stderr
    assert "no issues" in resultat.stdout
