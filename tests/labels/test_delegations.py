"""Délégations de l'évaluation d'un label : accordées par un pilote pour une période, révoquées (datées, motivées) ;
seules les délégations en cours donnent le droit d'évaluer. La page des pilotes et ses droits."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from osezia.labels import droits, services
from osezia.labels.models import Delegation, RegimeLabel
from osezia.organisations.models import Membre
from osezia.utils import dates
from tests.comptes.factories import UtilisateurFactory
from tests.labels.factories import MembreFournisseurFactory, avis_favorable, deposee, evaluateur_delegue
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
URL = reverse("labels:delegations")


@pytest.fixture
def regime():
    return RegimeLabel.objects.get(code="iso-42001")


@pytest.fixture
def pilote():
    return UtilisateurFactory(pilote=True)


def _conseiller_de(structure):
    conseiller = UtilisateurFactory(conseiller=True)
    Membre.objects.create(utilisateur=conseiller, organisation=structure)
    return conseiller


def test_un_pilote_delegue_pour_une_periode_et_le_conseiller_evalue(pilote, regime):
    structure = OrganisationFactory(structure=True)
    conseiller = _conseiller_de(structure)
    assert not droits.regimes_evalues(conseiller).filter(pk=regime.pk).exists()
    aujourdhui = dates.aujourdhui()
    fin = aujourdhui + datetime.timedelta(days=90)
    delegation = services.deleguer(pilote=pilote, regime=regime, structure=structure, debut=aujourdhui, fin=fin)
    assert (delegation.debut, delegation.fin, delegation.accordee_par) == (aujourdhui, fin, pilote)
    candidature = deposee()
    assert droits.peut_decider(conseiller, candidature)
    assert services.decider(candidature=candidature, par=conseiller, avis=avis_favorable(candidature)) is not None


def test_une_delegation_a_venir_ou_terminee_ne_donne_aucun_droit(pilote, regime):
    structure = OrganisationFactory(structure=True)
    conseiller = _conseiller_de(structure)
    demain = dates.aujourdhui() + datetime.timedelta(days=1)
    services.deleguer(pilote=pilote, regime=regime, structure=structure, debut=demain)
    assert not droits.regimes_evalues(conseiller).exists()
    hier = dates.aujourdhui() - datetime.timedelta(days=1)
    autre = OrganisationFactory(structure=True)
    conseiller_autre = _conseiller_de(autre)
    Delegation.objects.create(regime=regime, structure=autre, debut=hier - datetime.timedelta(days=30), fin=hier)
    assert not droits.regimes_evalues(conseiller_autre).exists()
    assert not droits.peut_decider(conseiller_autre, deposee())


def test_la_revocation_est_datee_motivee_et_retire_le_droit(pilote, regime):
    conseiller = evaluateur_delegue()
    delegation = Delegation.objects.get(structure__membres__utilisateur=conseiller)
    candidature = deposee()
    assert droits.peut_decider(conseiller, candidature)
    revoquee = services.revoquer_delegation(pilote=pilote, delegation=delegation, motif="  Conflit d'intérêts.  ")
    assert revoquee.revoquee_par == pilote and revoquee.revoquee_le is not None
    assert revoquee.motif_revocation == "Conflit d'intérêts."
    assert not droits.peut_decider(conseiller, candidature)
    with pytest.raises(PermissionDenied):
        services.decider(candidature=candidature, par=conseiller, avis=avis_favorable(candidature))
    with pytest.raises(ValidationError, match="déjà révoquée"):
        services.revoquer_delegation(pilote=pilote, delegation=delegation, motif="Encore.")
    # Révoquée, elle ne bloque plus une nouvelle délégation de la même structure.
    nouvelle = services.deleguer(pilote=pilote, regime=regime, structure=delegation.structure)
    assert droits.peut_decider(conseiller, candidature) and nouvelle.pk != delegation.pk


@pytest.mark.parametrize("motif", ["", "   ", None, "x" * 3001])
def test_une_revocation_sans_motif_valable_n_ecrit_rien(pilote, motif):
    conseiller = evaluateur_delegue()
    delegation = Delegation.objects.get(structure__membres__utilisateur=conseiller)
    with pytest.raises(ValidationError) as erreur:
        services.revoquer_delegation(pilote=pilote, delegation=delegation, motif=motif)
    assert "motif" in erreur.value.message_dict
    delegation.refresh_from_db()
    assert delegation.revoquee_le is None and delegation.motif_revocation == ""


def test_une_delegation_terminee_ne_se_revoque_pas(pilote, regime):
    hier = dates.aujourdhui() - datetime.timedelta(days=1)
    delegation = Delegation.objects.create(
        regime=regime, structure=OrganisationFactory(structure=True), debut=hier - datetime.timedelta(days=9), fin=hier
    )
    with pytest.raises(ValidationError, match="a pris fin"):
        services.revoquer_delegation(pilote=pilote, delegation=delegation, motif="Trop tard.")
    delegation.refresh_from_db()
    assert delegation.revoquee_le is None


def test_les_saisies_invalides_de_la_delegation_n_ecrivent_rien(pilote, regime):
    structure = OrganisationFactory(structure=True)
    aujourdhui = dates.aujourdhui()
    avant = Delegation.objects.count()
    cas = [
        ({"debut": aujourdhui - datetime.timedelta(days=1)}, "debut"),
        ({"debut": aujourdhui, "fin": aujourdhui - datetime.timedelta(days=1)}, "fin"),
        ({"structure": OrganisationFactory(fournisseur=True)}, "structure"),
    ]
    for options, champ in cas:
        with pytest.raises(ValidationError) as erreur:
            services.deleguer(pilote=pilote, regime=regime, **{"structure": structure, **options})
        assert champ in erreur.value.message_dict
    with pytest.raises(PermissionDenied):
        services.deleguer(pilote=UtilisateurFactory(conseiller=True), regime=regime, structure=structure)
    assert Delegation.objects.count() == avant


def test_deux_delegations_qui_se_chevauchent_sont_refusees(pilote, regime):
    structure = OrganisationFactory(structure=True)
    aujourdhui = dates.aujourdhui()
    services.deleguer(pilote=pilote, regime=regime, structure=structure, fin=aujourdhui + datetime.timedelta(days=30))
    with pytest.raises(ValidationError, match="évalue déjà"):
        services.deleguer(
            pilote=pilote, regime=regime, structure=structure, debut=aujourdhui + datetime.timedelta(days=10)
        )
    # Après la fin de la première, une seconde période se délègue.
    suite = services.deleguer(
        pilote=pilote, regime=regime, structure=structure, debut=aujourdhui + datetime.timedelta(days=31)
    )
    assert Delegation.objects.filter(regime=regime, structure=structure).count() == 2 and suite.fin is None


# La page des pilotes.


def test_seul_un_pilote_ouvre_la_page_des_delegations(client, pilote):
    assert client.get(URL).status_code == 302  # anonyme : vers la connexion
    fournisseur = MembreFournisseurFactory().utilisateur
    evaluateur = evaluateur_delegue()
    for utilisateur in (fournisseur, evaluateur):
        client.force_login(utilisateur)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {}).status_code == 403
    client.force_login(pilote)
    reponse = client.get(URL)
    assert reponse.status_code == 200
    assert "Déléguer l'évaluation d'un label" in reponse.content.decode()


def test_seul_un_pilote_revoque(client, pilote):
    evaluateur = evaluateur_delegue()
    delegation = Delegation.objects.get(structure__membres__utilisateur=evaluateur)
    url = reverse("labels:revoquer_delegation", args=[delegation.pk])
    donnees = {f"revocation-{delegation.pk}-motif": "Fin du partenariat."}
    assert client.post(url, donnees).status_code == 302 and "connexion" in client.post(url, donnees).url
    for utilisateur in (MembreFournisseurFactory().utilisateur, evaluateur):
        client.force_login(utilisateur)
        assert client.post(url, donnees).status_code == 403
    delegation.refresh_from_db()
    assert delegation.revoquee_le is None
    client.force_login(pilote)
    assert client.post(url, donnees).status_code == 302
    delegation.refresh_from_db()
    assert delegation.revoquee_par == pilote and delegation.motif_revocation == "Fin du partenariat."
    page = client.get(URL).content.decode()
    assert "Délégations passées" in page and "Fin du partenariat." in page


def test_le_pilote_delegue_depuis_la_page_et_voit_les_erreurs_a_cote_du_champ(client, pilote, regime):
    structure = OrganisationFactory(structure=True)
    client.force_login(pilote)
    aujourdhui = dates.aujourdhui()
    avant = Delegation.objects.count()
    reponse = client.post(
        URL,
        {
            "regime": regime.pk,
            "structure": structure.pk,
            "debut": aujourdhui.isoformat(),
            "fin": (aujourdhui - datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert "La fin de la délégation suit son début." in page
    assert 'aria-describedby="id_fin-desc-error"' in page
    reponse = client.post(URL, {"regime": "", "structure": "", "debut": "pas une date"})
    page = reponse.content.decode()
    assert reponse.status_code == 400
    assert "Choisissez le label à évaluer." in page and "Choisissez la structure qui évaluera." in page
    assert Delegation.objects.count() == avant
    fin = aujourdhui + datetime.timedelta(days=365)
    reponse = client.post(
        URL, {"regime": regime.pk, "structure": structure.pk, "debut": aujourdhui.isoformat(), "fin": fin.isoformat()}
    )
    assert reponse.status_code == 302
    delegation = Delegation.objects.get(regime=regime, structure=structure)
    assert (delegation.debut, delegation.fin, delegation.accordee_par) == (aujourdhui, fin, pilote)
    page = client.get(URL).content.decode()
    assert f'id="delegation-{delegation.pk}"' in page and "En cours" in page
    # La même structure une seconde fois : refusé, à côté du champ, rien d'écrit.
    reponse = client.post(URL, {"regime": regime.pk, "structure": structure.pk, "debut": aujourdhui.isoformat()})
    assert reponse.status_code == 400 and "évalue déjà" in reponse.content.decode()
    assert Delegation.objects.filter(regime=regime, structure=structure).count() == 1


def test_une_revocation_sans_motif_montre_l_erreur_a_cote_du_champ(client, pilote):
    evaluateur = evaluateur_delegue()
    delegation = Delegation.objects.get(structure__membres__utilisateur=evaluateur)
    client.force_login(pilote)
    reponse = client.post(
        reverse("labels:revoquer_delegation", args=[delegation.pk]), {f"revocation-{delegation.pk}-motif": "  "}
    )
    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert "Motivez la révocation" in page
    assert f'aria-describedby="id_revocation-{delegation.pk}-motif-desc-error"' in page
    delegation.refresh_from_db()
    assert delegation.revoquee_le is None
    assert client.post(reverse("labels:revoquer_delegation", args=[999999]), {}).status_code == 404
