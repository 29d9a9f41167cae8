"""La page « Où en est ce projet ? » d'un e-mail de relance : lien signé, valable 30 jours, pour une personne ;
il ouvre la page sans connecter personne ; les trois réponses (étape, mesure, pause ou arrêt) passent par les
services. Lien modifié, expiré, d'une autre personne, projet supprimé : un message clair, jamais une erreur 500."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import signing
from django.urls import reverse

from osezia.notifications.enums import Categorie
from osezia.notifications.models import Courriel
from osezia.projets import relances
from osezia.projets.enums import Etape, TypeEvenement
from osezia.projets.models import Mesure, Projet
from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory
from tests.diagnostic.factories import conseiller_avec_portefeuille, membre_entreprise
from tests.organisations.factories import MembreFactory
from tests.projets.factories import indicateur, projet

pytestmark = pytest.mark.django_db

LIEN = re.compile(r"/projets/ou-en-est/[^/\s]+/")


@pytest.fixture
def relance(time_machine):
    """Un POC relancé après 45 jours : (membre, projet, chemin du lien reçu par e-mail)."""
    time_machine.move_to(datetime(2026, 3, 2, 8, 0, tzinfo=UTC), tick=False)
    membre = membre_entreprise(naf_id="46.31Z")
    p = projet(membre, etape=Etape.POC, titre="Commandes par SMS")
    indicateur(p, membre.utilisateur)
    time_machine.shift(timedelta(days=45))
    assert relances.relancer_projets() == 1
    corps = Courriel.objects.get(categorie=Categorie.PROJET_RELANCE).corps
    return membre, p, LIEN.search(corps).group(0)


def test_le_lien_de_l_e_mail_ouvre_la_page_avec_les_trois_reponses(client, relance):
    membre, p, lien = relance
    client.force_login(membre.utilisateur)
    reponse = client.get(lien)
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Où en est le projet « Commandes par SMS » ?" in contenu
    assert "Le projet a changé d'étape" in contenu and "Pilote" in contenu
    assert "J'ai une nouvelle mesure" in contenu and "Temps de saisie des commandes" in contenu
    assert "en pause ou arrêté" in contenu and "Il est abandonné" in contenu


def test_sans_connexion_le_lien_mene_a_la_connexion_puis_revient(client, relance):
    membre, p, lien = relance
    reponse = client.get(lien)
    assert reponse.status_code == 302
    assert reponse["Location"].startswith(reverse("comptes:connexion") + "?next=/projets/ou-en-est/")
    connexion = client.post(reponse["Location"], {"username": membre.utilisateur.email, "password": MOT_DE_PASSE})
    assert connexion.status_code == 302 and connexion["Location"] == lien
    assert client.get(lien).status_code == 200
    client.logout()
    # Un envoi sans connexion n'agit pas non plus.
    assert client.post(lien, {"action": "etape", "avancement-vers": "pilote"}).status_code == 302
    assert Projet.objects.get(pk=p.pk).etape == Etape.POC


def test_changer_d_etape_depuis_la_page(client, relance):
    membre, p, lien = relance
    client.force_login(membre.utilisateur)
    reponse = client.post(lien, {"action": "etape", "avancement-vers": "pilote"})
    assert reponse.status_code == 302 and reponse["Location"] == p.get_absolute_url()
    p.refresh_from_db()
    assert p.etape == Etape.PILOTE
    assert p.changements.latest("le").par == membre.utilisateur
    # Une activité : le silence est fini ; la prochaine relance est la première du nouveau (pilote : 30 jours).
    assert p.prochain_rang == 1 and p.prochaine_relance_le == p.derniere_activite_le + timedelta(days=30)


def test_ajouter_une_mesure_depuis_la_page(client, relance):
    membre, p, lien = relance
    client.force_login(membre.utilisateur)
    suivi = p.indicateurs.get()
    reponse = client.post(
        lien, {"action": "mesure", "mesure-indicateur": suivi.pk, "mesure-date": "2026-04-10", "mesure-valeur": "60"}
    )
    assert reponse.status_code == 302
    assert Mesure.objects.filter(indicateur=suivi, valeur=60).exists()
    assert p.evenements.filter(type=TypeEvenement.MESURE).exists()


def test_une_mesure_avant_la_valeur_de_depart_est_refusee_en_clair(client, relance):
    membre, p, lien = relance
    client.force_login(membre.utilisateur)
    suivi = p.indicateurs.get()
    reponse = client.post(
        lien,
        {"action": "mesure", "mesure-indicateur": suivi.pk, "mesure-date": "2025-01-01", "mesure-valeur": "60"},
        follow=True,
    )
    assert reponse.status_code == 200
    assert "ne peut pas précéder" in reponse.content.decode()
    assert not Mesure.objects.filter(indicateur=suivi, valeur=60).exists()


def test_mettre_en_pause_exige_un_motif(client, relance):
    membre, p, lien = relance
    client.force_login(membre.utilisateur)
    reponse = client.post(lien, {"action": "arret", "arret-vers": "en_pause", "arret-motif": ""})
    assert reponse.status_code == 200 and Projet.objects.get(pk=p.pk).etape == Etape.POC
    reponse = client.post(lien, {"action": "arret", "arret-vers": "en_pause", "arret-motif": "competences"})
    assert reponse.status_code == 302 and Projet.objects.get(pk=p.pk).etape == Etape.EN_PAUSE
    assert p.changements.latest("le").motif == "competences"


@pytest.mark.parametrize(
    "donnees",
    [
        {},
        {"action": "inconnue"},
        {"action": "etape", "avancement-vers": "production"},  # un saut : hors des choix proposés
        {"action": "etape", "avancement-vers": "<script>"},
        {"action": "mesure", "mesure-indicateur": "999999", "mesure-date": "hier", "mesure-valeur": "beaucoup"},
        {"action": "arret", "arret-vers": "idee", "arret-motif": "cout"},
        {"action": "arret", "arret-vers": "abandonne", "arret-motif": "autre", "arret-detail": ""},
    ],
)
def test_un_envoi_faux_donne_un_message_et_ne_change_rien(client, relance, donnees):
    membre, p, lien = relance
    client.force_login(membre.utilisateur)
    reponse = client.post(lien, donnees)
    assert reponse.status_code == 200
    p.refresh_from_db()
    assert p.etape == Etape.POC and not Mesure.objects.filter(indicateur__projet=p).exists()


def test_un_lien_modifie_ou_incomplet_est_refuse(client, relance):
    membre, _, lien = relance
    client.force_login(membre.utilisateur)
    jeton = lien.split("/")[-2]
    for faux in [jeton[:-2] + "xx", "n-importe-quoi", signing.dumps({"r": 1}, salt=relances.SEL_LIEN)]:
        reponse = client.get(reverse("projets:ou_en_est", args=[faux]))
        assert reponse.status_code == 400
        assert "incomplet ou a été modifié" in reponse.content.decode()
    # Signé pour un autre usage (le désabonnement) : refusé aussi.
    autre = signing.dumps({"r": 1, "p": 1, "u": membre.utilisateur.pk}, salt="osezia.notifications.desabonnement")
    assert client.get(reverse("projets:ou_en_est", args=[autre])).status_code == 400


def test_un_lien_de_plus_de_30_jours_a_expire(client, relance, time_machine):
    membre, p, lien = relance
    time_machine.shift(timedelta(days=29))
    client.force_login(membre.utilisateur)  # la session, elle, a sa propre durée
    assert client.get(lien).status_code == 200
    time_machine.shift(timedelta(days=2))
    client.force_login(membre.utilisateur)
    reponse = client.get(lien)
    assert reponse.status_code == 410
    contenu = reponse.content.decode()
    assert "plus de 30 jours" in contenu and p.get_absolute_url() in contenu
    assert client.post(lien, {"action": "etape", "avancement-vers": "pilote"}).status_code == 410
    assert Projet.objects.get(pk=p.pk).etape == Etape.POC


@pytest.mark.parametrize("qui", ["collegue", "autre entreprise", "conseiller", "pilote"])
def test_le_lien_d_une_autre_personne_est_refuse(client, relance, qui):
    membre, p, lien = relance
    personnes = {
        "collegue": lambda: MembreFactory(organisation=membre.organisation).utilisateur,
        "autre entreprise": lambda: membre_entreprise().utilisateur,
        "conseiller": lambda: conseiller_avec_portefeuille(membre.organisation)[0],
        "pilote": lambda: UtilisateurFactory(pilote=True),
    }
    client.force_login(personnes[qui]())
    reponse = client.get(lien)
    assert reponse.status_code == 403 and "autre personne" in reponse.content.decode()
    assert client.post(lien, {"action": "etape", "avancement-vers": "pilote"}).status_code == 403
    assert Projet.objects.get(pk=p.pk).etape == Etape.POC


def test_projet_supprime_ou_personne_partie_de_l_entreprise(client, relance):
    membre, p, lien = relance
    client.force_login(membre.utilisateur)
    membre.delete()
    reponse = client.get(lien)
    assert reponse.status_code == 404 and "ne faites plus partie" in reponse.content.decode()
    Projet.objects.filter(pk=p.pk).delete()
    assert client.get(lien).status_code == 404


def test_un_projet_en_pause_propose_de_reprendre_ou_d_abandonner(client, time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 8, 0, tzinfo=UTC), tick=False)
    membre = membre_entreprise()
    p = projet(membre, etape=Etape.EN_PAUSE)
    time_machine.shift(timedelta(days=120))
    assert relances.relancer_projets() == 1
    lien = LIEN.search(Courriel.objects.get(categorie=Categorie.PROJET_RELANCE).corps).group(0)
    client.force_login(membre.utilisateur)
    reponse = client.get(lien)
    assert reponse.status_code == 200
    choix = dict(reponse.context["formulaires"]["etape"].fields["vers"].choices)
    assert set(choix) == {"idee", "cadrage", "poc", "pilote", "production"}
    assert dict(reponse.context["formulaires"]["arret"].fields["vers"].choices) == {"abandonne": "Il est abandonné"}
    reponse = client.post(lien, {"action": "etape", "avancement-vers": "poc"})
    assert reponse.status_code == 302 and Projet.objects.get(pk=p.pk).etape == Etape.POC
