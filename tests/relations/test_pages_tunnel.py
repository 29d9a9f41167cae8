import datetime

import pytest
from django.urls import reverse

from osezia.journal.models import EvenementJournal
from osezia.relations import transitions
from osezia.relations.enums import Statut, StatutAvis
from osezia.relations.models import Avis, MiseEnRelation
from tests.comptes.factories import UtilisateurFactory
from tests.organisations.factories import MembreFactory, OrganisationFactory
from tests.relations.test_tunnel import DEBUT, relation

pytestmark = pytest.mark.django_db

PILOTE = reverse("tunnel:pilote")
FOURNISSEUR = reverse("tunnel:fournisseur")
AVIS = reverse("tunnel:avis")


@pytest.fixture
def pilote(client):
    utilisateur = UtilisateurFactory(pilote=True)
    client.force_login(utilisateur)
    return utilisateur


def _avis(fournisseur=None, **champs):
    fournisseur = fournisseur or OrganisationFactory(fournisseur=True, nom="Fournisseur Bêta")
    mise = relation(fournisseur=fournisseur, parcours=[Statut.INTERESSE, Statut.RENDEZ_VOUS])
    valeurs = {"note": 4, "texte": "Rendez-vous utile, devis clair.", "contexte_statut": Statut.RENDEZ_VOUS,
               "contexte_le": DEBUT} | champs  # fmt: skip
    return Avis.objects.create(
        relation=mise,
        fournisseur=fournisseur,
        auteur=MembreFactory(organisation=mise.entreprise).utilisateur,
        **valeurs,
    )


@pytest.mark.parametrize("url", [PILOTE, AVIS])
def test_pages_du_pilote_reservees_aux_pilotes(client, fournisseur, url):
    reponse = client.get(url)
    assert reponse.status_code == 302 and reponse["Location"].startswith(reverse("comptes:connexion"))
    client.force_login(MembreFactory().utilisateur)
    assert client.get(url).status_code == 403
    client.force_login(fournisseur[0])
    assert client.get(url).status_code == 403
    client.force_login(UtilisateurFactory(pilote=True))
    assert client.get(url).status_code == 200


def test_le_pilote_lit_le_tunnel_sa_repartition_les_refus_et_les_enquetes(client, pilote):
    relation(parcours=[Statut.VUE, Statut.INTERESSE])
    relation(parcours=[Statut.PAS_INTERESSE], motif="budget")
    relation(est_demo=True)
    # Avec la démonstration que charger_demo a mise dans la base de test.
    demo = MiseEnRelation.objects.filter(est_demo=True, statut__in=transitions.RECUES).count()
    s = "s" if demo > 1 else ""

    reponse = client.get(PILOTE)
    page = reponse.content.decode()
    assert "<caption>Mises en relation par étape du tunnel</caption>" in page
    assert '<th scope="row">Vue par le fournisseur</th><td>1</td><td>50 %</td>' in page
    assert "Budget insuffisant pour notre offre" in page
    assert f"Données de démonstration : {demo} contact{s} fictif{s}, non compté{s} ici" in page
    assert reponse.context["tunnel"].total == 2

    toutes = client.get(PILOTE, {"origine": "toutes", "dimension": "region"})
    assert toutes.context["tunnel"].total == 2 + demo
    assert f"comprennent {demo} contact{s} fictif{s} (données de démonstration)" in toutes.content.decode()
    assert "Auvergne-Rhône-Alpes" in [t.libelle for t in toutes.context["repartition"]]


def test_filtres_invalides_affiches_a_cote_du_champ_sans_erreur_serveur(client, pilote):
    relation()
    reponse = client.get(PILOTE, {"du": "2026-03-01", "au": "2026-02-01", "cas_usage": "inconnu"})
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "La date de fin précède la date de début." in page
    assert 'id="id_au-desc-error"' in page
    # Les filtres en erreur ne filtrent pas : la période et le cas d'usage valides seuls comptent.
    assert reponse.context["tunnel"].total == 1


def test_export_csv_de_la_repartition(client, pilote):
    fournisseur = OrganisationFactory(fournisseur=True, nom="=Fournisseur piégé")
    relation(fournisseur=fournisseur, parcours=[Statut.INTERESSE], repondue_apres=datetime.timedelta(hours=2))
    reponse = client.get(PILOTE, {"dimension": "fournisseur", "format": "csv"})
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    lignes = reponse.content.decode("utf-8-sig").splitlines()
    assert lignes[0].startswith("Fournisseur;Envoyée;Taux « Envoyée » (%);Vue par le fournisseur;")
    assert lignes[1].split(";")[:7] == ["'=Fournisseur piégé", "1", "", "1", "100", "1", "100"]
    assert lignes[1].endswith(";2.0;1")


def test_le_fournisseur_ne_voit_que_ses_demandes(client, fournisseur):
    utilisateur, organisation = fournisseur
    relation(fournisseur=organisation, parcours=[Statut.VUE])
    relation(fournisseur=organisation, parcours=[Statut.PAS_INTERESSE], motif="zone")
    relation(parcours=[Statut.VUE, Statut.INTERESSE])  # celle d'un autre fournisseur

    assert client.get(FOURNISSEUR).status_code == 302
    client.force_login(MembreFactory().utilisateur)
    assert client.get(FOURNISSEUR).status_code == 403
    client.force_login(utilisateur)
    reponse = client.get(FOURNISSEUR)
    assert reponse.status_code == 200
    assert [e.nombre for e in reponse.context["tunnel"].etapes][:3] == [2, 1, 0]
    page = reponse.content.decode()
    assert "Hors de notre zone d&#x27;intervention" in page
    assert "Origine" not in page and "Répartition par" not in page


def test_file_des_avis_avec_contexte_verifie_et_publication(client, pilote):
    avis = _avis()
    _avis(statut=StatutAvis.PUBLIE)
    reponse = client.get(AVIS)
    page = reponse.content.decode()
    assert f"{Avis.objects.filter(statut=StatutAvis.EN_ATTENTE).count()} avis en attente de modération." in page
    assert f"{avis.relation.entreprise.nom} sur Fournisseur Bêta : 4/5" in page
    assert "Rendez-vous le 2 mars 2026" in page

    reponse = client.post(reverse("tunnel:moderer_avis", args=[avis.pk]), {f"avis-{avis.pk}-decision": "publier"})
    assert reponse.status_code == 302
    avis.refresh_from_db()
    assert (avis.statut, avis.modere_par) == (StatutAvis.PUBLIE, pilote)


def test_un_refus_sans_motif_est_signale_a_cote_du_champ_et_rien_ne_change(client, pilote):
    avis = _avis()
    journal_avant = EvenementJournal.objects.count()
    url = reverse("tunnel:moderer_avis", args=[avis.pk])
    reponse = client.post(url, {f"avis-{avis.pk}-decision": "refuser", f"avis-{avis.pk}-motif": "  "})
    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert "Dites pourquoi cet avis est refusé : son auteur le lira." in page
    assert f'id="id_avis-{avis.pk}-motif-desc-error"' in page
    avis.refresh_from_db()
    assert avis.statut == StatutAvis.EN_ATTENTE and EvenementJournal.objects.count() == journal_avant

    assert client.post(url, {}).status_code == 400
    client.post(url, {f"avis-{avis.pk}-decision": "refuser", f"avis-{avis.pk}-motif": "Propos injurieux."})
    avis.refresh_from_db()
    assert (avis.statut, avis.motif_moderation) == (StatutAvis.REFUSE, "Propos injurieux.")


def test_la_moderation_est_refusee_aux_autres_comptes(client, fournisseur):
    avis = _avis()
    url = reverse("tunnel:moderer_avis", args=[avis.pk])
    donnees = {f"avis-{avis.pk}-decision": "publier"}
    assert client.post(url, donnees).status_code == 302
    client.force_login(fournisseur[0])
    assert client.post(url, donnees).status_code == 403
    client.force_login(MembreFactory().utilisateur)
    assert client.post(url, donnees).status_code == 403
    avis.refresh_from_db()
    assert avis.statut == StatutAvis.EN_ATTENTE


def test_la_page_publique_du_fournisseur_montre_ses_avis_publies_et_sa_reponse(client):
    fournisseur = OrganisationFactory(fournisseur=True, nom="Fournisseur Gamma")
    _avis(fournisseur, statut=StatutAvis.PUBLIE, texte="Affaire menée proprement.", contexte_statut=Statut.CONCLUE,
          reponse="Merci pour votre confiance.")  # fmt: skip
    _avis(fournisseur, texte="Avis pas encore relu.")
    _avis(fournisseur, statut=StatutAvis.REFUSE, texte="Avis refusé.", motif_moderation="Hors sujet.")

    page = client.get(reverse("catalogue:fournisseur", args=[fournisseur.slug])).content.decode()
    assert "Avis vérifiés (1)" in page
    assert "Affaire menée proprement." in page and "Affaire conclue le 2 mars 2026" in page
    assert "Merci pour votre confiance." in page
    assert "Avis pas encore relu." not in page and "Avis refusé." not in page


def test_le_tableau_de_bord_mene_aux_pages_du_tunnel_et_des_avis(client, fournisseur):
    client.force_login(UtilisateurFactory(pilote=True))
    page = client.get(reverse("comptes:tableau_de_bord")).content.decode()
    assert f'href="{PILOTE}"' in page and f'href="{AVIS}"' in page
    client.force_login(fournisseur[0])
    assert f'href="{FOURNISSEUR}"' in client.get(reverse("comptes:tableau_de_bord")).content.decode()


def test_un_avis_deja_modere_ne_se_modere_pas_deux_fois(client, pilote):
    avis = _avis(statut=StatutAvis.REFUSE, motif_moderation="Hors sujet.")
    reponse = client.post(reverse("tunnel:moderer_avis", args=[avis.pk]), {f"avis-{avis.pk}-decision": "publier"})
    assert reponse.status_code == 302
    avis.refresh_from_db()
    assert (avis.statut, avis.motif_moderation) == (StatutAvis.REFUSE, "Hors sujet.")
    assert client.post(reverse("tunnel:moderer_avis", args=[999_999]), {}).status_code == 404
