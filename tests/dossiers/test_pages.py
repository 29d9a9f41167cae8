"""Les pages des dossiers : matrice des droits (entreprise, autre entreprise, conseiller avec et sans consentement,
instructeur de la bonne et d'une autre structure, pilote, anonyme), saisies invalides (fichier déguisé, trop lourd,
transition interdite) sans erreur serveur ni écriture à moitié, file d'instruction, attestation PDF."""

import datetime
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from osezia.dossiers.enums import Etat
from osezia.dossiers.models import AnnotationPrivee, Dossier, PieceDossier
from osezia.utils import dates
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.factories import conseiller_avec_portefeuille, membre_entreprise
from tests.dossiers.factories import brouillon, dossier, fichier_pdf, instructeur

pytestmark = pytest.mark.django_db


@pytest.fixture
def monde():
    membre = membre_entreprise(naf_id="46.31Z")
    qui, structure = instructeur()
    d = dossier(membre, etat=Etat.EN_INSTRUCTION, instruction=(qui, structure))
    avec, _ = conseiller_avec_portefeuille(membre.organisation)
    sans, _ = conseiller_avec_portefeuille(membre_entreprise().organisation)
    autre_instructeur, _ = instructeur(dispositif="pionniers-ia")
    return {
        "dossier": d,
        "entreprise": membre.utilisateur,
        "instructeur": qui,
        "autre entreprise": membre_entreprise().utilisateur,
        "conseiller avec consentement": avec,
        "conseiller sans consentement": sans,
        "instructeur d'une autre structure": autre_instructeur,
        "pilote": UtilisateurFactory(pilote=True),
    }


LECTURE = {
    "entreprise": 200,
    "instructeur": 200,
    "conseiller avec consentement": 200,
    "pilote": 200,
    "autre entreprise": 404,
    "conseiller sans consentement": 404,
    "instructeur d'une autre structure": 404,
}


@pytest.mark.parametrize(("qui", "attendu"), LECTURE.items())
def test_lecture_d_un_dossier(client, monde, qui, attendu):
    client.force_login(monde[qui])
    reponse = client.get(reverse("dossiers:detail", args=[monde["dossier"].pk]))
    assert reponse.status_code == attendu
    if attendu == 200:
        # Les annotations privées : l'instruction et le pilote seulement.
        assert ("Annotations privées" in html.unescape(reponse.content.decode())) == (qui in ("instructeur", "pilote"))


def test_anonyme_renvoye_a_la_connexion(client, monde):
    reponse = client.get(reverse("dossiers:detail", args=[monde["dossier"].pk]))
    assert reponse.status_code == 302 and "connexion" in reponse["Location"]


def test_l_entreprise_ne_voit_jamais_les_annotations(client, monde):
    d = monde["dossier"]
    client.force_login(monde["instructeur"])
    client.post(reverse("dossiers:annotation", args=[d.pk]), {"texte": "Vérifier le Kbis, il date de 2019."})
    assert AnnotationPrivee.objects.filter(dossier=d).count() == 1
    client.force_login(monde["entreprise"])
    assert "Kbis, il date" not in client.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    reponse = client.post(reverse("dossiers:annotation", args=[d.pk]), {"texte": "Je veux annoter"})
    assert reponse.status_code == 403
    assert AnnotationPrivee.objects.filter(dossier=d).count() == 1


@pytest.mark.parametrize("qui", ["conseiller avec consentement", "pilote", "instructeur d'une autre structure"])
def test_qui_n_instruit_pas_ne_decide_pas(client, monde, qui):
    d = monde["dossier"]
    client.force_login(monde[qui])
    reponse = client.post(reverse("dossiers:etat", args=[d.pk]), {"vers": "accorde", "montant": "1000"}, follow=True)
    assert reponse.status_code in (200, 403, 404)
    d.refresh_from_db()
    assert d.etat == Etat.EN_INSTRUCTION and d.montant_accorde is None


def test_un_executable_renomme_pdf_et_un_fichier_trop_lourd_sont_refuses(client):
    d = brouillon(pieces=False)
    client.force_login(d.cree_par)
    url = reverse("dossiers:piece", args=[d.pk])
    exe = SimpleUploadedFile("devis.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    reponse = client.post(url, {"code": "devis", "fichier": exe}, follow=True)
    assert "ne correspond pas à son extension" in html.unescape(reponse.content.decode())
    lourd = fichier_pdf(contenu=b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 10))
    reponse = client.post(url, {"code": "devis", "fichier": lourd}, follow=True)
    assert "en accepte 5 au plus" in html.unescape(reponse.content.decode())
    image = SimpleUploadedFile("devis.png", b"\x89PNG\r\n\x1a\n" + b"0" * 50, content_type="image/png")
    reponse = client.post(url, {"code": "devis", "fichier": image}, follow=True)
    assert "se dépose en PDF, pas en image PNG" in html.unescape(reponse.content.decode())
    assert not PieceDossier.objects.filter(dossier=d).exists()


def test_parcours_depot_complement_decision_attestation(client):
    membre = membre_entreprise(naf_id="46.31Z")
    qui, structure = instructeur()
    d = brouillon(membre)
    client.force_login(membre.utilisateur)
    client.post(reverse("dossiers:etat", args=[d.pk]), {"vers": "depose", "version": d.version})
    d.refresh_from_db()
    assert d.etat == Etat.DEPOSE
    client.force_login(qui)
    file_ = client.get(reverse("dossiers:instruction"))
    assert f"N° {d.pk}" in file_.content.decode()
    client.post(reverse("dossiers:etat", args=[d.pk]), {"vers": "en_instruction"})
    client.post(reverse("dossiers:etat", args=[d.pk]), {"vers": "complement_demande", "texte": "Le devis signé."})
    client.force_login(membre.utilisateur)
    client.post(reverse("dossiers:piece", args=[d.pk]), {"fichier": fichier_pdf("devis-signe.pdf")})
    client.post(reverse("dossiers:etat", args=[d.pk]), {"vers": "depose"})
    client.force_login(qui)
    client.post(reverse("dossiers:etat", args=[d.pk]), {"vers": "en_instruction"})
    reponse = client.post(reverse("dossiers:etat", args=[d.pk]), {"vers": "accorde", "montant": "15 000"}, follow=True)
    assert "Accordé" in html.unescape(reponse.content.decode())
    d.refresh_from_db()
    assert d.etat == Etat.ACCORDE and d.montant_accorde == 15_000
    assert [c.vers for c in d.changements.all()] == [
        "depose",
        "en_instruction",
        "complement_demande",
        "depose",
        "en_instruction",
        "accorde",
    ]
    client.force_login(membre.utilisateur)
    pdf = client.get(reverse("dossiers:attestation", args=[d.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    d.refresh_from_db()
    assert d.attestation.name == f"attestations/{d.pk}/v{d.version}.pdf"
    # Le projet montre l'aide obtenue et sa part du budget prévu (50 000 €).
    page = client.get(d.projet.get_absolute_url()).content.decode()
    assert "15\u202f000 €" in page and "30 % de son budget prévu" in page


def test_decider_un_brouillon_ou_rouvrir_un_dossier_verse_donne_un_message_clair(client, monde):
    qui = monde["instructeur"]
    d = dossier(etat=Etat.VERSE, instruction=(qui, Dossier.objects.get(pk=monde["dossier"].pk).operateur))
    client.force_login(qui)
    reponse = client.post(reverse("dossiers:etat", args=[d.pk]), {"vers": "en_instruction"}, follow=True)
    assert reponse.status_code == 200 and "« Versé » ne passe pas à l'état « En instruction »" in html.unescape(
        reponse.content.decode()
    )
    # Un brouillon : l'instruction ne le voit même pas.
    b = brouillon()
    assert client.post(reverse("dossiers:etat", args=[b.pk]), {"vers": "accorde", "montant": "10"}).status_code == 404


def test_file_d_instruction_filtres_et_retard(client, monde):
    qui = monde["instructeur"]
    d = monde["dossier"]
    Dossier.objects.filter(pk=d.pk).update(echeance=dates.aujourdhui() - datetime.timedelta(days=1))
    client.force_login(qui)
    page = client.get(reverse("dossiers:instruction")).content.decode()
    assert f"N° {d.pk}" in page and "En retard" in page
    for filtres in ({"etat": "accorde"}, {"dispositif": "pionniers-ia"}, {"region": "11"}, {"age": "plus"}):
        assert f"N° {d.pk}" not in client.get(reverse("dossiers:instruction"), filtres).content.decode()
    assert client.get(reverse("dossiers:instruction"), {"etat": "lune", "age": "x"}).status_code == 200
    client.force_login(monde["autre entreprise"])
    assert client.get(reverse("dossiers:instruction")).status_code == 403
    client.force_login(monde["conseiller sans consentement"])
    assert client.get(reverse("dossiers:instruction")).status_code == 403


def test_demander_une_aide_depuis_un_projet(client):
    membre = membre_entreprise(naf_id="46.31Z")
    instructeur()
    from tests.dossiers.factories import CAS_USAGE
    from tests.projets.factories import projet

    p = projet(membre, cas_usage=CAS_USAGE)
    client.force_login(membre.utilisateur)
    page = client.get(reverse("dossiers:nouveau"), {"projet": p.pk})
    assert page.status_code == 200 and "IA Booster" in page.content.decode()
    reponse = client.post(
        reverse("dossiers:nouveau"), {"projet": p.pk, "dispositif": "ia-booster-france-2030", "montant_demande": "abc"}
    )
    assert reponse.status_code == 200 and not Dossier.objects.filter(projet=p).exists()
    reponse = client.post(
        reverse("dossiers:nouveau"),
        {"projet": p.pk, "dispositif": "ia-booster-france-2030", "montant_demande": "20000"},
    )
    d = Dossier.objects.get(projet=p)
    assert reponse.status_code == 302 and d.etat == Etat.BROUILLON and d.montant_demande == 20_000
    # Le projet d'une autre entreprise : 404.
    client.force_login(membre_entreprise().utilisateur)
    assert client.get(reverse("dossiers:nouveau"), {"projet": p.pk}).status_code == 404


def test_alerte_de_minimis_au_dela_de_80_pourcent(client):
    membre = membre_entreprise(naf_id="46.31Z")
    d = dossier(membre, etat=Etat.ACCORDE)
    Dossier.objects.filter(pk=d.pk).update(montant_accorde=250_000)
    client.force_login(membre.utilisateur)
    page = client.get(d.projet.get_absolute_url()).content.decode()
    assert "Plafond de minimis bientôt atteint" in page and "à confirmer" in page
    assert "éligible" not in page.lower().replace("inéligible", "")
