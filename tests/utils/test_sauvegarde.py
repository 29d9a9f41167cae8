"""Sauvegarde et restauration : une sauvegarde de la base de test (démonstration, un diagnostic suivi, un rapport
PDF gardé) restaurée dans une base neuve sert le même contenu. Sur SQLite et sur PostgreSQL (make test-postgres)."""

import difflib
import io
import json
import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from osezia.catalogue.models import Solution
from osezia.comptes import services as comptes
from osezia.diagnostic import services as diagnostics
from osezia.diagnostic.enums import StatutFichierPDF
from osezia.diagnostic.models import FichierPDF
from osezia.utils import sauvegarde
from tests.diagnostic.factories import conseiller_avec_portefeuille, diagnostic, membre_entreprise
from tests.utils.contenu_servi import contenu_servi

RACINE = Path(settings.BASE_DIR)


def _environnement(url_base, media):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env.update(DJANGO_ENV="test", DATABASE_URL=url_base, DJANGO_MEDIA_ROOT=str(media), PYTHONWARNINGS="ignore")
    return env


def _manage(env, *arguments):
    return subprocess.run(
        [sys.executable, str(RACINE / "manage.py"), *arguments], cwd=RACINE, env=env, capture_output=True, text=True
    )


def _ecart(url, attendu, obtenu):
    lignes = difflib.unified_diff(attendu.splitlines(), obtenu.splitlines(), "origine", "restaurée", lineterm="", n=1)
    return f"{url} :\n" + "\n".join(list(lignes)[:40])


@contextmanager
def _base_neuve(tmp_path):
    """L'adresse d'une base vide du même moteur : un nouveau fichier SQLite, ou une nouvelle base sur le même
    serveur PostgreSQL (créée puis supprimée par une connexion en autocommit)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restauree.sqlite3'}"
        return
    import psycopg

    reglages = connection.settings_dict
    nom = f"osezia_restauree_{uuid.uuid4().hex[:8]}"
    parametres = {
        "host": reglages["HOST"],
        "port": reglages["PORT"],
        "user": reglages["USER"],
        "password": reglages["PASSWORD"],
        "dbname": reglages["NAME"],
        "autocommit": True,
    }
    with psycopg.connect(**parametres) as administration:
        administration.execute(f'CREATE DATABASE "{nom}"')
    try:
        mot_de_passe = f":{reglages['PASSWORD']}" if reglages["PASSWORD"] else ""
        yield f"postgres://{reglages['USER']}{mot_de_passe}@{reglages['HOST']}:{reglages['PORT']}/{nom}"
    finally:
        with psycopg.connect(**parametres) as administration:
            administration.execute(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')


@pytest.fixture
def contenu(settings):
    """Un diagnostic validé par un conseiller, son jeton d'API, un rapport PDF gardé, en plus de la démonstration."""
    membre = membre_entreprise(naf_id="10.71C", nom="Boulangerie de la sauvegarde")
    diag = diagnostic(membre)
    conseiller, _ = conseiller_avec_portefeuille(membre.organisation)
    diagnostics.prendre_en_charge(diagnostic=diag, conseiller=conseiller)
    diagnostics.valider(diagnostic=diag, conseiller=conseiller)
    _, jeton = comptes.creer_jeton(utilisateur=membre.utilisateur, nom="Sauvegarde", lecture_seule=True)
    pdf = FichierPDF.objects.create(diagnostic=diag, empreinte="e" * 64, statut=StatutFichierPDF.PRET)
    pdf.fichier.save(f"{diag.pk}/{'e' * 64}.pdf", ContentFile(b"%PDF-1.7 rapport de test"), save=True)
    solution = Solution.objects.publiees().order_by("slug").first()
    return {"jeton": jeton, "diagnostic_id": diag.pk, "solution_slug": solution.slug}


@pytest.mark.django_db(transaction=True)  # la sauvegarde lit ce qui est validé : rien ne reste dans une transaction
def test_une_sauvegarde_restauree_dans_une_base_neuve_sert_le_meme_contenu(tmp_path, contenu):
    origine = contenu_servi(**contenu)
    assert origine["comptes"]["catalogue.Solution"] > 5 and origine["comptes"]["journal.EvenementJournal"] == 3
    assert all(statut == 200 for statut, _ in origine["pages"].values()), origine["pages"].keys()
    assert len(origine["fichiers"]) == 1

    dossier = tmp_path / "sauvegardes"
    for _ in range(2):
        sortie = io.StringIO()
        call_command("sauvegarder", "--dossier", str(dossier), "--garder", "1", stdout=sortie)
    [chemin] = sauvegarde.sauvegardes(dossier)  # --garder 1 : la première est effacée
    assert f"Sauvegarde écrite : {chemin}" in sortie.getvalue() and "Ancienne sauvegarde effacée" in sortie.getvalue()
    fichiers = sorted(p.name for p in chemin.iterdir())
    assert fichiers == sorted(
        ["SHA256SUMS", "fichiers.tar.gz", "informations.json", sauvegarde.BASE[connection.vendor]]
    )
    informations = json.loads((chemin / "informations.json").read_text())
    assert informations["moteur"] == connection.vendor and "journal" in informations["migrations"]

    with _base_neuve(tmp_path) as url:
        env = _environnement(url, tmp_path / "media-restauree")
        restauration = _manage(env, "restaurer", str(chemin))
        assert restauration.returncode == 0, restauration.stderr
        arguments = ["--jeton", contenu["jeton"], "--diagnostic", str(contenu["diagnostic_id"])]
        arguments += ["--solution", contenu["solution_slug"]]
        lecture = subprocess.run(
            [sys.executable, "-m", "tests.utils.contenu_servi", *arguments],
            cwd=RACINE,
            env=env,
            capture_output=True,
            text=True,
        )
        assert lecture.returncode == 0, lecture.stderr
        restaure = json.loads(lecture.stdout)
        assert restaure["comptes"] == origine["comptes"]
        assert restaure["fichiers"] == origine["fichiers"]
        for url_page, (statut, texte) in origine["pages"].items():
            assert restaure["pages"][url_page][0] == statut, url_page
            assert restaure["pages"][url_page][1] == texte, _ecart(url_page, texte, restaure["pages"][url_page][1])

        # Une seconde restauration sur la base désormais remplie est refusée, sauf --ecraser.
        refus = _manage(env, "restaurer", str(chemin))
        assert refus.returncode != 0 and "n'est pas vide" in refus.stderr
        assert _manage(env, "restaurer", str(chemin), "--ecraser").returncode == 0


def _fausse_sauvegarde(dossier, moteur):
    dossier.mkdir()
    (dossier / sauvegarde.BASE[moteur]).write_bytes(b"contenu")
    (dossier / "fichiers.tar.gz").write_bytes(b"archive")
    (dossier / "informations.json").write_text(json.dumps({"moteur": moteur, "cree_le": "2026-01-01T02:00:00+00:00"}))
    noms = (sauvegarde.BASE[moteur], "fichiers.tar.gz", "informations.json")
    (dossier / "SHA256SUMS").write_text("".join(f"{sauvegarde.empreinte(dossier / n)}  {n}\n" for n in noms))
    return dossier


def test_une_sauvegarde_alteree_ou_incomplete_n_est_pas_restauree(tmp_path):
    faux = _fausse_sauvegarde(tmp_path / "osezia-20260101-020000", "sqlite")
    assert sauvegarde.verifier(faux)["moteur"] == "sqlite"
    (faux / "base.sqlite3").write_bytes(b"contenu modifie")
    with pytest.raises(CommandError, match="altérée : l'empreinte de base.sqlite3"):
        call_command("restaurer", str(faux))
    (faux / "base.sqlite3").unlink()
    with pytest.raises(sauvegarde.ErreurSauvegarde, match="incomplète : base.sqlite3 manque"):
        sauvegarde.verifier(faux)
    with pytest.raises(CommandError, match="n'est pas une sauvegarde"):
        call_command("restaurer", str(tmp_path))


def test_garder_n_efface_les_plus_anciennes_sauvegardes_seulement(tmp_path):
    noms = ["osezia-20260101-020000", "osezia-20260102-020000", "osezia-20260103-020000", "osezia-20260103-020000-2"]
    for nom in noms:
        (tmp_path / nom).mkdir()
        (tmp_path / nom / "SHA256SUMS").write_text("")
    (tmp_path / "osezia-notes").mkdir()  # pas une sauvegarde : jamais effacé
    (tmp_path / ".osezia-20260104-020000.partiel").mkdir()
    effacees = sauvegarde.purger(dossier=tmp_path, garder=2)
    assert [p.name for p in effacees] == noms[:2]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".osezia-20260104-020000.partiel", "osezia-notes", *noms[2:]]
    )
    with pytest.raises(sauvegarde.ErreurSauvegarde):
        sauvegarde.purger(dossier=tmp_path, garder=0)


def test_une_sauvegarde_d_un_autre_moteur_est_refusee(tmp_path):
    autre = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    faux = _fausse_sauvegarde(tmp_path / "osezia-20260101-020000", autre)
    with pytest.raises(CommandError, match="restaurez dans le même moteur"):
        call_command("restaurer", str(faux))


@pytest.mark.django_db
def test_une_sauvegarde_interrompue_ne_laisse_rien(tmp_path, monkeypatch):
    def panne(*args):
        raise sauvegarde.ErreurSauvegarde("disque plein")

    monkeypatch.setattr(sauvegarde, f"_sauvegarder_{connection.vendor}", panne)
    with pytest.raises(CommandError, match="disque plein"):
        call_command("sauvegarder", "--dossier", str(tmp_path))
    assert list(tmp_path.iterdir()) == []
