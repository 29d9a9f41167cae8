"""Rapports de violation de la politique de sécurité du contenu, envoyés par les navigateurs (directive report-uri).

Un rapport dit qu'une ressource a été bloquée : un script ou un style en ligne oublié dans un gabarit, ou une
injection tentée. On le journalise (niveau WARNING) pour le corriger ; rien n'est enregistré en base."""

import json
import logging

from django.http import HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

journal = logging.getLogger("osezia.csp")
TAILLE_MAXIMALE = 16 * 1024
CHAMPS = ("document-uri", "violated-directive", "effective-directive", "blocked-uri", "source-file", "line-number")


@csrf_exempt
def rapport_csp(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    corps = request.body[:TAILLE_MAXIMALE]
    try:
        rapport = json.loads(corps).get("csp-report", {})
    except (ValueError, AttributeError):
        return HttpResponse(status=400)
    if not isinstance(rapport, dict):
        return HttpResponse(status=400)
    journal.warning("Violation CSP : %s", {champ: str(rapport.get(champ, ""))[:300] for champ in CHAMPS})
    return HttpResponse(status=204)
