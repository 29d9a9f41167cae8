import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from osezia.rendezvous import inscriptions, services
from osezia.rendezvous.enums import Priorite
from osezia.rendezvous.models import Souhait
from tests.organisations.factories import MembreFactory

pytestmark = pytest.mark.django_db


def _souhait(journee, entreprise=0, fournisseur=0):
    return Souhait.objects.filter(
        entreprise=journee.entreprises[entreprise], fournisseur=journee.fournisseurs[fournisseur]
    ).first()


def test_une_entreprise_demande_puis_retire_un_rendez_vous(journee, client):
    entreprise = journee.entreprises[0]
    client.force_login(journee.membre(entreprise))
    adresse = reverse("rendezvous:souhaits", args=[journee.evenement.pk])
    page = client.get(adresse).content.decode()
    for fournisseur in journee.fournisseurs:
        assert fournisseur.organisation.nom in page
    assert journee.entreprises[1].organisation.nom not in page
    client.post(adresse, {"autre": journee.fournisseurs[0].pk, "action": "demander", "priorite": "1"})
    souhait = _souhait(journee)
    assert souhait.voulu_par_entreprise and not souhait.voulu_par_fournisseur and not souhait.mutuel
    assert souhait.priorite == Priorite.HAUTE
    assert "Demandé par vous, priorité haute" in client.get(adresse).content.decode()
    client.post(adresse, {"autre": journee.fournisseurs[0].pk, "action": "retirer"})
    assert _souhait(journee) is None


def test_un_fournisseur_demande_et_l_entreprise_accepte_le_souhait_devient_mutuel(journee, client):
    fournisseur, entreprise = journee.fournisseurs[1], journee.entreprises[1]
    client.force_login(journee.membre(fournisseur))
    adresse = reverse("rendezvous:souhaits", args=[journee.evenement.pk])
    client.post(adresse, {"autre": entreprise.pk, "action": "demander", "priorite": "3"})
    souhait = _souhait(journee, 1, 1)
    assert souhait.voulu_par_fournisseur and not souhait.voulu_par_entreprise
    client.force_login(journee.membre(entreprise))
    page = client.get(adresse).content.decode()
    assert "Demandes reçues" in page and "souhaite vous rencontrer" in page
    client.post(adresse, {"autre": fournisseur.pk, "action": "demander", "priorite": "1"})
    souhait.refresh_from_db()
    assert souhait.mutuel and souhait.priorite == Priorite.HAUTE
    # Le solveur lit bien un souhait mutuel.
    (lu,) = services.probleme_de(journee.evenement).souhaits
    assert lu.mutuel
    # L'entreprise retire sa demande : le souhait reste, demandé par le fournisseur seul.
    client.post(adresse, {"autre": fournisseur.pk, "action": "retirer"})
    souhait.refresh_from_db()
    assert not souhait.mutuel and souhait.voulu_par_fournisseur and not souhait.voulu_par_entreprise


def test_l_entreprise_refuse_une_demande_du_fournisseur(journee, client):
    fournisseur, entreprise = journee.fournisseurs[0], journee.entreprises[1]
    inscriptions.souhaiter(
        demandeur=fournisseur, autre=entreprise, priorite=Priorite.MOYENNE, par=journee.membre(fournisseur)
    )
    client.force_login(journee.membre(entreprise))
    reponse = client.post(
        reverse("rendezvous:souhaits", args=[journee.evenement.pk]), {"autre": fournisseur.pk, "action": "refuser"}
    )
    assert reponse.status_code == 302
    assert _souhait(journee, 1, 0) is None


def test_entrees_invalides_message_en_francais_et_rien_d_ecrit(journee, client):
    entreprise = journee.entreprises[0]
    client.force_login(journee.membre(entreprise))
    adresse = reverse("rendezvous:souhaits", args=[journee.evenement.pk])
    for donnees in (
        {"autre": "abc", "action": "demander", "priorite": "1"},
        {"autre": journee.entreprises[1].pk, "action": "demander", "priorite": "1"},
        {"autre": journee.fournisseurs[0].pk, "action": "effacer"},
        {"autre": journee.fournisseurs[0].pk, "action": "demander", "priorite": "9"},
    ):
        reponse = client.post(adresse, donnees, follow=True)
        assert reponse.status_code == 200
        assert "fr-alert--error" in reponse.content.decode()
    assert not Souhait.objects.filter(evenement=journee.evenement).exists()


def test_les_souhaits_sont_reserves_aux_participants(journee, client):
    adresse = reverse("rendezvous:souhaits", args=[journee.evenement.pk])
    assert client.get(adresse).status_code == 302
    client.force_login(MembreFactory().utilisateur)
    assert client.get(adresse).status_code == 404
    assert client.post(adresse, {"autre": journee.fournisseurs[0].pk, "action": "demander"}).status_code == 404
    with pytest.raises(PermissionDenied):
        inscriptions.souhaiter(
            demandeur=journee.entreprises[0],
            autre=journee.fournisseurs[0],
            priorite=Priorite.HAUTE,
            par=journee.membre(journee.entreprises[1]),
        )


def test_on_ne_demande_pas_un_desiste(journee):
    fournisseur = journee.fournisseurs[0]
    inscriptions.desister(participant=fournisseur, par=journee.membre(fournisseur))
    with pytest.raises(ValidationError):
        inscriptions.souhaiter(
            demandeur=journee.entreprises[0],
            autre=fournisseur,
            priorite=Priorite.HAUTE,
            par=journee.membre(journee.entreprises[0]),
        )
