"""Sauvegarde et restauration de la plateforme : la base (copie cohérente, serveur en marche) et les fichiers.

Une sauvegarde est un dossier `osezia-AAAAMMJJ-HHMMSS/` :
- `base.sqlite3` (SQLite : API de sauvegarde en ligne, une copie cohérente même pendant des écritures) ou
  `base.pgdump` (PostgreSQL : `pg_dump --format=custom`, un instantané transactionnel) ;
- `fichiers.tar.gz` : les fichiers rangés par le stockage de Django (MEDIA_ROOT : les rapports PDF gardés) ;
- `informations.json` : moteur, date, dernière migration de chaque application ;
- `SHA256SUMS` : l'empreinte de chaque fichier, au format de `sha256sum -c`, vérifiée avant toute restauration.
Le dossier est écrit sous un nom provisoire puis renommé : une sauvegarde interrompue ne passe jamais pour complète.
"""

import glob
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

PREFIXE = "osezia-"
MOTIF_NOM = re.compile(r"^osezia-\d{8}-\d{6}(-\d+)?$")
EMPREINTES = "SHA256SUMS"
INFORMATIONS = "informations.json"
FICHIERS = "fichiers.tar.gz"
BASE = {"sqlite": "base.sqlite3", "postgresql": "base.pgdump"}


class ErreurSauvegarde(Exception):
    """Message en français, montré tel quel par les commandes."""


def moteur(alias="default"):
    vendor = connections[alias].vendor
    if vendor not in BASE:
        raise ErreurSauvegarde(f"Moteur de base non pris en charge : {vendor}.")
    return vendor


def outil_postgresql(nom):
    """pg_dump ou pg_restore : celui du PATH, sinon la version la plus récente de /usr/lib/postgresql (un pg_dump
    plus ancien que le serveur refuse de sauvegarder)."""
    trouve = shutil.which(nom)
    if trouve:
        return trouve
    candidats = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{nom}"), key=_version_du_dossier)
    if not candidats:
        raise ErreurSauvegarde(f"{nom} introuvable : installez le client PostgreSQL (paquet postgresql-client).")
    return candidats[-1]


def _version_du_dossier(chemin):
    return tuple(int(n) for n in Path(chemin).parent.parent.name.split(".") if n.isdigit())


def _connexion_postgresql(reglages):
    """Arguments et environnement des outils PostgreSQL pour la base décrite par `reglages` (settings_dict) :
    le mot de passe passe par PGPASSWORD, jamais par la ligne de commande (visible de `ps`)."""
    arguments = []
    if reglages.get("HOST"):
        arguments += ["--host", str(reglages["HOST"])]
    if reglages.get("PORT"):
        arguments += ["--port", str(reglages["PORT"])]
    if reglages.get("USER"):
        arguments += ["--username", str(reglages["USER"])]
    environnement = dict(os.environ)
    if reglages.get("PASSWORD"):
        environnement["PGPASSWORD"] = str(reglages["PASSWORD"])
    if reglages.get("OPTIONS", {}).get("sslmode"):
        environnement["PGSSLMODE"] = reglages["OPTIONS"]["sslmode"]
    return arguments, environnement


def _lancer(commande, environnement):
    resultat = subprocess.run(commande, env=environnement, capture_output=True, text=True)
    if resultat.returncode != 0:
        raise ErreurSauvegarde(f"{Path(commande[0]).name} a échoué : {resultat.stderr.strip()[-2000:]}")


def empreinte(chemin):
    h = hashlib.sha256()
    with open(chemin, "rb") as flux:
        for bloc in iter(lambda: flux.read(1024 * 1024), b""):
            h.update(bloc)
    return h.hexdigest()


def _migrations(alias):
    dernieres = {}
    for app, nom in MigrationRecorder(connections[alias]).applied_migrations():
        dernieres[app] = max(dernieres.get(app, nom), nom)
    return dict(sorted(dernieres.items()))


# --- Sauvegarder -------------------------------------------------------------------------------------------------


def _sauvegarder_sqlite(connexion, destination):
    connexion.ensure_connection()
    copie = sqlite3.connect(destination)
    try:
        # Copie page à page par l'API de sauvegarde de SQLite : cohérente même si le serveur écrit pendant ce temps.
        connexion.connection.backup(copie)
        # Un seul fichier autonome, sans journal WAL à côté.
        copie.execute("PRAGMA journal_mode=DELETE")
    finally:
        copie.close()


def _sauvegarder_postgresql(connexion, destination):
    reglages = connexion.settings_dict
    arguments, environnement = _connexion_postgresql(reglages)
    _lancer(
        [outil_postgresql("pg_dump"), "--format=custom", "--file", str(destination), *arguments, reglages["NAME"]],
        environnement,
    )


def _archiver_fichiers(destination):
    racine = Path(settings.MEDIA_ROOT)
    with tarfile.open(destination, "w:gz") as archive:
        if racine.is_dir():
            for chemin in sorted(racine.rglob("*")):
                if chemin.is_file():
                    archive.add(chemin, arcname=str(chemin.relative_to(racine)), recursive=False)


def _nom_libre(dossier, maintenant):
    base = f"{PREFIXE}{timezone.localtime(maintenant):%Y%m%d-%H%M%S}"
    nom, n = base, 1
    while (dossier / nom).exists():
        n += 1
        nom = f"{base}-{n}"
    return nom


def sauvegarder(*, dossier, garder=None, alias="default"):
    """Écrit une sauvegarde complète dans `dossier` et rend son chemin ; avec `garder`, efface ensuite les plus
    anciennes pour n'en garder que ce nombre."""
    dossier = Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    connexion = connections[alias]
    vendor = moteur(alias)
    maintenant = timezone.now()
    nom = _nom_libre(dossier, maintenant)
    provisoire = dossier / f".{nom}.partiel"
    provisoire.mkdir()
    try:
        base = provisoire / BASE[vendor]
        if vendor == "sqlite":
            _sauvegarder_sqlite(connexion, base)
        else:
            _sauvegarder_postgresql(connexion, base)
        _archiver_fichiers(provisoire / FICHIERS)
        informations = {
            "moteur": vendor,
            "cree_le": maintenant.isoformat(),
            "migrations": _migrations(alias),
        }
        (provisoire / INFORMATIONS).write_text(json.dumps(informations, indent=2, ensure_ascii=False) + "\n")
        lignes = [f"{empreinte(provisoire / f)}  {f}\n" for f in (BASE[vendor], FICHIERS, INFORMATIONS)]
        (provisoire / EMPREINTES).write_text("".join(lignes))
        provisoire.rename(dossier / nom)
    except BaseException:
        shutil.rmtree(provisoire, ignore_errors=True)
        raise
    if garder:
        purger(dossier=dossier, garder=garder)
    return dossier / nom


def sauvegardes(dossier):
    """Les sauvegardes complètes du dossier, de la plus ancienne à la plus récente."""
    dossier = Path(dossier)
    if not dossier.is_dir():
        return []
    return sorted(p for p in dossier.iterdir() if p.is_dir() and MOTIF_NOM.match(p.name) and (p / EMPREINTES).is_file())


def purger(*, dossier, garder):
    """Garde les `garder` sauvegardes les plus récentes ; rend celles qui ont été effacées. Ne touche qu'aux
    dossiers qui ont le nom et le fichier d'empreintes d'une sauvegarde."""
    if garder < 1:
        raise ErreurSauvegarde("Gardez au moins une sauvegarde.")
    anciennes = sauvegardes(dossier)[:-garder]
    for chemin in anciennes:
        shutil.rmtree(chemin)
    return anciennes


# --- Restaurer ---------------------------------------------------------------------------------------------------


def verifier(chemin):
    """Les informations d'une sauvegarde dont chaque fichier a l'empreinte notée ; ErreurSauvegarde sinon."""
    chemin = Path(chemin)
    if not (chemin / EMPREINTES).is_file():
        raise ErreurSauvegarde(f"{chemin} n'est pas une sauvegarde d'osezia (pas de fichier {EMPREINTES}).")
    for ligne in (chemin / EMPREINTES).read_text().splitlines():
        attendue, nom = ligne.split("  ", 1)
        fichier = chemin / nom
        if not fichier.is_file():
            raise ErreurSauvegarde(f"Sauvegarde incomplète : {nom} manque.")
        if empreinte(fichier) != attendue:
            raise ErreurSauvegarde(f"Sauvegarde altérée : l'empreinte de {nom} ne correspond pas.")
    return json.loads((chemin / INFORMATIONS).read_text())


def _base_vide(connexion):
    return not connexion.introspection.table_names()


def _restaurer_sqlite(connexion, source):
    nom = str(connexion.settings_dict["NAME"])
    if nom == ":memory:" or "mode=memory" in nom:
        raise ErreurSauvegarde("La base configurée est en mémoire : restaurez dans un fichier (DATABASE_URL).")
    connexion.close()
    lue = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    cible = sqlite3.connect(nom)
    try:
        lue.backup(cible)  # remplace tout le contenu de la cible, page à page
    finally:
        cible.close()
        lue.close()


def _restaurer_postgresql(connexion, source):
    reglages = connexion.settings_dict
    arguments, environnement = _connexion_postgresql(reglages)
    connexion.close()
    # Tout ou rien (une seule transaction) ; les objets de la sauvegarde remplacent ceux du même nom.
    _lancer(
        [
            outil_postgresql("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            reglages["NAME"],
            *arguments,
            str(source),
        ],
        environnement,
    )


def _restaurer_fichiers(archive):
    racine = Path(settings.MEDIA_ROOT)
    racine.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as lue:
        for membre in lue.getmembers():
            # Une archive écrite par sauvegarder() ne contient que des fichiers sous MEDIA_ROOT : on refuse le reste.
            cible = (racine / membre.name).resolve()
            if not membre.isfile() or racine.resolve() not in cible.parents:
                raise ErreurSauvegarde(f"Archive de fichiers suspecte : {membre.name}.")
            cible.parent.mkdir(parents=True, exist_ok=True)
            with lue.extractfile(membre) as flux, open(cible, "wb") as ecrit:
                shutil.copyfileobj(flux, ecrit)


def restaurer(*, chemin, ecraser=False, alias="default"):
    """Restaure la sauvegarde `chemin` dans la base configurée et MEDIA_ROOT. Refuse une base qui a déjà des
    tables, sauf `ecraser`. Rend les informations de la sauvegarde."""
    chemin = Path(chemin)
    informations = verifier(chemin)
    connexion = connections[alias]
    vendor = moteur(alias)
    if informations["moteur"] != vendor:
        raise ErreurSauvegarde(
            f"Sauvegarde {informations['moteur']}, base configurée {vendor} : restaurez dans le même moteur."
        )
    if not ecraser and not _base_vide(connexion):
        raise ErreurSauvegarde(
            "La base configurée n'est pas vide : restaurez dans une base neuve, ou ajoutez --ecraser pour la remplacer."
        )
    source = chemin / BASE[vendor]
    if vendor == "sqlite":
        _restaurer_sqlite(connexion, source)
    else:
        _restaurer_postgresql(connexion, source)
    _restaurer_fichiers(chemin / FICHIERS)
    return informations
