"""Mots de passe : recommandation de la CNIL, mots de passe courants en France, ni e-mail ni nom de l'organisation."""

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse

from osezia.comptes.models import Utilisateur
from tests.comptes.factories import UtilisateurFactory
from tests.organisations.factories import MembreFactory

pytestmark = pytest.mark.django_db


def _erreurs(mot_de_passe, utilisateur=None):
    try:
        password_validation.validate_password(mot_de_passe, utilisateur)
    except ValidationError as erreur:
        return [e.code for e in erreur.error_list]
    return []


@pytest.mark.parametrize(
    "mot_de_passe",
    ["Tr0mpette-Bleue", "Cerf!Volant#2026", "quatorze lettres ET 7", "la moutarde monte au nez du chef"],
)
def test_mots_de_passe_acceptes(mot_de_passe):
    assert _erreurs(mot_de_passe, Utilisateur(email="camille@exemple.fr")) == []


@pytest.mark.parametrize(
    "mot_de_passe, code",
    [
        ("Azerty123456!", "courant"),
        ("Motdepasse2026!", "courant"),
        ("SOLEIL-soleil-1", "courant"),
        ("Doudou#1234567", "courant"),
        ("petitchaton12", "cnil"),  # 13 caractères, deux types seulement
        ("Court1!a", "cnil"),
        ("trois mots seulement", "cnil"),
    ],
)
def test_mots_de_passe_refuses(mot_de_passe, code):
    assert code in _erreurs(mot_de_passe, Utilisateur(email="camille@exemple.fr"))


def test_ni_l_e_mail_ni_le_nom_de_l_organisation():
    membre = MembreFactory(utilisateur=UtilisateurFactory(email="dupont.plomberie@exemple.fr"))
    membre.organisation.nom = "Boulangerie Lemaire"
    membre.organisation.save()
    assert "identite" in _erreurs("Dupont.Plomberie#2026", membre.utilisateur)
    assert "identite" in _erreurs("boulangerie lemaire pour toujours", membre.utilisateur)
    assert _erreurs("Pain-Chaud-Du-Matin#7", membre.utilisateur) == []


def test_l_inscription_explique_le_refus_a_cote_du_champ(client):
    reponse = client.post(
        reverse("comptes:inscription"),
        {
            "role": "entreprise",
            "prenom": "Lina",
            "nom": "Roche",
            "email": "lina.roche@exemple.fr",
            "mot_de_passe": "Azerty2026!!",
            "mot_de_passe_confirmation": "Azerty2026!!",
        },
    )
    page = reponse.content.decode()
    assert reponse.status_code == 200 and "plus utilisés en France" in page
    assert not Utilisateur.objects.filter(email="lina.roche@exemple.fr").exists()
