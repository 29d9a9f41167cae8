"""Les projets qui s'enlisent, horloge figée : relances du responsable, alerte du conseiller si l'entreprise partage
ses données, jamais deux fois pour le même silence ; une activité remet le compte à zéro."""

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from osezia.notifications.enums import Categorie
from osezia.notifications.models import Courriel, Notification
from osezia.organisations.models import Consentement
from osezia.projets import relances, services
from osezia.projets.enums import Etape, RangRelance, TypeEvenement
from osezia.projets.models import Projet, RelanceProjet
from osezia.utils import periodiques
from tests.diagnostic.factories import conseiller_avec_portefeuille, membre_entreprise
from tests.organisations.factories import MembreFactory
from tests.projets.factories import projet

pytestmark = pytest.mark.django_db

DEPART = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
LIEN = re.compile(r"/projets/ou-en-est/([^/\s]+)/")


@pytest.fixture
def horloge(time_machine):
    time_machine.move_to(DEPART, tick=False)
    return time_machine


def _avancer(horloge, jours):
    horloge.shift(timedelta(days=jours))


def _relances_de(p):
    return list(RelanceProjet.objects.filter(projet=p).order_by("envoyee_le", "rang").values_list("rang", flat=True))


def _evenements_relance(p):
    return p.evenements.filter(type=TypeEvenement.RELANCE_ENVOYEE)


# --- Les délais, des données ---------------------------------------------------------------------------------


def test_les_delais_du_fichier_couvrent_chaque_etape_et_un_abandon_n_est_jamais_relance():
    delais = relances.delais()
    assert set(delais) == set(Etape)
    assert delais[Etape.POC].premiere == 45
    assert all(delais[Etape.ABANDONNE].apres(rang) is None for rang in RangRelance)
    assert all(regle.raison for regle in delais.values())


@pytest.mark.parametrize(
    ("modification", "message"),
    [
        (lambda d: d["etapes"].pop("poc"), "manquantes"),
        (lambda d: d["etapes"].update(essai=d["etapes"]["idee"]), "inconnues"),
        (lambda d: d["etapes"]["poc"].update(premiere="45"), "nombre de jours"),
        (lambda d: d["etapes"]["poc"].update(premiere=0), "nombre de jours"),
        (lambda d: d["etapes"]["poc"].update(deuxieme=None), "suppose la précédente"),
        (lambda d: d["etapes"]["poc"].update(raison=""), "raison"),
        (lambda d: d["etapes"]["poc"].pop("conseiller"), "clés attendues"),
        (lambda d: d["etapes"]["abandonne"].update(premiere=10), "jamais relancé"),
        (lambda d: d.pop("etapes"), "etapes"),
    ],
)
def test_un_fichier_de_delais_faux_est_refuse_en_clair(modification, message):
    donnees = yaml.safe_load(relances.FICHIER.read_text(encoding="utf-8"))
    modification(donnees)
    with pytest.raises(ImproperlyConfigured, match=message):
        relances.lire_delais(donnees)


def test_la_tache_est_dans_le_travail_periodique():
    assert "osezia.projets.relances.relancer_projets" in [chemin for _, chemin in periodiques.TRAVAUX]


# --- Le cycle d'un silence -----------------------------------------------------------------------------------


def test_un_poc_silencieux_relance_deux_fois_puis_le_conseiller_jamais_deux_fois(horloge):
    membre = membre_entreprise(naf_id="46.31Z")
    p = projet(membre, etape=Etape.POC, titre="Commandes par SMS")
    conseiller, structure = conseiller_avec_portefeuille(membre.organisation)
    silence = Projet.objects.get(pk=p.pk).derniere_activite_le
    courriels_avant = Courriel.objects.count()

    _avancer(horloge, 44)
    assert relances.relancer_projets() == 0 and _relances_de(p) == []

    _avancer(horloge, 1)  # 45 jours : première relance du responsable
    assert relances.relancer_projets() == 1
    assert _relances_de(p) == [RangRelance.PREMIERE]
    courriel = Courriel.objects.filter(categorie=Categorie.PROJET_RELANCE).get()
    assert courriel.destinataire == membre.utilisateur.email
    assert courriel.sujet == "Où en est le projet « Commandes par SMS » ?"
    assert "45 jours" in courriel.corps and "Preuve de concept (POC)" in courriel.corps
    assert "Rien n'a bougé" in courriel.corps and "&#x27;" not in courriel.corps and "?." not in courriel.corps
    assert LIEN.search(courriel.corps), courriel.corps
    assert Courriel.objects.count() == courriels_avant + 1
    evenement = _evenements_relance(p).get()
    assert evenement.acteur is None and membre.utilisateur.nom_affiche in evenement.texte
    # La relance n'est pas une activité : le silence continue.
    assert Projet.objects.get(pk=p.pk).derniere_activite_le == silence

    assert relances.relancer_projets() == 0  # relancée, la tâche n'envoie rien de plus
    _avancer(horloge, 20)
    assert relances.relancer_projets() == 0
    _avancer(horloge, 1)  # 21 jours après la première
    assert relances.relancer_projets() == 1
    assert _relances_de(p) == [RangRelance.PREMIERE, RangRelance.DEUXIEME]
    assert "Deuxième rappel" in Courriel.objects.filter(categorie=Categorie.PROJET_RELANCE).latest("pk").corps

    _avancer(horloge, 23)
    assert relances.relancer_projets() == 0
    _avancer(horloge, 1)  # 24 jours après la deuxième : alerte des conseillers de la structure
    assert relances.relancer_projets() == 1
    assert _relances_de(p) == [RangRelance.PREMIERE, RangRelance.DEUXIEME, RangRelance.CONSEILLER]
    alerte = Notification.objects.get(utilisateur=conseiller, categorie=Categorie.PROJET_SANS_NOUVELLES)
    assert "Commandes par SMS" in alerte.titre and alerte.lien == p.get_absolute_url()
    assert (
        Courriel.objects.filter(categorie=Categorie.PROJET_SANS_NOUVELLES, destinataire=conseiller.email).count() == 1
    )
    assert structure.nom in _evenements_relance(p).order_by("-pk").first().texte
    assert _evenements_relance(p).count() == 3

    for _ in range(3):
        _avancer(horloge, 100)
        assert relances.relancer_projets() == 0
    assert RelanceProjet.objects.filter(projet=p).count() == 3


def test_sans_partage_pas_d_alerte_et_le_partage_accorde_plus_tard_la_declenche(horloge):
    membre = membre_entreprise()
    p = projet(membre, etape=Etape.PILOTE)
    _avancer(horloge, 30)
    assert relances.relancer_projets() == 1
    _avancer(horloge, 15)
    assert relances.relancer_projets() == 1
    _avancer(horloge, 15)
    assert relances.relancer_projets() == 0  # due, l'alerte attend un partage : examinée de nouveau dans 7 jours
    assert Projet.objects.get(pk=p.pk).prochaine_relance_le == timezone.now() + relances.REEXAMEN
    _avancer(horloge, 200)
    assert relances.relancer_projets() == 0
    assert _relances_de(p) == [RangRelance.PREMIERE, RangRelance.DEUXIEME]
    assert not Notification.objects.filter(categorie=Categorie.PROJET_SANS_NOUVELLES).exists()
    # Un consentement retiré ne compte pas ; un consentement actif, si (au réexamen suivant).
    conseiller, structure = conseiller_avec_portefeuille(membre.organisation)
    Consentement.objects.filter(structure=structure).update(retire_le=timezone.now())
    _avancer(horloge, 7)
    assert relances.relancer_projets() == 0
    Consentement.objects.create(entreprise=membre.organisation, structure=structure, accorde_par=membre.utilisateur)
    assert relances.relancer_projets() == 0
    _avancer(horloge, 7)
    assert relances.relancer_projets() == 1
    assert Notification.objects.filter(utilisateur=conseiller, categorie=Categorie.PROJET_SANS_NOUVELLES).exists()


def test_une_activite_ouvre_un_nouveau_silence(horloge):
    membre = membre_entreprise()
    p = projet(membre, etape=Etape.CADRAGE)
    _avancer(horloge, 45)
    assert relances.relancer_projets() == 1
    _avancer(horloge, 10)
    services.commenter(projet=p, auteur=membre.utilisateur, texte="Le devis est signé, on attend les données.")
    _avancer(horloge, 30)  # 40 jours après la première relance, mais 30 jours seulement après le commentaire
    assert relances.relancer_projets() == 0
    _avancer(horloge, 15)  # 45 jours de ce nouveau silence : une première relance, pas une deuxième
    assert relances.relancer_projets() == 1
    assert _relances_de(p) == [RangRelance.PREMIERE, RangRelance.PREMIERE]
    assert RelanceProjet.objects.filter(projet=p).values("silence_depuis").distinct().count() == 2


def test_en_pause_un_seul_rappel_abandonne_jamais_production_sans_conseiller(horloge):
    membre = membre_entreprise()
    conseiller_avec_portefeuille(membre.organisation)
    pause = projet(membre, etape=Etape.EN_PAUSE, titre="En pause")
    abandon = projet(membre, etape=Etape.ABANDONNE, titre="Abandonné")
    production = projet(membre, etape=Etape.PRODUCTION, titre="En production")
    _avancer(horloge, 89)
    assert relances.relancer_projets() == 0
    _avancer(horloge, 1)
    assert relances.relancer_projets() == 1 and _relances_de(production) == [RangRelance.PREMIERE]
    assert "mesure de ses résultats" in Courriel.objects.filter(categorie=Categorie.PROJET_RELANCE).get().corps
    _avancer(horloge, 30)
    assert relances.relancer_projets() == 1 and _relances_de(pause) == [RangRelance.PREMIERE]
    assert "reprendre" in Courriel.objects.filter(categorie=Categorie.PROJET_RELANCE).latest("pk").corps
    for _ in range(10):
        _avancer(horloge, 100)
        relances.relancer_projets()
    assert _relances_de(pause) == [RangRelance.PREMIERE]
    assert _relances_de(abandon) == []
    assert _relances_de(production) == [RangRelance.PREMIERE, RangRelance.DEUXIEME]
    assert not Notification.objects.filter(categorie=Categorie.PROJET_SANS_NOUVELLES).exists()


def test_qui_est_relance_responsable_sinon_auteur_sinon_administrateurs(horloge):
    membre = membre_entreprise()
    responsable = MembreFactory(organisation=membre.organisation).utilisateur
    admin = MembreFactory(organisation=membre.organisation, est_administrateur=True).utilisateur
    p = projet(membre, responsable=responsable)
    assert relances.responsables(p) == [responsable]
    responsable.is_active = False
    responsable.save()
    assert relances.responsables(p) == [membre.utilisateur]
    membre.delete()  # l'auteur a quitté l'entreprise
    assert relances.responsables(p) == [admin]
    admin.is_active = False
    admin.save()
    assert relances.responsables(p) == []
    _avancer(horloge, 60)
    assert relances.relancer_projets() == 1  # gardée quand même : elle n'est pas cherchée à chaque passage
    relance = RelanceProjet.objects.get(projet=p)
    assert relance.destinataires == 0
    assert "aucun membre actif" in _evenements_relance(p).get().texte
    assert relances.relancer_projets() == 0


def test_ni_demonstration_ni_entreprise_en_cours_d_effacement(horloge):
    membre = membre_entreprise()
    demo = projet(membre, est_demo=True)
    autre = membre_entreprise()
    efface = projet(autre)
    type(autre.organisation).objects.filter(pk=autre.organisation.pk).update(effacement_demande_le=timezone.now())
    _avancer(horloge, 365)
    assert relances.relancer_projets() == 0
    assert _relances_de(demo) == [] and _relances_de(efface) == []


def test_lot_borne_puis_la_suite_au_passage_suivant(horloge):
    membre = membre_entreprise()
    projets = [projet(membre, titre=f"Projet {i}") for i in range(3)]
    _avancer(horloge, 60)
    assert relances.relancer_projets(limite=2) == 2
    assert relances.relancer_projets(limite=2) == 1
    assert all(_relances_de(p) == [RangRelance.PREMIERE] for p in projets)


def test_jamais_deux_fois_meme_quand_deux_travailleurs_se_croisent(horloge):
    p = projet(membre_entreprise())
    _avancer(horloge, 60)
    assert relances.relancer(p.pk) is True
    assert relances.relancer(p.pk) is False  # le calendrier a avancé : plus rien de dû
    # Un travailleur qui relirait un calendrier en retard : la contrainte unique l'arrête, rien ne part, le
    # calendrier avance quand même.
    Projet.objects.filter(pk=p.pk).update(prochaine_relance_le=timezone.now(), prochain_rang=RangRelance.PREMIERE)
    courriels = Courriel.objects.count()
    assert relances.relancer(p.pk) is False
    assert Courriel.objects.count() == courriels and _evenements_relance(p).count() == 1
    p.refresh_from_db()
    assert p.prochain_rang == RangRelance.DEUXIEME and p.prochaine_relance_le == timezone.now() + timedelta(days=30)


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite sérialise les écritures : la course se joue sur PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_deux_travailleurs_en_meme_temps_une_seule_relance():
    p = projet(membre_entreprise())
    maintenant = timezone.now() + timedelta(days=60)
    barriere, resultats = threading.Barrier(2), []

    def travailleur():
        barriere.wait()
        try:
            resultats.append(relances.relancer(p.pk, maintenant))
        finally:
            connection.close()

    fils = [threading.Thread(target=travailleur) for _ in range(2)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    assert sorted(resultats) == [False, True]
    assert RelanceProjet.objects.filter(projet=p).count() == 1
    assert Courriel.objects.filter(categorie=Categorie.PROJET_RELANCE).count() == 1
    assert _evenements_relance(p).count() == 1


def test_un_projet_en_erreur_n_empeche_pas_les_autres(horloge, monkeypatch, caplog):
    membre = membre_entreprise()
    premier, second = projet(membre, titre="Premier"), projet(membre, titre="Second")
    _avancer(horloge, 60)
    vrai = relances._prevenir_responsables

    def en_panne(p, relance, maintenant):
        if p.pk == premier.pk:
            raise RuntimeError("panne")
        return vrai(p, relance, maintenant)

    monkeypatch.setattr(relances, "_prevenir_responsables", en_panne)
    assert relances.relancer_projets() == 1
    assert _relances_de(premier) == [] and _relances_de(second) == [RangRelance.PREMIERE]
    assert "non envoyée" in caplog.text


def test_la_tache_ne_lit_que_les_projets_dus_en_une_requete(horloge):
    membre = membre_entreprise()
    for i in range(5):
        projet(membre, titre=f"Projet {i}")
    _avancer(horloge, 60)
    with CaptureQueriesContext(connection) as requetes:
        assert len(list(relances.dus().values_list("pk", flat=True)[: relances.LOT])) == 5
    assert len(requetes) == 1 and "prochaine_relance_le" in requetes[0]["sql"]
    assert relances.relancer_projets() == 5
    # Relancés, ils ne sont plus lus, même des années plus tard, une fois leur dernière relance partie.
    assert relances.dus().count() == 0
    _avancer(horloge, 30)
    assert relances.relancer_projets() == 5
    _avancer(horloge, 3650)
    assert relances.dus().count() == 5  # l'alerte au conseiller, faute de partage, est réexaminée chaque semaine
    assert relances.relancer_projets() == 0 and relances.dus().count() == 0


def test_noter_une_relance_n_avance_pas_la_derniere_activite(horloge):
    p = projet(membre_entreprise())
    avant = Projet.objects.get(pk=p.pk).derniere_activite_le
    _avancer(horloge, 3)
    services.noter(projet=p, type=TypeEvenement.RELANCE_ENVOYEE, acteur=None, texte="Relance envoyée.")
    assert Projet.objects.get(pk=p.pk).derniere_activite_le == avant
    services.noter(projet=p, type=TypeEvenement.MODIFICATION, acteur=None, texte="Fiche du projet modifiée.")
    p.refresh_from_db()
    assert p.derniere_activite_le == timezone.now()
    # Une activité pose la première relance du nouveau silence, d'après l'étape (idée : 60 jours).
    assert p.prochaine_relance_le == timezone.now() + timedelta(days=60) and p.prochain_rang == RangRelance.PREMIERE


def test_un_projet_abandonne_n_a_pas_de_relance_prevue_la_migration_planifie_les_autres():
    membre = membre_entreprise()
    abandon, poc = projet(membre, etape=Etape.ABANDONNE), projet(membre, etape=Etape.POC)
    assert abandon.prochaine_relance_le is None and abandon.prochain_rang is None
    assert poc.prochaine_relance_le == poc.derniere_activite_le + timedelta(days=45)
    Projet.objects.update(prochaine_relance_le=None, prochain_rang=None)  # créés hors des services
    relances.planifier(Projet.objects.filter(pk__in=[abandon.pk, poc.pk]))
    poc.refresh_from_db()
    assert poc.prochaine_relance_le == poc.derniere_activite_le + timedelta(days=45) and poc.prochain_rang == 1
    assert Projet.objects.get(pk=abandon.pk).prochaine_relance_le is None


def test_l_utilisateur_desabonne_garde_la_notification_du_site(horloge):
    from osezia.notifications import services as notifications

    membre = membre_entreprise()
    p = projet(membre)
    notifications.se_desabonner(utilisateur=membre.utilisateur, categorie=Categorie.PROJET_RELANCE)
    _avancer(horloge, 60)
    assert relances.relancer_projets() == 1
    assert not Courriel.objects.filter(categorie=Categorie.PROJET_RELANCE).exists()
    notification = Notification.objects.get(utilisateur=membre.utilisateur, categorie=Categorie.PROJET_RELANCE)
    assert LIEN.search(notification.lien) and _relances_de(p) == [RangRelance.PREMIERE]


def test_les_relances_sont_dans_la_chronologie_de_la_page(client, horloge):
    membre = membre_entreprise()
    p = projet(membre, etape=Etape.POC)
    _avancer(horloge, 45)
    relances.relancer_projets()
    client.force_login(membre.utilisateur)
    contenu = client.get(p.get_absolute_url()).content.decode()
    assert "Relance envoyée à" in contenu


def test_un_compte_desactive_n_est_pas_relance(horloge):
    membre = membre_entreprise()
    p = projet(membre)
    membre.utilisateur.is_active = False
    membre.utilisateur.save()
    _avancer(horloge, 60)
    relances.relancer_projets()
    assert not Courriel.objects.filter(categorie=Categorie.PROJET_RELANCE).exists()
    assert _relances_de(p) == [RangRelance.PREMIERE]


def test_la_page_du_projet_annonce_le_prochain_rappel_aux_membres(client, horloge):
    membre = membre_entreprise()
    p = projet(membre, etape=Etape.POC)
    client.force_login(membre.utilisateur)
    contenu = client.get(p.get_absolute_url()).content.decode()
    assert "Sans nouvelle activité d'ici le 16 avril 2026" in contenu
    conseiller, _ = conseiller_avec_portefeuille(membre.organisation)
    client.force_login(conseiller)
    assert "Sans nouvelle activité" not in client.get(p.get_absolute_url()).content.decode()


def test_le_travail_periodique_lance_les_relances(horloge):
    import io

    from django.core.management import call_command

    projet(membre_entreprise())
    _avancer(horloge, 60)
    sortie = io.StringIO()
    call_command("taches_periodiques", stdout=sortie)
    assert "Projets sans activité relancés (responsable, puis conseiller) : 1" in sortie.getvalue()
    call_command("taches_periodiques", stdout=sortie)
    assert "Projets sans activité relancés (responsable, puis conseiller) : 0" in sortie.getvalue()
