"""Saisies refusées (budget négatif, mesure avant la valeur de départ, fichier déguisé, équipe hors de l'entreprise) :
un message en français, rien d'écrit ; et la courbe d'un indicateur avec son tableau de données."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from osezia.projets import documents, graphique, services
from osezia.projets.models import DocumentProjet, Mesure, Projet
from tests.diagnostic.factories import membre_entreprise
from tests.projets.factories import indicateur, projet

pytestmark = pytest.mark.django_db


def _zip(fichiers):
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        for nom, contenu in fichiers.items():
            archive.writestr(nom, contenu)
    return tampon.getvalue()


DOCX = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODT = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"})


@pytest.fixture
def membre():
    return membre_entreprise()


def _messages(reponse):
    return [str(m) for m in reponse.context["messages"]] if reponse.context else []


def test_budget_negatif_refuse_sans_rien_creer(client, membre):
    client.force_login(membre.utilisateur)
    url = f"{reverse('projets:nouveau')}?cas_usage=prise-commandes-automatique"
    reponse = client.post(
        url,
        {
            "titre": "Commandes",
            "objectif": "Moins de ressaisie.",
            "cas_usage": Projet._meta.get_field("cas_usage")
            .related_model.objects.get(slug="prise-commandes-automatique")
            .pk,
            "responsable": membre.utilisateur.pk,
            "budget_depense": "-300",
        },
    )
    assert reponse.status_code == 200
    assert "Le montant ne peut pas être négatif." in reponse.content.decode()
    assert not Projet.objects.filter(entreprise=membre.organisation).exists()
    with pytest.raises(ValidationError) as erreur:
        services.creer_projet(
            utilisateur=membre.utilisateur,
            entreprise=membre.organisation,
            titre="Commandes",
            objectif="Moins de ressaisie.",
            cas_usage=Projet._meta.get_field("cas_usage").related_model.objects.first(),
            budget_depense=-1,
        )
    assert "budget_depense" in erreur.value.message_dict
    assert not Projet.objects.filter(entreprise=membre.organisation).exists()


def test_date_visee_avant_le_debut_et_equipe_hors_entreprise(membre):
    p = projet(membre)
    with pytest.raises(ValidationError, match="date visée ne peut pas précéder"):
        services.modifier_projet(
            projet=p,
            utilisateur=membre.utilisateur,
            date_debut=datetime.date(2026, 5, 1),
            date_cible=datetime.date(2026, 4, 1),
        )
    etranger = membre_entreprise().utilisateur
    with pytest.raises(ValidationError, match="membres de l'entreprise"):
        services.modifier_projet(projet=p, utilisateur=membre.utilisateur, equipe=[etranger])
    p.refresh_from_db()
    assert p.date_debut is None and not p.equipe.exists()


def test_mesure_avant_la_valeur_de_depart_ou_dans_une_autre_unite(client, membre):
    p = projet(membre)
    i = indicateur(p, membre.utilisateur)
    client.force_login(membre.utilisateur)
    reponse = client.post(
        reverse("projets:mesure", args=[p.pk, i.pk]),
        {f"mesure-{i.pk}-date": "2025-12-01", f"mesure-{i.pk}-valeur": "80"},
        follow=True,
    )
    assert any("ne peut pas précéder la date de la valeur de départ" in m for m in _messages(reponse))
    with pytest.raises(ValidationError, match="se mesure en « minutes »"):
        services.ajouter_mesure(
            indicateur=i, utilisateur=membre.utilisateur, date=datetime.date(2026, 2, 1), valeur=1, unite="heures"
        )
    assert not Mesure.objects.filter(indicateur=i).exists()
    services.ajouter_mesure(indicateur=i, utilisateur=membre.utilisateur, date=datetime.date(2026, 2, 1), valeur=80)
    with pytest.raises(ValidationError, match="existe déjà à cette date"):
        services.ajouter_mesure(indicateur=i, utilisateur=membre.utilisateur, date=datetime.date(2026, 2, 1), valeur=70)


@pytest.mark.parametrize(
    ("nom", "contenu", "type_contenu"),
    [
        ("devis.pdf", b"%PDF-1.7\n%%EOF", "application/pdf"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image/png"),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\0" * 20, "image/jpeg"),
        ("cahier.docx", DOCX, documents.DOCX.type_contenu),
        ("cahier.odt", ODT, documents.ODT.type_contenu),
    ],
)
def test_documents_acceptes(membre, nom, contenu, type_contenu):
    p = projet(membre)
    document = services.deposer_document(
        projet=p, utilisateur=membre.utilisateur, fichier=SimpleUploadedFile(nom, contenu)
    )
    assert document.type_contenu == type_contenu and document.nom == nom
    with document.fichier.open("rb") as lu:
        assert lu.read() == contenu
    assert nom not in document.fichier.name  # jamais le nom donné comme chemin
    assert p.evenements.filter(type="document", document=document).exists()


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("facture.pdf", b"MZ\x90\x00" + b"\0" * 60, "ne correspond pas à son extension"),
        ("outil.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 40, "ne correspond pas à son extension"),
        ("programme.exe", b"MZ\x90\x00", "Extensions acceptées"),
        ("cahier.docx", _zip({"autre.txt": "x"}), "ne correspond pas à son extension"),
        ("cahier.docx", b"PK\x03\x04pas une archive", "ne correspond pas à son extension"),
        ("vide.pdf", b"", "vide"),
    ],
)
def test_documents_refuses(client, membre, nom, contenu, message):
    p = projet(membre)
    client.force_login(membre.utilisateur)
    reponse = client.post(
        reverse("projets:document", args=[p.pk]),
        {"document-fichier": SimpleUploadedFile(nom, contenu)},
        follow=True,
    )
    assert any(message in m for m in _messages(reponse)), _messages(reponse)
    assert not DocumentProjet.objects.filter(projet=p).exists()


def test_document_trop_lourd(membre, monkeypatch):
    monkeypatch.setattr(documents, "TAILLE_MAX", 100)
    with pytest.raises(ValidationError, match="10 Mo au plus"):
        services.deposer_document(
            projet=projet(membre),
            utilisateur=membre.utilisateur,
            fichier=SimpleUploadedFile("gros.pdf", b"%PDF-" + b"0" * 200),
        )


def test_la_courbe_porte_chaque_point_et_le_tableau_chaque_valeur(client, membre):
    p = projet(membre)
    i = indicateur(p, membre.utilisateur, avec_mesure=True)
    services.ajouter_mesure(
        indicateur=i, utilisateur=membre.utilisateur, date=datetime.date(2026, 3, 2), valeur=Decimal("42.5")
    )
    svg = graphique.courbe_svg(i, list(i.mesures.all()), identifiant="c")
    assert svg.count("<circle") == 3 and 'data-valeur="42.50"' in svg and 'data-valeur="120.00"' in svg
    assert 'role="img"' in svg and '<title id="c-titre">' in svg
    assert "mesure le 2 mars 2026 : 42,5 minutes" in svg and "valeur visée : 30 minutes" in svg
    assert "<polyline" in svg and "osezia-courbe-cible" in svg
    client.force_login(membre.utilisateur)
    contenu = client.get(p.get_absolute_url()).content.decode()
    for valeur in ("<td>120</td>", "<td>75</td>", "<td>42,5</td>"):
        assert valeur in contenu
    assert "2 mars 2026" in contenu and "valeur de départ" in contenu


def test_une_courbe_sans_mesure_montre_la_valeur_de_depart(membre):
    i = indicateur(projet(membre), membre.utilisateur, cible=None)
    svg = graphique.courbe_svg(i, [], identifiant="c")
    assert svg.count("<circle") == 1 and "<polyline" not in svg and "valeur visée" not in svg
