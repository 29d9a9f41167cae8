"""Politique de sécurité du contenu (django-csp) : présente sur chaque réponse, sans `unsafe-inline` ni
`unsafe-eval` ; aucun gabarit ne contient de script, de style ou de gestionnaire d'événement en ligne."""

import json
import re
from pathlib import Path

import pytest

from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


GABARITS = Path(__file__).resolve().parents[2] / "osezia" / "templates"
# Les gabarits des PDF ne sont lus que par WeasyPrint, jamais servis à un navigateur.
HORS_NAVIGATEUR = {
    "diagnostic/rapport_pdf.html",
    "projets/registre_pdf.html",
    "dossiers/attestation_pdf.html",
    "rendezvous/agenda_pdf.html",
}
EN_LIGNE = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    re.compile(r"<style\b", re.I),
    re.compile(r"\sstyle=", re.I),
    re.compile(r"\son[a-z]+=", re.I),
    re.compile(r"\shx-on", re.I),
    re.compile(r"javascript:", re.I),
]


def _directives(reponse):
    entete = reponse["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in entete.split(";")) if d}


@pytest.mark.parametrize(
    "chemin", ["/", "/solutions/", "/api/v1/solutions/", "/api/v1/docs", "/comptes/connexion/", "/page-absente/"]
)
def test_csp_sur_chaque_reponse_sans_unsafe(client, chemin):
    reponse = client.get(chemin)
    directives = _directives(reponse)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    assert "unsafe" not in reponse["Content-Security-Policy"]


def test_csp_aussi_pour_une_personne_connectee(client):
    client.force_login(UtilisateurFactory())
    assert "unsafe" not in client.get("/comptes/")["Content-Security-Policy"]


def test_htmx_sans_eval_ni_script_injecte(client):
    page = client.get("/").content.decode()
    configuration = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", page)
    assert json.loads(configuration.group(1)) == {
        "allowEval": False,
        "allowScriptTags": False,
        "includeIndicatorStyles": False,
    }


def test_aucun_code_en_ligne_dans_les_gabarits():
    trouves = []
    for gabarit in GABARITS.rglob("*.html"):
        nom = gabarit.relative_to(GABARITS).as_posix()
        if nom in HORS_NAVIGATEUR:
            continue
        texte = gabarit.read_text()
        trouves += [f"{nom} : {m.group(0)}" for motif in EN_LIGNE for m in motif.finditer(texte)]
    assert trouves == []


def test_rapport_de_violation_journalise(client, caplog):
    rapport = {"csp-report": {"document-uri": "http://127.0.0.1/", "violated-directive": "script-src"}}
    with caplog.at_level("WARNING", logger="osezia.csp"):
        reponse = client.post("/csp/rapport/", json.dumps(rapport), content_type="application/csp-report")
    assert reponse.status_code == 204
    assert "script-src" in caplog.text
    assert client.post("/csp/rapport/", "pas du json", content_type="application/csp-report").status_code == 400
    assert client.get("/csp/rapport/").status_code == 405
