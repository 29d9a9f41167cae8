"""L'agenda d'un participant hors du site : fichier iCalendar (agendas des téléphones et messageries) et PDF.

Le PDF reprend la façon du rapport de diagnostic (WeasyPrint, polices Marianne du DSFR, texte réel). Une page
d'agenda se rend en 0,7 s environ : rendue à la demande, sans file d'attente, puis gardée en cache sous l'empreinte
de son HTML (un agenda change rarement ; le même agenda est souvent retéléchargé le jour même)."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from icalendar import Calendar, Event
from weasyprint import HTML

from osezia.diagnostic.pdf import POLICES
from osezia.rendezvous import selectors


def lieu(evenement):
    return "En ligne" if evenement.en_ligne else evenement.lieu


def agenda_ics(participant):
    """Un VEVENT par rendez-vous publié et non annulé ; l'UID suit le rendez-vous : un agenda réimporté se met à
    jour au lieu de se dupliquer."""
    evenement = participant.evenement
    calendrier = Calendar()
    calendrier.add("prodid", "-//osezia//Rendez-vous d'affaires//FR")
    calendrier.add("version", "2.0")
    calendrier.add("calscale", "GREGORIAN")
    calendrier.add("x-wr-calname", f"{evenement.nom} — {participant.organisation.nom}")
    lien = settings.OSEZIA["URL_SITE"] + reverse("rendezvous:agenda", args=[participant.pk])
    for ligne in selectors.agenda(participant):
        if ligne.rendez_vous is None or ligne.annule:
            continue
        rdv = ligne.rendez_vous
        vevent = Event()
        vevent.add("uid", f"rdv-{rdv.pk}@osezia")
        vevent.add("dtstamp", rdv.notifie_le)
        vevent.add("dtstart", ligne.debut)
        vevent.add("dtend", ligne.fin)
        vevent.add("summary", f"Rendez-vous avec {ligne.autre.organisation.nom}")
        vevent.add("location", lieu(evenement))
        vevent.add(
            "description",
            f"{evenement.nom}\n{ligne.autre.get_nature_display()} : {ligne.autre.organisation.nom}\n"
            f"Table {rdv.table}\nVotre agenda : {lien}",
        )
        calendrier.add_component(vevent)
    calendrier.add_missing_timezones()
    return calendrier.to_ical()


def agenda_pdf(participant):
    html = render_to_string(
        "rendezvous/agenda_pdf.html",
        {
            "participant": participant,
            "evenement": participant.evenement,
            "lignes": selectors.agenda(participant),
            "lieu": lieu(participant.evenement),
            "polices": POLICES.as_uri(),
        },
    )
    cle = "rendezvous:agenda-pdf:" + hashlib.sha256(html.encode()).hexdigest()
    contenu = cache.get(cle)
    if contenu is None:
        contenu = HTML(string=html, base_url=str(POLICES)).write_pdf(pdf_tags=True)
        cache.set(cle, contenu, timeout=24 * 3600)
    return contenu
