import re

import pytest
from django.core import mail
from django.urls import reverse

from osezia.comptes.models import Utilisateur
from osezia.organisations.models import Organisation
from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory
from tests.organisations.factories import OrganisationFactory, siren_valide

pytestmark = pytest.mark.django_db

INSCRIPTION = {
    "role": "entreprise",
    "prenom": "Gilles",
    "nom": "Boucher",
    "email": "Gilles.Boucher@Exemple.fr",
    "mot_de_passe": MOT_DE_PASSE,
    "mot_de_passe_confirmation": MOT_DE_PASSE,
}


def test_inscription_connecte_envoie_la_confirmation_et_demande_l_organisation(client):
    reponse = client.post(reverse("comptes:inscription"), INSCRIPTION)
    assert reponse.status_code == 302 and reponse.url == reverse("diagnostic:demarrer")
    utilisateur = Utilisateur.objects.get(email="gilles.boucher@exemple.fr")
    assert utilisateur.role == "entreprise" and utilisateur.email_verifie_le is None
    assert len(mail.outbox) == 1
    lien = re.search(r"https?://\S+", mail.outbox[0].body).group()
    reponse = client.get(lien.split("testserver")[1], follow=True)
    assert "Votre adresse e-mail est confirmée" in reponse.content.decode()
    utilisateur.refresh_from_db()
    assert utilisateur.email_verifie_le is not None


def test_un_lien_de_confirmation_falsifie_est_refuse(client):
    reponse = client.get(reverse("comptes:confirmer_email", args=["faux-jeton"]), follow=True)
    assert "invalide ou a expiré" in reponse.content.decode()


@pytest.mark.parametrize(
    "modification, champ, message",
    [
        ({"email": "pas-une-adresse"}, "email", "Saisissez une adresse e-mail valide"),
        ({"mot_de_passe": "123", "mot_de_passe_confirmation": "123"}, "mot_de_passe", "trop court"),
        ({"mot_de_passe_confirmation": "autre chose encore"}, "mot_de_passe_confirmation", "pas identiques"),
        ({"role": "pilote"}, "role", "Sélectionnez un choix valide"),
    ],
)
def test_erreurs_d_inscription_a_cote_du_champ_et_rien_d_ecrit(client, modification, champ, message):
    reponse = client.post(reverse("comptes:inscription"), {**INSCRIPTION, **modification})
    assert reponse.status_code == 200
    formulaire = reponse.context["formulaire"]
    assert message in " ".join(formulaire.errors[champ])
    assert f'id="id_{champ}-desc-error"' in reponse.content.decode()
    assert not Utilisateur.objects.filter(email__iexact=INSCRIPTION["email"]).exists()


def test_adresse_deja_utilisee(client):
    UtilisateurFactory(email="gilles.boucher@exemple.fr")
    reponse = client.post(reverse("comptes:inscription"), INSCRIPTION)
    assert "Un compte existe déjà" in reponse.content.decode()


def test_connexion_et_deconnexion(client):
    UtilisateurFactory(email="a@exemple.fr")
    reponse = client.post(reverse("comptes:connexion"), {"username": "A@exemple.fr", "password": MOT_DE_PASSE})
    assert reponse.status_code == 302
    assert client.get(reverse("comptes:tableau_de_bord")).status_code == 200
    assert client.post(reverse("comptes:deconnexion")).status_code == 302
    assert client.get(reverse("comptes:tableau_de_bord")).status_code == 302


def test_connexion_refusee_avec_message_francais(client):
    reponse = client.post(reverse("comptes:connexion"), {"username": "x@exemple.fr", "password": "faux"})
    assert "Adresse e-mail ou mot de passe incorrect." in reponse.content.decode()


def test_reinitialisation_du_mot_de_passe(client):
    UtilisateurFactory(email="b@exemple.fr")
    client.post(reverse("comptes:mot_de_passe_oublie"), {"email": "b@exemple.fr"})
    assert len(mail.outbox) == 1
    chemin = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    reponse = client.get(chemin, follow=True)
    nouveau = "une toute nouvelle phrase secrète"
    reponse = client.post(reponse.redirect_chain[-1][0], {"new_password1": nouveau, "new_password2": nouveau})
    assert reponse.status_code == 302
    connexion = client.post(reverse("comptes:connexion"), {"username": "b@exemple.fr", "password": nouveau})
    assert connexion.status_code == 302 and connexion.url == reverse("comptes:tableau_de_bord")


def organisation_valide(**modifications):
    return {
        "nom": "Boucherie Test",
        "siren": siren_valide(4242),
        "naf": "46.32a",
        "effectif": "25",
        "chiffre_affaires": "4,2 M€",
        "total_bilan": "",
        "region": "44",
        **modifications,
    }


def test_renseigner_l_organisation_calcule_la_categorie(client):
    utilisateur = UtilisateurFactory()
    client.force_login(utilisateur)
    reponse = client.post(reverse("comptes:organisation"), organisation_valide())
    assert reponse.status_code == 302
    organisation = Organisation.objects.get(membres__utilisateur=utilisateur)
    assert (organisation.naf_id, organisation.chiffre_affaires, organisation.categorie_taille) == (
        "46.32A",
        4_200_000,
        "PME",
    )
    page = client.get(reverse("comptes:tableau_de_bord")).content.decode()
    assert "Petite et moyenne entreprise" in page


@pytest.mark.parametrize(
    "modification, champ, message",
    [
        ({"siren": "123456789"}, "siren", "clé de contrôle est fausse"),
        ({"siren": "12345"}, "siren", "exactement 9 chiffres"),
        ({"siren": "ABCDEFGHI"}, "siren", "que des chiffres"),
        ({"naf": "99.99Z"}, "naf", "Code NAF inconnu"),
        ({"naf": "47"}, "naf", "Code NAF inconnu"),
        ({"effectif": "-3"}, "effectif", "ne peut pas être négatif"),
        ({"effectif": "5000000"}, "effectif", "pas vraisemblable"),
        ({"chiffre_affaires": "-10"}, "chiffre_affaires", "ne peut pas être négatif"),
        ({"chiffre_affaires": "beaucoup"}, "chiffre_affaires", "montant en euros"),
        ({"chiffre_affaires": "5000000 Md€"}, "chiffre_affaires", "pas vraisemblable"),
        ({"region": "99"}, "region", "Sélectionnez un choix valide"),
        ({"effectif": "400", "chiffre_affaires": "900"}, "chiffre_affaires", "très faible"),
    ],
)
def test_erreurs_d_organisation_a_cote_du_champ_et_rien_d_ecrit(client, modification, champ, message):
    utilisateur = UtilisateurFactory()
    client.force_login(utilisateur)
    reponse = client.post(reverse("comptes:organisation"), organisation_valide(**modification))
    assert reponse.status_code == 200
    assert message in " ".join(reponse.context["formulaire"].errors[champ])
    assert not Organisation.objects.filter(membres__utilisateur=utilisateur).exists()


def test_un_siren_deja_inscrit_ne_donne_pas_acces_a_l_organisation(client):
    existante = OrganisationFactory()
    utilisateur = UtilisateurFactory()
    client.force_login(utilisateur)
    reponse = client.post(reverse("comptes:organisation"), organisation_valide(siren=existante.siren))
    assert "déjà un espace" in reponse.content.decode()
    assert not existante.membres.filter(utilisateur=utilisateur).exists()


def test_un_e_mail_en_texte_brut_n_echappe_pas_les_apostrophes(client):
    # Un e-mail n'est pas du HTML : « D'Arc » ne devient pas « D&#x27;Arc ».
    client.post(reverse("comptes:inscription"), {**INSCRIPTION, "prenom": "Zoé d'Arc", "email": "zoe@exemple.fr"})
    assert mail.outbox[-1].body.startswith("Bonjour Zoé d'Arc,")
