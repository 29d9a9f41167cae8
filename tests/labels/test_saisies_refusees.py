"""Les saisies refusées de l'évaluation et des preuves : un message en français à côté du champ (relié par
aria-describedby), rien d'écrit à moitié (ni ligne, ni fichier) ; la candidature d'un autre fournisseur reste
introuvable (404), à la lecture comme à l'écriture."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from osezia.labels.enums import StatutCandidature
from osezia.labels.models import Candidature, DecisionCritere, Label, Preuve
from tests.comptes.factories import UtilisateurFactory
from tests.labels.factories import (
    MembreFournisseurFactory,
    avis_favorable,
    brouillon,
    deposee,
    evaluateur_delegue,
    fichier_pdf,
)

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 20


def _fichiers_de(candidature):
    dossier = f"labels/{candidature.pk}"
    return sorted(default_storage.listdir(dossier)[1]) if default_storage.exists(dossier) else []


def _joindre(client, candidature, **donnees):
    return client.post(reverse("labels:preuve", args=[candidature.pk]), donnees)


@pytest.mark.parametrize(
    ("fichier", "message"),
    [
        (fichier_pdf("certificat.png", PNG), "se prouve par un fichier PDF ; celui-ci est au format image PNG"),
        (fichier_pdf("certificat.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1)), "en accepte 5 au plus"),
        (fichier_pdf("certificat.pdf", b"MZ\x90\x00"), "ne correspond pas à son extension"),
    ],
)
def test_une_preuve_refusee_s_affiche_a_cote_du_fichier_et_n_ecrit_rien(client, fichier, message):
    candidature = brouillon(preuves=False)
    client.force_login(candidature.cree_par)
    reponse = _joindre(client, candidature, critere="certificat", fichier=fichier)
    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert 'aria-describedby="aide-fichier erreur-fichier"' in page
    assert 'id="erreur-fichier"' in page and message in page
    assert '<option value="certificat" selected>' in page  # le critère choisi est gardé
    assert not Preuve.objects.filter(candidature=candidature).exists()
    assert _fichiers_de(candidature) == []


def test_une_preuve_de_remplacement_refusee_garde_l_ancienne(client):
    candidature = brouillon()
    ancienne = candidature.preuves.get(critere="certificat")
    fichiers = _fichiers_de(candidature)
    client.force_login(candidature.cree_par)
    reponse = _joindre(client, candidature, critere="certificat", fichier=fichier_pdf("v2.png", PNG))
    assert reponse.status_code == 400
    assert list(candidature.preuves.filter(critere="certificat")) == [ancienne]
    assert default_storage.exists(ancienne.fichier.name) and _fichiers_de(candidature) == fichiers


def test_un_critere_inconnu_ou_un_fichier_absent_est_signale_a_cote_du_champ(client):
    candidature = brouillon(preuves=False)
    client.force_login(candidature.cree_par)
    reponse = _joindre(client, candidature, critere="inconnu", fichier=fichier_pdf())
    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert 'aria-describedby="erreur-critere"' in page and "Critère inconnu pour ce label" in page
    reponse = _joindre(client, candidature, critere="certificat")
    assert reponse.status_code == 400 and "Choisissez le fichier à joindre." in reponse.content.decode()
    assert not Preuve.objects.filter(candidature=candidature).exists() and _fichiers_de(candidature) == []


def _rien_de_decide(candidature):
    candidature.refresh_from_db()
    assert candidature.statut == StatutCandidature.DEPOSEE and candidature.decidee_le is None
    assert not DecisionCritere.objects.filter(candidature=candidature).exists()
    assert not Label.objects.filter(candidature=candidature).exists()


def _saisie(candidature, **remplacements):
    donnees = {}
    for code, avis in avis_favorable(candidature).items():
        donnees[f"satisfait_{code}"] = "oui"
        donnees[f"motivation_{code}"] = avis["motivation"]
    donnees.update(remplacements)
    return {k: v for k, v in donnees.items() if v is not None}


@pytest.mark.parametrize(
    ("remplacements", "erreur", "message"),
    [
        ({"motivation_certificat": "   "}, "motivation-certificat", "motivez votre avis"),
        ({"motivation_certificat": "x" * 3001}, "motivation-certificat", "3 000 caractères au plus"),
        ({"satisfait_certificat": None}, "satisfait-certificat", "dites si le critère est satisfait"),
        ({"satisfait_certificat": "peut-etre"}, "satisfait-certificat", "dites si le critère est satisfait"),
    ],
)
def test_une_decision_incomplete_est_refusee_a_cote_du_champ(client, remplacements, erreur, message):
    candidature = deposee()
    client.force_login(evaluateur_delegue())
    reponse = client.post(reverse("labels:decision", args=[candidature.pk]), _saisie(candidature, **remplacements))
    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert f'id="erreur-{erreur}"' in page and f'aria-describedby="erreur-{erreur}"' in page and message in page
    _rien_de_decide(candidature)


def test_une_decision_deja_prise_par_un_autre_n_est_pas_ecrite_deux_fois(client):
    candidature = deposee()
    premier, second = evaluateur_delegue(), UtilisateurFactory(pilote=True)
    client.force_login(premier)
    assert client.post(reverse("labels:decision", args=[candidature.pk]), _saisie(candidature)).status_code == 302
    client.force_login(second)
    reponse = client.post(
        reverse("labels:decision", args=[candidature.pk]), _saisie(candidature, satisfait_certificat="non")
    )
    assert reponse.status_code == 400
    assert "Cette candidature est « Label accordé » : elle ne se décide plus." in reponse.content.decode()
    assert DecisionCritere.objects.filter(candidature=candidature, critere="certificat").get().satisfait
    assert Label.objects.filter(candidature=candidature).count() == 1


def test_un_fournisseur_ne_lit_ni_ne_modifie_la_candidature_d_un_autre(client):
    candidature = brouillon()
    deposee_ailleurs = deposee()
    preuve = candidature.preuves.first()
    autre = MembreFournisseurFactory().utilisateur
    client.force_login(autre)
    assert client.get(reverse("labels:candidature", args=[candidature.pk])).status_code == 404
    assert client.get(reverse("labels:telecharger", args=[candidature.pk, preuve.pk])).status_code == 404
    assert _joindre(client, candidature, critere="certificat", fichier=fichier_pdf()).status_code == 404
    assert client.post(reverse("labels:deposer", args=[candidature.pk])).status_code == 404
    assert client.post(reverse("labels:decision", args=[deposee_ailleurs.pk]), {}).status_code == 403
    # L'API répond de même, en JSON.
    url = f"/api/v1/labels/candidatures/{candidature.pk}"
    for reponse in (
        client.get(url),
        client.post(f"{url}/preuves", {"critere": "certificat", "fichier": fichier_pdf()}),
        client.post(f"{url}/depot"),
    ):
        assert reponse.status_code == 404 and "detail" in reponse.json()
    candidature.refresh_from_db()
    assert candidature.statut == StatutCandidature.BROUILLON
    assert {p.nom for p in candidature.preuves.all()} == {"certificat.pdf", "accreditation.pdf"}
    assert not Candidature.objects.filter(cree_par=autre).exists()
