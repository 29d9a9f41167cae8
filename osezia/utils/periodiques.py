"""Travail périodique de la plateforme, lancé par `manage.py taches_periodiques` : par cron ou un minuteur systemd
en production, par la boucle de `manage.py lancer` (make run) en développement. Chaque travail est idempotent."""

from django.utils.module_loading import import_string

TRAVAUX = [
    ("E-mails à réessayer", "osezia.notifications.services.relancer_courriels"),
    ("Projets sans activité relancés (responsable, puis conseiller)", "osezia.projets.relances.relancer_projets"),
    ("Labels échus marqués expirés, fournisseurs avertis 60 jours avant", "osezia.labels.services.traiter_echeances"),
    (
        "Mises en relation : lots suivants, relances, enquêtes à 30 jours",
        "osezia.relations.services.relations_periodiques",
    ),
    (
        "Rendez-vous d'affaires tenus versés au tunnel des mises en relation",
        "osezia.rendezvous.services.rendez_vous_tenus_dans_le_tunnel",
    ),
    ("Rapports PDF de plus de 30 jours effacés", "osezia.diagnostic.pdf.purger_anciens"),
    ("Compteurs de limite de débit expirés effacés", "osezia.utils.limites.purger_expires"),
    ("Organisations effacées au bout du délai de grâce", "osezia.rgpd.services.effacer_les_organisations_dues"),
    ("Comptes inactifs avertis ou supprimés", "osezia.rgpd.services.appliquer_conservation"),
    ("E-mails de plus de 90 jours effacés", "osezia.rgpd.services.purger_courriels"),
    ("Tentatives et journal des connexions purgés", "osezia.rgpd.services.purger_connexions"),
    ("Entrées du journal des actions de plus d'un an effacées", "osezia.journal.services.purger_anciens"),
]


def executer():
    """[(libellé, résultat)] ; un travail en échec n'empêche pas les suivants."""
    resultats = []
    for libelle, chemin in TRAVAUX:
        try:
            resultats.append((libelle, import_string(chemin)()))
        except Exception as erreur:  # noté et rapporté ; le prochain passage réessaie
            resultats.append((libelle, f"échec : {type(erreur).__name__} : {erreur}"))
    return resultats
