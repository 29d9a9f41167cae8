import pytest
from django.urls import reverse

from osezia.cas_usage.models import CasUsage
from osezia.relations import services
from osezia.relations.enums import ChampVisible, Statut, StatutBesoin
from osezia.relations.models import Avis, Besoin
from tests.comptes.factories import UtilisateurFactory
from tests.organisations.factories import MembreFactory, OrganisationFactory
from tests.relations.conftest import membre

pytestmark = pytest.mark.django_db


@pytest.fixture
def envoye(besoin, gerante, petits_lots):
    services.envoyer(besoin=besoin, par=gerante, champs_visibles=[ChampVisible.TAILLE], consentement=True)
    return besoin


def test_les_pages_demandent_un_compte(client, besoin):
    for url in (reverse("relations:liste"), reverse("relations:besoin", args=[besoin.pk])):
        reponse = client.get(url)
        assert reponse.status_code == 302 and "/comptes/connexion/" in reponse["Location"]


def test_exprimer_un_besoin_erreurs_a_cote_du_champ_puis_liste_proposee(client, gerante, boulangerie, fournisseurs):
    client.force_login(gerante)
    cas = CasUsage.objects.get(slug="traitement-factures")
    reponse = client.post(reverse("relations:nouveau"), {"cas_usage": cas.pk, "description": "", "budget": "a-definir",
                                                        "hebergement": "indifferent", "intervention_sur_place": "on"})  # fmt: skip
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Décrivez votre besoin en quelques phrases" in contenu
    assert "Indiquez la région où le fournisseur devra intervenir." in contenu
    assert not Besoin.objects.filter(entreprise=boulangerie).exists()
    reponse = client.post(reverse("relations:nouveau"), {
        "cas_usage": cas.pk, "description": "Saisie à la main des factures et rapprochement des bons de livraison.",
        "budget": "50-200", "hebergement": "france",
    })  # fmt: skip
    besoin = Besoin.objects.get(entreprise=boulangerie)
    assert reponse.status_code == 302 and reponse["Location"] == reverse("relations:besoin", args=[besoin.pk])
    page = client.get(reponse["Location"]).content.decode()
    assert "Fournisseur fictif 0" in page and "Pourquoi cette proposition" in page
    assert "Envoyer aux fournisseurs" in page


def test_envoyer_sans_consentement_est_refuse_a_cote_de_la_case(client, besoin, gerante):
    client.force_login(gerante)
    reponse = client.post(reverse("relations:envoyer", args=[besoin.pk]), {"champs_visibles": ["taille"]})
    assert reponse.status_code == 400
    assert "Cochez la case pour accepter" in reponse.content.decode()
    besoin.refresh_from_db()
    assert besoin.statut == StatutBesoin.BROUILLON


def test_retirer_un_fournisseur_avant_l_envoi(client, besoin, gerante):
    client.force_login(gerante)
    relation = besoin.relations.order_by("rang").first()
    client.post(reverse("relations:ecarter", args=[besoin.pk, relation.pk]))
    relation.refresh_from_db()
    assert relation.statut == Statut.RETIREE
    client.post(reverse("relations:envoyer", args=[besoin.pk]), {"consentement": "on"})
    relation.refresh_from_db()
    assert relation.statut == Statut.RETIREE


def test_le_besoin_d_une_autre_entreprise_est_introuvable(client, besoin):
    autre = MembreFactory(organisation=OrganisationFactory()).utilisateur
    client.force_login(autre)
    assert client.get(reverse("relations:besoin", args=[besoin.pk])).status_code == 404
    relation = besoin.relations.first()
    assert client.get(reverse("relations:relation", args=[relation.pk])).status_code == 404


def test_la_boite_du_fournisseur_ne_montre_que_ce_qui_lui_est_envoye_et_ce_que_l_entreprise_montre(client, envoye):
    envoyee = envoye.relations.filter(statut=Statut.ENVOYEE).first()
    pas_envoyee = envoye.relations.filter(statut=Statut.PROPOSEE).first()
    fournisseur = membre(envoyee.fournisseur)
    client.force_login(fournisseur)
    boite = client.get(reverse("espace_fournisseur:demandes")).content.decode()
    assert "Extraction et saisie automatique des factures" in boite
    page = client.get(reverse("espace_fournisseur:demande", args=[envoyee.pk]))
    contenu = page.content.decode()
    assert page.status_code == 200 and "Nom non communiqué" in contenu and "Boulangerie de test" not in contenu
    assert "Microentreprise (TPE)" in contenu  # la taille, que l'entreprise a choisi de montrer
    envoyee.refresh_from_db()
    assert envoyee.statut == Statut.VUE
    client.force_login(membre(pas_envoyee.fournisseur))
    assert client.get(reverse("espace_fournisseur:demande", args=[envoyee.pk])).status_code == 404
    assert client.get(reverse("espace_fournisseur:demande", args=[pas_envoyee.pk])).status_code == 404
    assert client.get(reverse("relations:relation", args=[pas_envoyee.pk])).status_code == 404


def test_repondre_pas_interesse_exige_une_raison_puis_interesse_et_messages(client, envoye, gerante):
    relation = envoye.relations.filter(statut=Statut.ENVOYEE).first()
    client.force_login(membre(relation.fournisseur))
    url = reverse("relations:changer", args=[relation.pk])
    reponse = client.post(url, {"vers": "pas_interesse", "pas_interesse-motif": ""})
    assert reponse.status_code == 400 and "Choisissez la raison" in reponse.content.decode()
    relation.refresh_from_db()
    assert relation.statut == Statut.ENVOYEE
    reponse = client.post(url, {"vers": "conclue"})
    assert reponse.status_code == 302
    relation.refresh_from_db()
    assert relation.statut == Statut.ENVOYEE
    assert client.post(url, {"vers": "interesse"}).status_code == 302
    relation.refresh_from_db()
    assert relation.statut == Statut.INTERESSE
    client.post(reverse("relations:ecrire", args=[relation.pk]), {"texte": "Bonjour, quand pouvons-nous échanger ?"})
    client.force_login(gerante)
    page = client.get(reverse("relations:relation", args=[relation.pk])).content.decode()
    assert "quand pouvons-nous échanger" in page and "Échange en cours" in page
    assert client.post(reverse("relations:ecrire", args=[relation.pk]), {"texte": ""}).status_code == 400
    client.post(reverse("relations:ecrire", args=[relation.pk]), {"texte": "Jeudi 10 h nous convient."})
    client.force_login(membre(relation.fournisseur))
    page = client.get(reverse("espace_fournisseur:demande", args=[relation.pk])).content.decode()
    # L'entreprise n'a pas choisi de montrer son contact : le message est là, pas le nom de son auteur.
    assert "Jeudi 10 h nous convient." in page and gerante.last_name not in page


def test_un_statut_inconnu_ne_fait_pas_d_erreur_500(client, envoye):
    relation = envoye.relations.filter(statut=Statut.ENVOYEE).first()
    client.force_login(membre(relation.fournisseur))
    reponse = client.post(reverse("relations:changer", args=[relation.pk]), {"vers": "n-importe-quoi"})
    assert reponse.status_code == 302


def test_avis_et_enquete_reserves_a_l_entreprise(client, envoye, gerante):
    relation = envoye.relations.filter(statut=Statut.ENVOYEE).first()
    client.force_login(membre(relation.fournisseur))
    assert client.get(reverse("relations:enquete", args=[relation.pk])).status_code in (403, 404)
    client.force_login(UtilisateurFactory(pilote=True))
    assert client.get(reverse("relations:relation", args=[relation.pk])).status_code == 404
    client.force_login(gerante)
    # Pas encore de rendez-vous : l'avis est refusé, avec le message, et rien n'est écrit.
    reponse = client.post(
        reverse("relations:avis", args=[relation.pk]), {"note": "5", "texte": "Parfait."}, follow=True
    )
    assert "Un avis se donne après un rendez-vous" in reponse.content.decode()
    assert not Avis.objects.filter(relation=relation).exists()


def test_sans_aucune_offre_pour_le_cas_d_usage_la_page_le_dit_et_n_envoie_rien(client, gerante, boulangerie):
    client.force_login(gerante)
    besoin = services.creer_besoin(
        entreprise=boulangerie, par=gerante, cas_usage=CasUsage.objects.get(slug="transcription-reunions"),
        description="Trier les courriels des clients par demande.",
    )  # fmt: skip
    page = client.get(reverse("relations:besoin", args=[besoin.pk])).content.decode()
    assert "Aucun fournisseur n'a encore publié sur osezia de solution pour" in page
    assert "Envoyer aux fournisseurs" not in page
