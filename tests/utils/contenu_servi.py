"""Ce que sert la plateforme depuis la base configurée : lignes par modèle, pages et réponses de l'API (publiques
et authentifiées par jeton), empreinte de chaque fichier rangé. Appelé dans le test pour la base d'origine, et dans
un processus à part (`python -m tests.utils.contenu_servi`) pour une base restaurée."""

import argparse
import hashlib
import json
import os
import re
import sys
from pathlib import Path

# Le jeton CSRF de la page change à chaque réponse : seul ce qui vient de la base est comparé.
JETON_CSRF = re.compile(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+')
PAGES_PUBLIQUES = ["/solutions/", "/solutions/?q=devis", "/api/v1/solutions/", "/api/v1/recherche/?q=factures"]


def contenu_servi(*, jeton, diagnostic_id, solution_slug):
    from django.apps import apps
    from django.conf import settings
    from django.test import Client

    # Les comptes d'abord : lire une page avec un jeton note sa dernière utilisation.
    comptes = {
        modele._meta.label: modele._default_manager.count()
        for modele in apps.get_models()
        if modele._meta.managed and not modele._meta.proxy
    }
    client = Client()
    pages = {}
    for url in [*PAGES_PUBLIQUES, f"/solutions/{solution_slug}/", f"/api/v1/solutions/{solution_slug}"]:
        reponse = client.get(url)
        pages[url] = [reponse.status_code, JETON_CSRF.sub(r"\1…", reponse.content.decode())]
    prive = f"/api/v1/diagnostics/{diagnostic_id}"
    reponse = client.get(prive, headers={"authorization": f"Bearer {jeton}"})
    pages[prive] = [reponse.status_code, reponse.content.decode()]
    racine = Path(settings.MEDIA_ROOT)
    fichiers = {
        str(chemin.relative_to(racine)): hashlib.sha256(chemin.read_bytes()).hexdigest()
        for chemin in sorted(racine.rglob("*"))
        if chemin.is_file()
    }
    return {"comptes": comptes, "pages": pages, "fichiers": fichiers}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()  # le client de test s'annonce « testserver »
    lecteur = argparse.ArgumentParser()
    lecteur.add_argument("--jeton", required=True)
    lecteur.add_argument("--diagnostic", type=int, required=True)
    lecteur.add_argument("--solution", required=True)
    arguments = lecteur.parse_args()
    json.dump(
        contenu_servi(jeton=arguments.jeton, diagnostic_id=arguments.diagnostic, solution_slug=arguments.solution),
        sys.stdout,
        ensure_ascii=False,
    )
