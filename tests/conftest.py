"""Configuration stricte des tests : variable de gabarit inconnue = échec, avertissement = échec (pyproject.toml)."""

import inspect
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

os.environ.setdefault("DJANGO_ENV", "test")

RACINE_GABARITS = str(Path(settings.BASE_DIR) / "osezia")


class VariableInconnue(str):
    """Valeur de `string_if_invalid` : lève une erreur quand un gabarit du projet lit une variable qui n'existe pas.

    Les gabarits des paquets tiers (django-dsfr, admin) sont tolérés : on ne corrige pas leur code."""

    def __contains__(self, _):
        return True  # Django ne formate que si « %s » est dans la chaîne

    def __mod__(self, nom):
        cadre = inspect.currentframe()
        while cadre is not None:
            contexte = cadre.f_locals.get("context")
            origine = getattr(getattr(getattr(contexte, "template", None), "origin", None), "name", None)
            if origine:
                if str(origine).startswith(RACINE_GABARITS):
                    raise AssertionError(f"Variable de gabarit inconnue « {nom} » dans {origine}")
                return ""
            cadre = cadre.f_back
        return ""


def pytest_configure(config):
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = VariableInconnue()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Base de test : référentiels (par les migrations), contenus éditoriaux et démonstration, chargés une fois."""
    with django_db_blocker.unblock():
        call_command("charger_contenus", verbosity=0)
        call_command("charger_demo", "--sans-import", verbosity=0)


# Un test transactionnel (django_db(transaction=True), lancé par pytest-django après tous les autres) vide toutes les
# tables en sortant, référentiels compris : le suivant les retrouve rechargées, comme au début de la session.
_BASE = {"videe": False}


def _remplir_la_base():
    call_command("charger_referentiels", verbosity=0)
    call_command("charger_contenus", verbosity=0)
    call_command("charger_demo", "--sans-import", verbosity=0)


@pytest.fixture(autouse=True)
def _base_remplie_apres_un_test_transactionnel(request, django_db_blocker):
    marque = request.node.get_closest_marker("django_db")
    transactionnel = bool(marque and marque.kwargs.get("transaction"))
    if transactionnel and _BASE["videe"]:
        with django_db_blocker.unblock():
            _remplir_la_base()
        _BASE["videe"] = False
    yield
    if transactionnel:
        _BASE["videe"] = True


@pytest.fixture
def client(client):
    return client


@pytest.fixture(autouse=True)
def _courriels_en_memoire_fichiers_a_part_et_cache_vide(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def fournisseur():
    """Un compte fournisseur à l'adresse confirmée et son organisation : (utilisateur, organisation)."""
    from tests.comptes.factories import UtilisateurFactory
    from tests.organisations.factories import MembreFactory

    membre = MembreFactory(
        utilisateur=UtilisateurFactory(fournisseur=True, email_verifie=True), organisation__fournisseur=True
    )
    return membre.utilisateur, membre.organisation
