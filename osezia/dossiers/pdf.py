"""L'attestation de décision d'un dossier (WeasyPrint), rendue à la première demande puis rangée par l'API de
stockage de Django (`attestations/<dossier>/v<version>.pdf`, hors de toute adresse publique).

Une page, sans image : le rendu prend peu de temps, il se fait pendant la requête de téléchargement plutôt que dans
la transaction de la décision (un échec de WeasyPrint ne peut pas défaire une décision). Une nouvelle version du
dossier (un versement) donne une nouvelle attestation."""

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from osezia.diagnostic.pdf import POLICES, ecrire_pdf
from osezia.dossiers.models import Dossier


def html(dossier):
    return render_to_string(
        "dossiers/attestation_pdf.html",
        {
            "dossier": dossier,
            "versements": dossier.versements.all(),
            "polices": POLICES.as_uri(),
            "edite_le": timezone.localdate(),
        },
    )


def attestation(dossier):
    """(contenu PDF, nom de fichier) de l'attestation de la version actuelle du dossier."""
    nom = f"attestations/{dossier.pk}/v{dossier.version}.pdf"
    telecharge = f"attestation-dossier-{dossier.pk}.pdf"
    champ = dossier.attestation
    if champ and champ.name == nom and champ.storage.exists(nom):
        with champ.open("rb") as fichier:
            return fichier.read(), telecharge
    contenu = ecrire_pdf(html(dossier))
    enregistre = champ.storage.save(nom, ContentFile(contenu))
    # Conditionnel à la version : une attestation rendue pendant un versement ne remplace pas la plus récente.
    Dossier.objects.filter(pk=dossier.pk, version=dossier.version).update(attestation=enregistre)
    return contenu, telecharge
