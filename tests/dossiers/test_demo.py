"""Les dossiers de démonstration (chargés par `charger_demo` au début de la session, comme `make run`) : marqués
démo, idempotents, et ce qu'une personne qui essaie la plateforme doit y trouver avec les comptes du README."""

import html
import re
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse

from osezia.dossiers import demo
from osezia.dossiers.enums import Etat
from osezia.dossiers.models import ChangementEtat, Dossier, MessageDossier, PieceDossier, Versement
from osezia.journal.models import EvenementJournal
from osezia.notifications.models import Notification
from osezia.organisations.models import Membre
from osezia.projets.models import EvenementProjet, Projet

pytestmark = pytest.mark.django_db

MODELES = [Dossier, ChangementEtat, MessageDossier, PieceDossier, Versement, EvenementProjet, Projet, Membre]


def _connecter(client, compte):
    """Par le formulaire de connexion, avec l'adresse et le mot de passe que donne le README."""
    reponse = client.post(reverse("comptes:connexion"), {"username": compte["email"], "password": demo.MOT_DE_PASSE})
    assert reponse.status_code == 302


def _dossiers_demo():
    return Dossier.objects.filter(operateur__nom=demo.charger_structure_demo().nom)


def test_six_dossiers_marques_demo_a_des_etats_varies():
    dossiers = list(_dossiers_demo())
    assert len(dossiers) == 6 and all(d.est_demo and d.projet.est_demo and d.entreprise.est_demo for d in dossiers)
    assert {d.etat for d in dossiers} == {
        Etat.DEPOSE,
        Etat.EN_INSTRUCTION,
        Etat.COMPLEMENT_DEMANDE,
        Etat.VERSE_PARTIELLEMENT,
        Etat.REFUSE,
    }
    # Déposés sur des sources qui ne les excluent pas, comme un vrai dépôt.
    assert {d.eligibilite_statut for d in dossiers} == {"a_verifier"}
    # Personne n'a rien fait : ni notification, ni journal.
    assert not Notification.objects.filter(utilisateur__email__endswith="@osezia.invalid").exists()
    assert not EvenementJournal.objects.filter(acteur__email__endswith="@osezia.invalid").exists()


def test_charger_demo_une_seconde_fois_ne_change_rien():
    avant = {m: m.objects.count() for m in MODELES}
    call_command("charger_demo", "--sans-import", verbosity=0)
    assert {m: m.objects.count() for m in MODELES} == avant


def test_l_historique_de_chaque_dossier_est_coherent():
    for d in _dossiers_demo():
        changements = list(d.changements.order_by("le", "pk"))
        assert changements[-1].vers == d.etat and d.version == len(changements) + 1
        assert [c.de for c in changements[1:]] == [c.vers for c in changements[:-1]]
        types = list(d.evenements.order_by("cree_le", "pk").values_list("type", flat=True))
        assert len(types) == len(changements) + 1 and types[0] == "dossier_cree"


def test_l_instructeur_de_demonstration_voit_sa_file_un_echange_une_decision_et_l_attestation(client):
    _connecter(client, demo.INSTRUCTEUR)
    file = client.get(reverse("dossiers:instruction")).content.decode()
    a_instruire = _dossiers_demo().filter(etat__in=[Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.COMPLEMENT_DEMANDE])
    for d in a_instruire:
        assert reverse("dossiers:detail", args=[d.pk]) in file
    accorde = _dossiers_demo().get(etat=Etat.VERSE_PARTIELLEMENT)
    page = client.get(reverse("dossiers:detail", args=[accorde.pk])).content.decode()
    assert "La formation coûte 3 200 €" in page and "Merci de préciser le coût de la formation" in page
    assert re.search(r"16\s?000", page)
    reponse = client.get(reverse("dossiers:attestation", args=[accorde.pk]))
    contenu = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
    assert reponse.status_code == 200 and contenu.startswith(b"%PDF")


def test_le_dirigeant_de_demonstration_voit_ses_dossiers_et_la_chronologie(client):
    _connecter(client, demo.DIRIGEANT)
    refuse = _dossiers_demo().get(etat=Etat.REFUSE)
    page = html.unescape(client.get(reverse("projets:detail", args=[refuse.projet_id])).content.decode())
    assert "refusé. Motivation : « Le projet relève d'un achat de logiciel standard" in page
    liste = client.get(reverse("dossiers:liste")).content.decode()
    assert all(reverse("dossiers:detail", args=[d.pk]) in liste for d in _dossiers_demo())


def test_les_pieces_de_demonstration_sont_des_pdf_lisibles(tmp_path):
    pieces = PieceDossier.objects.filter(dossier__in=_dossiers_demo())
    assert pieces.count() == 13 and set(pieces.values_list("type_contenu", flat=True)) == {"application/pdf"}
    chemin = tmp_path / "piece.pdf"
    chemin.write_bytes(demo.pdf_texte(["devis.pdf : pièce de démonstration (fictive).", "Démo — Menuiserie du Lac"]))
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) n'est pas installé")
    texte = subprocess.run([pdftotext, str(chemin), "-"], capture_output=True, text=True, check=True).stdout
    assert "pièce de démonstration (fictive)" in texte and "Démo — Menuiserie du Lac" in texte
