import shutil
import subprocess

import pytest
from django.urls import reverse

from osezia.diagnostic import questionnaire as q
from osezia.diagnostic.models import Diagnostic
from osezia.organisations.models import Organisation
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.factories import diagnostic, membre_entreprise, reponses
from tests.organisations.factories import siren_valide

pytestmark = pytest.mark.django_db


def profil(**modifications):
    return {
        "org-nom": "Transports Test",
        "org-siren": siren_valide(7001),
        "org-naf": "49.41A",
        "org-effectif": "45",
        "org-chiffre_affaires": "6,5 M€",
        "org-total_bilan": "",
        "org-region": "53",
        "txt-description": "Transporteur routier régional, 35 camions.",
        "txt-besoins": "Nos clients appellent sans cesse pour savoir quand arrive la livraison.",
        **modifications,
    }


def reponses_etape(indice):
    dimension = q.questionnaire().dimensions[indice - 1]
    toutes = reponses(2)
    return {question.cle: toutes[question.cle] for question in dimension.questions}


def test_parcours_complet_profil_questionnaire_rapport_pdf(client):
    utilisateur = UtilisateurFactory()
    client.force_login(utilisateur)
    reponse = client.post(reverse("diagnostic:demarrer"), profil())
    diag = Diagnostic.objects.get(entreprise__membres__utilisateur=utilisateur)
    assert reponse.url == reverse("diagnostic:etape", args=[diag.pk, 1])
    assert diag.entreprise.categorie_taille == "PME" and diag.naf_id == "49.41A"
    for indice in range(1, 7):
        page = client.get(reverse("diagnostic:etape", args=[diag.pk, indice]))
        assert f"Étape {indice + 1} sur 7" in page.content.decode()
        reponse = client.post(reverse("diagnostic:etape", args=[diag.pk, indice]), reponses_etape(indice))
    assert reponse.url == diag.get_absolute_url()
    diag.refresh_from_db()
    assert diag.statut == "en_cours" and diag.score_global is not None
    assert diag.recommandations.first().cas_usage.slug in ("prediction-heure-arrivee", "optimisation-tournees")
    html = client.get(diag.get_absolute_url()).content.decode()
    for attendu in (
        "L'essentiel",
        "Vos trois premières actions",
        "Votre feuille de route",
        "Règles :",
        "Solutions du catalogue",
        "Financer un diagnostic accompagné et la formation",
        "<svg",
        "Vous écrivez",
    ):
        assert attendu in html
    pdf = client.get(reverse("diagnostic:rapport_pdf", args=[diag.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils absent (installé par .ci/run)")
def test_le_pdf_contient_du_vrai_texte_et_echappe_le_html(client):
    membre = membre_entreprise(naf_id="46.31Z")
    diag = diagnostic(membre, besoins="<script>alert('x')</script> Les commandes arrivent par SMS, on ressaisit tout.")
    client.force_login(membre.utilisateur)
    html = client.get(diag.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    pdf = client.get(reverse("diagnostic:rapport_pdf", args=[diag.pk])).content
    texte = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert f"Diagnostic {diag.libelle}" in texte and "Votre feuille de route" in texte
    assert diag.libelle.startswith("du ") and "T0" not in texte
    assert "Saisie automatique des commandes" in texte
    assert "<script>alert('x')</script>" in texte  # affiché comme du texte, donc échappé dans le PDF aussi


@pytest.mark.parametrize(
    "modification, formulaire, champ, message",
    [
        ({"txt-besoins": ""}, "formulaire_textes", "besoins", "Écrivez quelques mots"),
        ({"txt-besoins": "x" * 5001}, "formulaire_textes", "besoins", "Pas plus de 5000 caractères"),
        ({"txt-description": "court"}, "formulaire_textes", "description", "au moins 10 caractères"),
        ({"org-naf": "00.00X"}, "formulaire_organisation", "naf", "Code NAF inconnu"),
        ({"org-siren": "123456788"}, "formulaire_organisation", "siren", "clé de contrôle"),
        (
            {"org-effectif": "400", "org-chiffre_affaires": "900"},
            "formulaire_organisation",
            "chiffre_affaires",
            "très faible",
        ),
    ],
)
def test_profil_invalide_message_a_cote_du_champ_rien_d_ecrit(client, modification, formulaire, champ, message):
    utilisateur = UtilisateurFactory()
    client.force_login(utilisateur)
    reponse = client.post(reverse("diagnostic:demarrer"), profil(**modification))
    assert reponse.status_code == 200
    assert message in " ".join(reponse.context[formulaire].errors[champ])
    assert not Organisation.objects.filter(membres__utilisateur=utilisateur).exists()
    assert not Diagnostic.objects.exists()


def test_une_etape_incomplete_garde_ce_qui_est_repondu(client):
    membre = membre_entreprise()
    diag = diagnostic(membre, termine=False)
    client.force_login(membre.utilisateur)
    partielles = dict(list(reponses_etape(1).items())[:2])
    reponse = client.post(reverse("diagnostic:etape", args=[diag.pk, 1]), partielles)
    assert reponse.status_code == 200 and "sans réponse" in reponse.content.decode()
    diag.refresh_from_db()
    assert diag.reponses == partielles
    # On revient plus tard : les réponses sont là, cochées.
    page = client.get(reverse("diagnostic:etape", args=[diag.pk, 1])).content.decode()
    for valeur in partielles.values():
        assert f'value="{valeur}" ' in page and "checked" in page


def test_enregistrement_automatique_htmx(client):
    membre = membre_entreprise()
    diag = diagnostic(membre, termine=False)
    client.force_login(membre.utilisateur)
    une = dict(list(reponses_etape(2).items())[:1])
    reponse = client.post(reverse("diagnostic:etape", args=[diag.pk, 2]), une, headers={"HX-Request": "true"})
    assert reponse.status_code == 200 and "Réponses enregistrées" in reponse.content.decode()
    diag.refresh_from_db()
    assert diag.reponses == une


def test_reprendre_plus_tard(client):
    membre = membre_entreprise()
    diag = diagnostic(membre, termine=False)
    client.force_login(membre.utilisateur)
    reponse = client.post(reverse("diagnostic:etape", args=[diag.pk, 1]), {**reponses_etape(1), "plus_tard": "1"})
    assert reponse.url == reverse("diagnostic:accueil")
    assert "Reprendre le diagnostic" in client.get(reverse("diagnostic:accueil")).content.decode()
    assert client.get(reverse("diagnostic:demarrer")).url == reverse("diagnostic:etape", args=[diag.pk, 2])


def test_t0_puis_t1_montre_l_evolution(client):
    membre = membre_entreprise(naf_id="46.31Z")
    diagnostic(membre, indice=0)
    t1 = diagnostic(membre, indice=3)
    assert t1.numero == 1
    client.force_login(membre.utilisateur)
    html = client.get(t1.get_absolute_url()).content.decode()
    precedent = t1.precedent()
    assert f"Depuis le diagnostic {precedent.libelle}" in html and "Évolution" in html and "stroke-dasharray" in html


def test_une_entreprise_ne_voit_que_ses_diagnostics(client):
    autre = diagnostic()
    client.force_login(membre_entreprise().utilisateur)
    assert client.get(autre.get_absolute_url()).status_code == 404
    assert client.get(reverse("diagnostic:rapport_pdf", args=[autre.pk])).status_code == 404
    assert client.get(reverse("diagnostic:etape", args=[autre.pk, 1])).status_code == 404
    assert client.post(reverse("diagnostic:etape", args=[autre.pk, 1]), reponses_etape(1)).status_code == 404
    client.logout()
    assert client.get(autre.get_absolute_url()).status_code == 302


def test_etape_inconnue_et_rapport_avant_la_fin(client):
    membre = membre_entreprise()
    diag = diagnostic(membre, termine=False)
    client.force_login(membre.utilisateur)
    assert client.get(reverse("diagnostic:etape", args=[diag.pk, 9])).status_code == 404
    assert client.get(diag.get_absolute_url()).status_code == 302
    assert client.get(reverse("diagnostic:rapport_pdf", args=[diag.pk])).status_code == 404


def test_un_fournisseur_ne_fait_pas_de_diagnostic(client):
    client.force_login(UtilisateurFactory(fournisseur=True))
    assert client.get(reverse("diagnostic:demarrer")).status_code == 403
