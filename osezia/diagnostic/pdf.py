"""Le rapport en PDF (WeasyPrint) : le même contenu que la page, mis en page pour l'impression, texte réel
(copiable, indexable), polices Marianne du DSFR embarquées."""

from pathlib import Path

import dsfr
from django.template.loader import render_to_string
from weasyprint import HTML

POLICES = Path(dsfr.__file__).resolve().parent / "static" / "dsfr" / "dist" / "fonts"


def rapport_pdf(rapport):
    html = render_to_string("diagnostic/rapport_pdf.html", {"rapport": rapport, "polices": POLICES.as_uri()})
    return HTML(string=html, base_url=str(POLICES)).write_pdf(pdf_tags=True)
