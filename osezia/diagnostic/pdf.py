"""Le rapport en PDF (WeasyPrint) : le même contenu que la page, mis en page pour l'impression, texte réel
(copiable, indexable), polices Marianne du DSFR embarquées.

Rendre un PDF prend près d'une seconde : le site ne le fait jamais pendant une requête. `demander` calcule la
version (empreinte du HTML), et une tâche de fond rend le fichier une fois par version ; il est ensuite servi tel quel."""

import hashlib
import logging
from datetime import timedelta
from pathlib import Path

import dsfr
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from osezia.diagnostic.enums import StatutFichierPDF
from osezia.diagnostic.models import FichierPDF

POLICES = Path(dsfr.__file__).resolve().parent / "static" / "dsfr" / "dist" / "fonts"
# Un PDF se refait à la demande : au-delà, on ne garde pas les anciennes versions.
CONSERVATION = timedelta(days=30)
logger = logging.getLogger(__name__)


def html_du_rapport(rapport):
    return render_to_string("diagnostic/rapport_pdf.html", {"rapport": rapport, "polices": POLICES.as_uri()})


def ecrire_pdf(html):
    return HTML(string=html, base_url=str(POLICES)).write_pdf(pdf_tags=True)


def rapport_pdf(rapport):
    """Rendu direct, sans file d'attente (mesures et tests du contenu)."""
    return ecrire_pdf(html_du_rapport(rapport))


def version_du_rapport(diagnostic, *, vue_conseiller):
    """(HTML, empreinte SHA-256) du rapport tel qu'il est aujourd'hui : l'empreinte nomme la version d'un PDF."""
    from osezia.diagnostic.rapport import construire

    html = html_du_rapport(construire(diagnostic, vue_conseiller=vue_conseiller))
    return html, hashlib.sha256(html.encode()).hexdigest()


def demander(*, diagnostic, vue_conseiller):
    """Le FichierPDF de la version actuelle du rapport ; met son rendu en file s'il n'existe pas encore (ou a
    échoué). Deux demandes simultanées de la même version n'en font qu'un : la contrainte d'unicité tranche."""
    from osezia.diagnostic.taches import rendre_pdf

    html, empreinte = version_du_rapport(diagnostic, vue_conseiller=vue_conseiller)
    try:
        with transaction.atomic():
            fichier, cree = FichierPDF.objects.get_or_create(
                diagnostic=diagnostic, empreinte=empreinte, defaults={"html": html}
            )
            if cree:
                rendre_pdf.enqueue(fichier.pk)
    except IntegrityError:
        fichier, cree = FichierPDF.objects.get(diagnostic=diagnostic, empreinte=empreinte), False
    if not cree and fichier.statut == StatutFichierPDF.ECHEC:
        with transaction.atomic():
            if FichierPDF.objects.filter(pk=fichier.pk, statut=StatutFichierPDF.ECHEC).update(
                statut=StatutFichierPDF.EN_PREPARATION, erreur=""
            ):
                rendre_pdf.enqueue(fichier.pk)
    fichier.refresh_from_db()
    return fichier


def contenu(fichier):
    """Les octets d'un PDF prêt (200 Kio environ : lus d'un coup)."""
    with fichier.fichier.open("rb") as flux:
        return flux.read()


def rendre(fichier_id):
    fichier = FichierPDF.objects.filter(pk=fichier_id, statut=StatutFichierPDF.EN_PREPARATION).first()
    if fichier is None:
        return "déjà rendu"
    try:
        contenu = ecrire_pdf(fichier.html)
        nom = f"{fichier.diagnostic_id}/{fichier.empreinte}.pdf"
        fichier.fichier.save(nom, ContentFile(contenu), save=False)
    except Exception as erreur:  # noté : la prochaine demande relance le rendu
        logger.exception("Rapport PDF %s non rendu", fichier.pk)
        FichierPDF.objects.filter(pk=fichier.pk).update(
            statut=StatutFichierPDF.ECHEC, erreur=f"{type(erreur).__name__} : {erreur}"[:2000]
        )
        return "échec"
    FichierPDF.objects.filter(pk=fichier.pk).update(
        statut=StatutFichierPDF.PRET, fichier=fichier.fichier.name, html="", pret_le=timezone.now()
    )
    return "prêt"


def purger_anciens():
    """Travail périodique : efface les PDF demandés il y a plus de 30 jours (ils se refont à la demande)."""
    anciens = FichierPDF.objects.filter(demande_le__lt=timezone.now() - CONSERVATION)
    nombre = 0
    for fichier in anciens.iterator():
        if fichier.fichier:
            fichier.fichier.delete(save=False)
        fichier.delete()
        nombre += 1
    return nombre
