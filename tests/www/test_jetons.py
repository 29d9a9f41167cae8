"""Page « Jetons d'API » : durée de validité et droits choisis à la création, montrés ensuite."""

import pytest
from django.urls import reverse
from django.utils import timezone

from osezia.comptes.models import JetonAPI
from tests.comptes.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


def jours_de_validite(jeton):
    return round((jeton.expire_le - jeton.cree_le).total_seconds() / 86400)


@pytest.fixture
def connecte(client):
    utilisateur = UtilisateurFactory()
    client.force_login(utilisateur)
    return client, utilisateur


def test_creer_un_jeton_en_lecture_seule_pour_30_jours(connecte):
    client, utilisateur = connecte
    reponse = client.post(reverse("comptes:jetons"), {"nom": "tableur", "duree_jours": "30", "droits": "lecture"})
    page = reponse.content.decode()
    jeton = JetonAPI.objects.get(utilisateur=utilisateur)
    assert jeton.lecture_seule and jours_de_validite(jeton) == 30
    assert "Votre nouveau jeton" in page and "Lecture seule" in page
    assert f"Expire le {timezone.localtime(jeton.expire_le):%-d}" in page


def test_par_defaut_90_jours_et_lecture_seule_proposes(connecte):
    client, _ = connecte
    page = client.get(reverse("comptes:jetons")).content.decode()
    assert 'value="90" selected' in page and 'value="lecture"' in page and "checked" in page


def test_un_jeton_en_ecriture_pour_un_an(connecte):
    client, utilisateur = connecte
    client.post(reverse("comptes:jetons"), {"nom": "suivi", "duree_jours": "365", "droits": "ecriture"})
    jeton = JetonAPI.objects.get(utilisateur=utilisateur)
    assert not jeton.lecture_seule and jours_de_validite(jeton) == 365


@pytest.mark.parametrize(
    "donnees, message",
    [
        ({"nom": "", "duree_jours": "90", "droits": "lecture"}, "Donnez un nom au jeton"),
        ({"nom": "x", "duree_jours": "1000", "droits": "lecture"}, "Sélectionnez un choix valide"),
        ({"nom": "x", "duree_jours": "90", "droits": "tout"}, "Sélectionnez un choix valide"),
    ],
)
def test_saisie_invalide_erreur_a_cote_du_champ(connecte, donnees, message):
    client, utilisateur = connecte
    reponse = client.post(reverse("comptes:jetons"), donnees)
    assert reponse.status_code == 200 and message in reponse.content.decode()
    assert not JetonAPI.objects.filter(utilisateur=utilisateur).exists()


def test_un_jeton_expire_est_signale(connecte):
    client, utilisateur = connecte
    client.post(reverse("comptes:jetons"), {"nom": "ancien", "duree_jours": "30", "droits": "ecriture"})
    JetonAPI.objects.filter(utilisateur=utilisateur).update(expire_le=timezone.now() - timezone.timedelta(days=1))
    page = client.get(reverse("comptes:jetons")).content.decode()
    assert "Expiré le" in page and "Lecture et écriture" in page
