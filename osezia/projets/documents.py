"""Contrôle d'un fichier déposé : taille, et type reconnu à ses premiers octets, pas à son nom.

Un exécutable renommé « .pdf » commence par « MZ » (ou « \\x7fELF ») et n'a pas la signature d'un PDF : il est
refusé. Les documents bureautiques OOXML et OpenDocument sont des archives ZIP : on vérifie aussi ce qu'elles
contiennent."""

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError

TAILLE_MAX = 10 * 1024 * 1024  # 10 Mo


@dataclass(frozen=True)
class Format:
    libelle: str
    type_contenu: str
    extensions: tuple


PDF = Format("PDF", "application/pdf", (".pdf",))
PNG = Format("image PNG", "image/png", (".png",))
JPEG = Format("image JPEG", "image/jpeg", (".jpg", ".jpeg"))
DOCX = Format("document Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = Format("classeur Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
PPTX = Format(
    "présentation PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",)
)
ODT = Format("document OpenDocument", "application/vnd.oasis.opendocument.text", (".odt",))
ODS = Format("classeur OpenDocument", "application/vnd.oasis.opendocument.spreadsheet", (".ods",))
ODP = Format("présentation OpenDocument", "application/vnd.oasis.opendocument.presentation", (".odp",))
ANCIEN_OFFICE = Format("document Office", "application/x-ole-storage", (".doc", ".xls", ".ppt"))

FORMATS = (PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS, ODP, ANCIEN_OFFICE)
EXTENSIONS = sorted(e for f in FORMATS for e in f.extensions)
# Dossier propre à chaque format OOXML, et type déclaré par chaque format OpenDocument (fichier « mimetype »).
DOSSIER_OOXML = {DOCX: "word/", XLSX: "xl/", PPTX: "ppt/"}
OPENDOCUMENT = {ODT: ODT.type_contenu, ODS: ODS.type_contenu, ODP: ODP.type_contenu}
MESSAGE_FORMAT = "Ce fichier n'est pas un PDF, une image PNG ou JPEG, ni un document Office ou OpenDocument."


def _format_zip(fichier, attendu):
    try:
        with zipfile.ZipFile(fichier) as archive:
            noms = set(archive.namelist())
            if attendu in DOSSIER_OOXML:
                return "[Content_Types].xml" in noms and any(n.startswith(DOSSIER_OOXML[attendu]) for n in noms)
            if attendu in OPENDOCUMENT and "mimetype" in noms:
                return archive.read("mimetype").decode("ascii", "replace").strip() == OPENDOCUMENT[attendu]
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return False
    return False


def verifier(fichier):
    """Le Format du fichier déposé (UploadedFile), ou ValidationError en français."""
    if fichier.size > TAILLE_MAX:
        poids = f"{fichier.size / 1024 / 1024:.1f}".replace(".", ",")
        raise ValidationError(f"Ce fichier pèse {poids} Mo : 10 Mo au plus.")
    if fichier.size == 0:
        raise ValidationError("Ce fichier est vide.")
    extension = PurePosixPath(fichier.name or "").suffix.lower()
    attendu = next((f for f in FORMATS if extension in f.extensions), None)
    if attendu is None:
        raise ValidationError(f"{MESSAGE_FORMAT} Extensions acceptées : {', '.join(EXTENSIONS)}.")
    fichier.seek(0)
    debut = fichier.read(8)
    fichier.seek(0)
    conforme = {
        PDF: debut.startswith(b"%PDF-"),
        PNG: debut.startswith(b"\x89PNG\r\n\x1a\n"),
        JPEG: debut.startswith(b"\xff\xd8\xff"),
        ANCIEN_OFFICE: debut.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    }.get(attendu)
    if conforme is None:  # formats en archive ZIP
        conforme = debut.startswith(b"PK\x03\x04") and _format_zip(fichier, attendu)
        fichier.seek(0)
    if not conforme:
        raise ValidationError(
            f"Le contenu de ce fichier ne correspond pas à son extension « {extension} » : il n'est pas un "
            f"{attendu.libelle} valide."
        )
    return attendu
