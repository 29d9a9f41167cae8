"""API des besoins et des demandes reçues : mêmes droits que les pages, erreurs en JSON français, jamais de 500, rien
d'écrit à moitié."""

import pytest

from osezia.comptes.services import creer_jeton, organisation_de
from osezia.relations.enums import Statut, StatutBesoin
from osezia.relations.models import Besoin, MiseEnRelation
from tests.catalogue.factories import SolutionFactory
from tests.comptes.factories import UtilisateurFactory
from tests.organisations.factories import MembreFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
BESOINS = "/api/v1/besoins"
DEMANDES = "/api/v1/demandes"
FACTURES = (
    "Lecture automatique des factures fournisseurs, rapprochement avec les bons de livraison, saisie en comptabilité."
)
CORPS = {
    "cas_usage": "traitement-factures",
    "description": "Nous saisissons 200 factures fournisseurs par mois à la main ; nous voulons les lire automatiquement.",
    "budget": "50-200",
}


def _jeton(utilisateur, **options):
    return {"HTTP_AUTHORIZATION": f"Bearer {creer_jeton(utilisateur=utilisateur, nom='essai', **options)[1]}"}


def _post(client, url, corps, entetes):
    return client.post(url, corps, content_type="application/json", **entetes)


@pytest.fixture
def entreprise():
    """Le membre d'une entreprise (TPE de la région 84) et ses en-têtes d'API."""
    membre = MembreFactory(organisation__effectif=8, organisation__chiffre_affaires=600_000)
    return membre.utilisateur, _jeton(membre.utilisateur)


@pytest.fixture
def solutions():
    """Deux solutions publiées du cas d'usage, de deux fournisseurs : de quoi proposer et envoyer."""
    return [SolutionFactory(publiee=True, description=FACTURES) for _ in range(2)]


def _membre_fournisseur(organisation):
    return MembreFactory(organisation=organisation, utilisateur=UtilisateurFactory(fournisseur=True)).utilisateur


def test_creer_un_besoin_lire_ses_propositions_et_pourquoi(client, entreprise, solutions):
    _, entetes = entreprise
    reponse = _post(client, f"{BESOINS}/", CORPS, entetes)
    assert reponse.status_code == 201, reponse.json()
    corps = reponse.json()
    assert corps["statut"] == StatutBesoin.BROUILLON and corps["budget"] == "50-200"
    assert {p["solution"] for p in corps["propositions"]} == {s.pk for s in solutions}
    proposition = corps["propositions"][0]
    assert proposition["statut"] == Statut.PROPOSEE and proposition["rang"] == 1
    assert proposition["pourquoi"] and isinstance(proposition["a_verifier"], list)

    sur_place = _post(client, f"{BESOINS}/", CORPS | {"intervention_sur_place": True, "region": "84"}, entetes)
    assert sur_place.status_code == 201 and sur_place.json()["region"] == "84"

    lu = client.get(f"{BESOINS}/{corps['id']}", **entetes).json()
    assert lu["propositions"] == corps["propositions"]
    assert {b["id"] for b in client.get(f"{BESOINS}/", **entetes).json()} == {corps["id"], sur_place.json()["id"]}


def test_entree_invalide_422_ou_409_en_francais_et_rien_d_ecrit(client, entreprise, solutions):
    _, entetes = entreprise
    avant = (Besoin.objects.count(), MiseEnRelation.objects.count())

    inconnu = _post(client, f"{BESOINS}/", CORPS | {"couleur": "bleu"}, entetes)
    assert inconnu.status_code == 422 and inconnu.json()["erreurs"] == {"couleur": ["Paramètre inconnu."]}
    vide = _post(client, f"{BESOINS}/", CORPS | {"description": "   "}, entetes)
    assert vide.status_code == 422 and "description" in vide.json()["erreurs"]
    budget = _post(client, f"{BESOINS}/", CORPS | {"budget": "beaucoup"}, entetes)
    assert budget.status_code == 422 and budget.json()["erreurs"]["budget"][0].startswith("Valeur non permise")
    chaine = _post(client, f"{BESOINS}/", CORPS | {"sur_site": "oui"}, entetes)
    assert chaine.status_code == 422 and chaine.json()["erreurs"] == {
        "sur_site": ["Une valeur vrai/faux est attendue."]
    }

    sur_place = _post(client, f"{BESOINS}/", CORPS | {"intervention_sur_place": True}, entetes)
    assert sur_place.status_code == 409
    assert sur_place.json()["erreurs"] == {"region": ["Indiquez la région où le fournisseur devra intervenir."]}
    region = _post(client, f"{BESOINS}/", CORPS | {"intervention_sur_place": True, "region": "99"}, entetes)
    assert region.status_code == 409 and list(region.json()["erreurs"]) == ["region"]
    cas = _post(client, f"{BESOINS}/", CORPS | {"cas_usage": "inexistant"}, entetes)
    assert cas.status_code == 409 and cas.json()["erreurs"] == {"cas_usage": ["Cas d'usage inconnu."]}
    projet = _post(client, f"{BESOINS}/", CORPS | {"origine": "projet", "projet": 999_999}, entetes)
    assert projet.status_code == 409 and "projet" in projet.json()["erreurs"]
    formulaire = client.post(f"{BESOINS}/", CORPS, **entetes)  # multipart, pas du JSON
    assert formulaire.status_code == 415 and "JSON" in formulaire.json()["detail"]

    assert (Besoin.objects.count(), MiseEnRelation.objects.count()) == avant


def test_envoyer_demande_le_consentement_puis_part_au_premier_lot(client, entreprise, solutions):
    _, entetes = entreprise
    besoin = _post(client, f"{BESOINS}/", CORPS, entetes).json()
    url = f"{BESOINS}/{besoin['id']}/envoyer"

    sans = _post(client, url, {"champs_visibles": ["nom"]}, entetes)
    assert sans.status_code == 422 and sans.json()["erreurs"] == {"consentement": ["Ce champ est obligatoire."]}
    refuse = _post(client, url, {"champs_visibles": ["nom"], "consentement": False}, entetes)
    assert refuse.status_code == 422 and "consentement" in refuse.json()["erreurs"]
    assert Besoin.objects.get(pk=besoin["id"]).statut == StatutBesoin.BROUILLON

    envoye = _post(client, url, {"champs_visibles": ["nom", "region"], "consentement": True}, entetes)
    assert envoye.status_code == 200, envoye.json()
    corps = envoye.json()
    assert corps["statut"] == StatutBesoin.ENVOYE and corps["champs_visibles"] == ["nom", "region"]
    assert corps["consentement_le"] is not None
    assert {p["statut"] for p in corps["propositions"]} == {Statut.ENVOYEE}

    deux_fois = _post(client, url, {"champs_visibles": [], "consentement": True}, entetes)
    assert deux_fois.status_code == 409 and deux_fois.json()["detail"] == "Ce besoin est déjà envoyé."


def test_sans_fournisseur_a_qui_envoyer_409(client, entreprise):
    _, entetes = entreprise
    besoin = _post(client, f"{BESOINS}/", CORPS, entetes).json()
    assert besoin["propositions"] == []
    reponse = _post(client, f"{BESOINS}/{besoin['id']}/envoyer", {"champs_visibles": [], "consentement": True}, entetes)
    assert reponse.status_code == 409 and "élargissez vos critères" in reponse.json()["detail"]


def test_le_fournisseur_ne_lit_que_ses_demandes_envoyees_et_les_champs_choisis(client, entreprise, solutions):
    utilisateur, entetes = entreprise
    besoin = _post(client, f"{BESOINS}/", CORPS | {"date_souhaitee": "2026-09-01"}, entetes).json()
    un, deux = solutions
    jeton_un = _jeton(_membre_fournisseur(un.fournisseur))
    # Pas encore envoyée : le fournisseur n'en voit rien.
    assert client.get(f"{DEMANDES}/", **jeton_un).json() == []
    _post(client, f"{BESOINS}/{besoin['id']}/envoyer", {"champs_visibles": ["nom", "contact"], "consentement": True},
          entetes)  # fmt: skip

    (demande,) = client.get(f"{DEMANDES}/", **jeton_un).json()
    assert demande["statut"] == Statut.ENVOYEE and demande["cas_usage"] == "traitement-factures"
    assert demande["description"] == CORPS["description"]
    assert demande["entreprise"] == organisation_de(utilisateur).nom
    assert demande["contact"] == {"nom": utilisateur.nom_affiche, "email": utilisateur.email}
    assert (demande["region"], demande["budget"], demande["date_souhaitee"], demande["taille"]) == (None,) * 4
    assert client.get(f"{DEMANDES}/{demande['id']}", **jeton_un).json() == demande

    # La demande de l'autre fournisseur : introuvable pour celui-ci.
    autre = MiseEnRelation.objects.get(besoin_id=besoin["id"], fournisseur=deux.fournisseur)
    assert client.get(f"{DEMANDES}/{autre.pk}", **jeton_un).status_code == 404


def test_matrice_des_droits(client, entreprise, solutions):
    _, entetes = entreprise
    envoyes = Besoin.objects.filter(statut=StatutBesoin.ENVOYE).count()  # ceux de la démonstration
    besoin = _post(client, f"{BESOINS}/", CORPS, entetes).json()
    detail, envoi = f"{BESOINS}/{besoin['id']}", f"{BESOINS}/{besoin['id']}/envoyer"
    consentement = {"champs_visibles": [], "consentement": True}

    # Sans authentification : 401 partout.
    for url in (f"{BESOINS}/", detail, f"{DEMANDES}/"):
        assert client.get(url).status_code == 401
    assert _post(client, f"{BESOINS}/", CORPS, {}).status_code == 401

    # Une autre entreprise : le besoin n'existe pas pour elle.
    autre = _jeton(MembreFactory().utilisateur)
    assert client.get(detail, **autre).status_code == 404
    assert _post(client, envoi, consentement, autre).status_code == 404
    assert client.get(f"{BESOINS}/", **autre).json() == []

    # Un fournisseur n'a ni besoins ni droit d'en créer ; une entreprise n'a pas de demandes reçues.
    fournisseur = _jeton(_membre_fournisseur(solutions[0].fournisseur))
    assert client.get(f"{BESOINS}/", **fournisseur).status_code == 403
    assert _post(client, f"{BESOINS}/", CORPS, fournisseur).status_code == 403
    assert client.get(detail, **fournisseur).status_code == 404
    assert client.get(f"{DEMANDES}/", **entetes).status_code == 403
    # Un compte sans organisation.
    assert client.get(f"{BESOINS}/", **_jeton(UtilisateurFactory())).status_code == 403

    # Un jeton en lecture seule lit mais n'écrit pas.
    lecture = _jeton(MembreFactory(organisation=OrganisationFactory()).utilisateur, lecture_seule=True)
    assert client.get(f"{BESOINS}/", **lecture).status_code == 200
    assert _post(client, f"{BESOINS}/", CORPS, lecture).status_code == 403
    assert Besoin.objects.filter(statut=StatutBesoin.ENVOYE).count() == envoyes
