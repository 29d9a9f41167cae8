"""Fabriques des projets : par les services, comme le site, pour une chronologie et un historique cohérents."""

import datetime
from decimal import Decimal

from osezia.cas_usage.models import CasUsage
from osezia.projets import services
from osezia.projets.enums import Etape, Sens, Unite
from tests.diagnostic.factories import membre_entreprise

# Un parcours qui avance, étape par étape, jusqu'à chaque étape du parcours.
CHEMIN = {
    Etape.IDEE: [],
    Etape.CADRAGE: [Etape.CADRAGE],
    Etape.POC: [Etape.CADRAGE, Etape.POC],
    Etape.PILOTE: [Etape.CADRAGE, Etape.POC, Etape.PILOTE],
    Etape.PRODUCTION: [Etape.CADRAGE, Etape.POC, Etape.PILOTE, Etape.PRODUCTION],
}


def projet(membre=None, *, etape=Etape.IDEE, cas_usage="prise-commandes-automatique", mesure=False, **champs):
    """Un projet de l'entreprise du membre (créé s'il manque), mené jusqu'à `etape` par les transitions permises."""
    membre = membre or membre_entreprise(naf_id="46.31Z")
    utilisateur, entreprise = membre.utilisateur, membre.organisation
    cas = CasUsage.objects.filter(slug=cas_usage).first() or CasUsage.objects.order_by("slug").first()
    resultat = services.creer_projet(
        utilisateur=utilisateur,
        entreprise=entreprise,
        titre=champs.pop("titre", f"Projet {cas.titre}"),
        objectif=champs.pop("objectif", "Ne plus ressaisir les commandes reçues par SMS."),
        cas_usage=cas,
        **champs,
    )
    if mesure or etape in (Etape.PRODUCTION, Etape.EN_PAUSE, Etape.ABANDONNE):
        indicateur(resultat, utilisateur, avec_mesure=True)
    arret = etape if etape in (Etape.EN_PAUSE, Etape.ABANDONNE) else None
    for vers in CHEMIN[Etape.POC if arret else etape]:
        services.changer_etape(projet=resultat, vers=vers, par=utilisateur)
    if arret:
        services.changer_etape(projet=resultat, vers=arret, par=utilisateur, motif="resultats")
    resultat.refresh_from_db()
    return resultat


def indicateur(projet, utilisateur, *, avec_mesure=False, **champs):
    valeurs = {
        "libelle": "Temps de saisie des commandes par jour",
        "unite": Unite.MINUTES,
        "valeur_reference": Decimal("120"),
        "date_reference": datetime.date(2026, 1, 5),
        "cible": Decimal("30"),
        "sens": Sens.BAISSE,
        **champs,
    }
    resultat = services.ajouter_indicateur(projet=projet, utilisateur=utilisateur, **valeurs)
    if avec_mesure:
        services.ajouter_mesure(
            indicateur=resultat, utilisateur=utilisateur, date=datetime.date(2026, 2, 2), valeur=Decimal("75")
        )
    return resultat
