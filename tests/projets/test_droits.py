"""Qui voit et qui fait quoi sur les pages des projets : membre de l'entreprise, autre entreprise, conseiller avec et
sans consentement, pilote, anonyme. Un projet d'une autre entreprise est introuvable (404), pas interdit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from osezia.organisations.models import Consentement
from osezia.projets import services
from osezia.projets.enums import Etape
from osezia.projets.models import Commentaire, Indicateur
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.factories import conseiller_avec_portefeuille, membre_entreprise
from tests.projets.factories import projet

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def monde():
    membre = membre_entreprise(naf_id="46.31Z")
    p = projet(membre)
    document = services.deposer_document(
        projet=p, utilisateur=membre.utilisateur, fichier=SimpleUploadedFile("devis.pdf", PDF)
    )
    conseiller, _ = conseiller_avec_portefeuille(membre.organisation)
    sans, _ = conseiller_avec_portefeuille(membre_entreprise().organisation)
    return {
        "projet": p,
        "document": document,
        "membre": membre.utilisateur,
        "autre entreprise": membre_entreprise().utilisateur,
        "conseiller": conseiller,
        "conseiller sans consentement": sans,
        "pilote": UtilisateurFactory(pilote=True),
        "anonyme": None,
    }


def _client(client, utilisateur):
    if utilisateur is not None:
        client.force_login(utilisateur)
    return client


LECTURE = {
    "membre": 200,
    "autre entreprise": 404,
    "conseiller": 200,
    "conseiller sans consentement": 404,
    "pilote": 200,
    "anonyme": 302,
}


@pytest.mark.parametrize(("qui", "attendu"), LECTURE.items())
def test_lecture_d_un_projet_et_de_ses_documents(client, monde, qui, attendu):
    c = _client(client, monde[qui])
    p = monde["projet"]
    assert c.get(p.get_absolute_url()).status_code == attendu
    url_document = reverse("projets:telecharger", args=[p.pk, monde["document"].pk])
    reponse = c.get(url_document)
    assert reponse.status_code == attendu
    if attendu == 200:
        assert b"".join(reponse.streaming_content) == PDF
        assert reponse["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("qui", LECTURE)
def test_la_liste_ne_montre_que_les_projets_visibles(client, monde, qui):
    c = _client(client, monde[qui])
    reponse = c.get(reverse("projets:liste"))
    if qui == "anonyme":
        assert reponse.status_code == 302
        return
    assert reponse.status_code == 200
    assert (monde["projet"].titre in reponse.content.decode()) == (LECTURE[qui] == 200)


# Écrire : (commenter, ajouter un indicateur, faire avancer l'étape) ; « refus » : rien n'est écrit.
ECRITURE = {
    "membre": (True, True, True),
    "conseiller": (True, False, True),
    "pilote": (False, False, False),
    "autre entreprise": (False, False, False),
    "conseiller sans consentement": (False, False, False),
    "anonyme": (False, False, False),
}


@pytest.mark.parametrize(("qui", "permis"), ECRITURE.items())
def test_ecritures_sur_les_pages(client, monde, qui, permis):
    c = _client(client, monde[qui])
    p = monde["projet"]
    commente, mesure, avance = permis
    c.post(reverse("projets:commentaire", args=[p.pk]), {"commentaire-texte": "Où en est le devis ?"})
    assert Commentaire.objects.filter(projet=p).exists() == commente
    c.post(
        reverse("projets:indicateur", args=[p.pk]),
        {
            "indicateur-libelle": "Commandes ressaisies",
            "indicateur-unite": "nombre",
            "indicateur-sens": "baisse",
            "indicateur-valeur_reference": "40",
            "indicateur-date_reference": "2026-01-05",
        },
    )
    assert Indicateur.objects.filter(projet=p).exists() == mesure
    c.post(reverse("projets:etape", args=[p.pk]), {"vers": Etape.CADRAGE})
    p.refresh_from_db()
    assert (p.etape == Etape.CADRAGE) == avance


def test_un_retrait_du_consentement_retire_l_acces_du_conseiller(client, monde):
    Consentement.objects.filter(entreprise=monde["projet"].entreprise).update(retire_le="2026-03-01T00:00:00Z")
    client.force_login(monde["conseiller"])
    assert client.get(monde["projet"].get_absolute_url()).status_code == 404


def test_le_conseiller_ne_voit_pas_les_boutons_reserves_a_l_entreprise(client, monde):
    client.force_login(monde["conseiller"])
    contenu = client.get(monde["projet"].get_absolute_url()).content.decode()
    assert "Passer à l'étape « Cadrage »" in contenu
    assert "Abandonner le projet" not in contenu and "Ajouter un indicateur" not in contenu
    assert "Publier le commentaire" in contenu
    client.force_login(monde["pilote"])
    contenu = client.get(monde["projet"].get_absolute_url()).content.decode()
    assert "Passer à l'étape" not in contenu and "Publier le commentaire" not in contenu


def test_le_portefeuille_du_conseiller_mene_aux_projets(client, monde):
    client.force_login(monde["conseiller"])
    entreprise = monde["projet"].entreprise
    contenu = client.get(reverse("conseiller:portefeuille")).content.decode()
    assert f"{reverse('projets:liste')}?entreprise={entreprise.pk}" in contenu and "1 projet" in contenu
    liste = client.get(reverse("projets:liste"), {"entreprise": entreprise.pk}).content.decode()
    assert f"Projets de {entreprise.nom}" in liste and monde["projet"].titre in liste


def test_seul_un_membre_fait_un_projet_d_une_recommandation_de_son_diagnostic(client, monde):
    from tests.diagnostic.factories import diagnostic

    diag = diagnostic()
    recommandation = diag.recommandations.first()
    client.force_login(monde["membre"])
    url = f"{reverse('projets:nouveau')}?recommandation={recommandation.pk}"
    assert client.get(url).status_code == 404
    rapport_membre = diag.entreprise.membres.first().utilisateur
    client.force_login(rapport_membre)
    assert "En faire un projet" in client.get(diag.get_absolute_url()).content.decode()
    conseiller, _ = conseiller_avec_portefeuille(diag.entreprise)
    client.force_login(conseiller)
    assert "En faire un projet" not in client.get(diag.get_absolute_url()).content.decode()
