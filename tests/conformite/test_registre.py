"""Registre IA de l'entreprise : obligations datées par les données du règlement selon le niveau et le rôle,
déclaration du système d'un projet (motif exigé pour un niveau ajusté), page, PDF et CSV, droits."""

import csv
import io
import subprocess
from datetime import date

import pytest
from django.urls import reverse

from osezia.cas_usage.enums import NiveauRisqueAIAct
from osezia.conformite import registre, services
from osezia.conformite.enums import RoleAIAct
from osezia.conformite.models import SystemeIA
from osezia.projets.models import EvenementProjet
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.factories import conseiller_avec_portefeuille, membre_entreprise
from tests.projets.factories import projet

pytestmark = pytest.mark.django_db


def _libelles(obligations):
    return [(o.reference, o.applicable_le) for o in obligations]


def test_obligations_selon_le_niveau_et_le_role():
    minimal = registre.obligations(niveau=NiveauRisqueAIAct.MINIMAL, role=RoleAIAct.DEPLOYEUR)
    assert _libelles(minimal) == [("art. 4 (modifié par le règlement 2026/1744)", date(2025, 2, 2))]

    deployeur = registre.obligations(niveau=NiveauRisqueAIAct.TRANSPARENCE, role=RoleAIAct.DEPLOYEUR)
    fournisseur = registre.obligations(niveau=NiveauRisqueAIAct.TRANSPARENCE, role=RoleAIAct.FOURNISSEUR)
    assert {o.reference for o in deployeur[1:]} == {
        "art. 50(3)",
        "art. 50(4) premier alinéa",
        "art. 50(4) deuxième alinéa",
    }
    assert {o.reference for o in fournisseur[1:]} == {"art. 50(1)", "art. 50(2)"}
    assert all(o.applicable_le == date(2026, 8, 2) and o.selon_usage for o in deployeur[1:])

    annexe_iii = registre.obligations(
        niveau=NiveauRisqueAIAct.HAUT_RISQUE_POSSIBLE, role=RoleAIAct.DEPLOYEUR, reference_cas="annexe III, point 4"
    )
    assert annexe_iii[-1].applicable_le == date(2027, 12, 2) and annexe_iii[-1].selon_usage
    annexe_i = registre.obligations(
        niveau=NiveauRisqueAIAct.HAUT_RISQUE,
        role=RoleAIAct.FOURNISSEUR,
        reference_cas="article 6, paragraphe 1, annexe I",
    )
    assert annexe_i[-1].applicable_le == date(2028, 8, 2) and not annexe_i[-1].selon_usage


def test_declarer_le_systeme_et_ajuster_le_niveau_avec_un_motif():
    membre = membre_entreprise()
    p = projet(membre, cas_usage="generation-visuels")
    assert p.cas_usage.risque_ai_act == NiveauRisqueAIAct.TRANSPARENCE
    with pytest.raises(Exception, match="dites pourquoi"):
        services.declarer_systeme(
            projet=p,
            utilisateur=membre.utilisateur,
            nom="Générateur d'images",
            fournisseur="Éditeur X",
            role=RoleAIAct.DEPLOYEUR,
            niveau_risque=NiveauRisqueAIAct.MINIMAL,
        )
    assert not SystemeIA.objects.exists()
    services.declarer_systeme(
        projet=p,
        utilisateur=membre.utilisateur,
        nom="Générateur d'images",
        fournisseur="Éditeur X",
        role=RoleAIAct.DEPLOYEUR,
        niveau_risque=NiveauRisqueAIAct.MINIMAL,
        motif_ajustement="Les images servent de maquettes internes, jamais publiées.",
    )
    (ligne,) = registre.lignes([p])
    assert ligne.ajuste and ligne.niveau == NiveauRisqueAIAct.MINIMAL
    assert EvenementProjet.objects.filter(projet=p, texte__startswith="Système d'IA déclaré au registre").exists()


def test_un_conseiller_ne_declare_pas(client):
    membre = membre_entreprise()
    p = projet(membre)
    conseiller, _ = conseiller_avec_portefeuille(membre.organisation)
    with pytest.raises(Exception, match="Seuls les membres"):
        services.declarer_systeme(
            projet=p,
            utilisateur=conseiller,
            nom="x",
            fournisseur="",
            role=RoleAIAct.DEPLOYEUR,
            niveau_risque=p.cas_usage.risque_ai_act,
        )


def test_page_formulaire_pdf_et_csv(client, tmp_path):
    membre = membre_entreprise()
    p = projet(membre, cas_usage="generation-visuels", titre="=Visuels des vitrines")
    client.force_login(membre.utilisateur)
    page = client.get(reverse("registre_ia:page")).content.decode()
    assert "pas encore déclaré" in page and "Visuels des vitrines" in page

    url = reverse("registre_ia:declarer", args=[p.pk])
    reponse = client.post(url, {"nom": "", "role": "deployeur", "niveau_risque": "minimal"})
    texte = reponse.content.decode()
    assert reponse.status_code == 200 and 'id="id_nom-desc-error"' in texte and "dites pourquoi" in texte
    reponse = client.post(
        url,
        {
            "nom": "Générateur d'images",
            "fournisseur": "Éditeur X",
            "role": "deployeur",
            "niveau_risque": "transparence",
        },
    )
    assert reponse.status_code == 302
    page = client.get(reverse("registre_ia:page")).content.decode()
    assert "Générateur d&#x27;images" in page and "art. 50(4) premier alinéa" in page

    lignes = list(
        csv.reader(io.StringIO(client.get(reverse("registre_ia:csv")).content.decode("utf-8-sig")), delimiter=";")
    )
    assert lignes[0][:4] == ["projet", "etape", "cas_usage", "systeme"]
    assert lignes[1][0] == "'=Visuels des vitrines"  # injection de formule neutralisée
    assert len(lignes) == 1 + 4  # art. 4 et trois obligations de l'article 50 pour un déployeur

    reponse = client.get(reverse("registre_ia:pdf"))
    assert reponse.content.startswith(b"%PDF")
    chemin = tmp_path / "registre.pdf"
    chemin.write_bytes(reponse.content)
    texte = subprocess.run(["pdftotext", str(chemin), "-"], capture_output=True, text=True, check=True).stdout
    assert "Registre IA —" in texte and "Générateur d'images" in texte


def test_droits(client):
    membre, autre = membre_entreprise(), membre_entreprise()
    p = projet(membre)
    client.force_login(autre.utilisateur)
    assert client.get(reverse("registre_ia:declarer", args=[p.pk])).status_code == 404
    assert "pas encore déclaré" not in client.get(reverse("registre_ia:page")).content.decode()
    client.force_login(UtilisateurFactory(fournisseur=True))
    assert client.get(reverse("registre_ia:page")).status_code == 403
    client.logout()
    assert client.get(reverse("registre_ia:csv")).status_code == 302
