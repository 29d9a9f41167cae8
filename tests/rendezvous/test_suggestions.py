import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from osezia.cas_usage.models import CasUsage
from osezia.relations.enums import Cote, OrigineRelation, Statut
from osezia.relations.models import Besoin, MiseEnRelation
from osezia.rendezvous import inscriptions, services, suggestions
from osezia.rendezvous.models import RendezVous
from tests.catalogue.factories import SolutionFactory
from tests.rendezvous.factories import SouhaitFactory

pytestmark = pytest.mark.django_db

DESCRIPTION = "Lecture automatique des factures fournisseurs et rapprochement avec les bons de livraison."


@pytest.fixture
def avec_besoin(journee):
    """La première entreprise cherche à traiter ses factures ; seul le premier fournisseur inscrit y répond."""
    entreprise = journee.entreprises[0]
    Besoin.objects.create(entreprise=entreprise.organisation, description=DESCRIPTION,
                          cas_usage=CasUsage.objects.get(slug="traitement-factures"))  # fmt: skip
    SolutionFactory(publiee=True, fournisseur=journee.fournisseurs[0].organisation, description=DESCRIPTION)
    SolutionFactory(
        publiee=True, fournisseur=journee.fournisseurs[1].organisation, cas_usage=["transcription-reunions"]
    )
    return journee


def test_une_entreprise_se_voit_suggerer_les_fournisseurs_inscrits_qui_repondent_a_ses_besoins(avec_besoin):
    entreprise, (repond, hors_sujet) = avec_besoin.entreprises[0], avec_besoin.fournisseurs
    (suggestion,) = suggestions.suggestions(entreprise)
    assert suggestion.autre == repond and hors_sujet != suggestion.autre
    assert suggestion.pourquoi[0].startswith("Pour « Extraction et saisie automatique des factures » :")
    (inverse,) = suggestions.suggestions(repond)
    assert inverse.autre == entreprise and "que vos solutions couvrent" in inverse.pourquoi[0]
    assert suggestions.suggestions(hors_sujet) == []


def test_une_suggestion_demandee_ou_ecartee_ne_revient_pas(avec_besoin):
    entreprise, repond = avec_besoin.entreprises[0], avec_besoin.fournisseurs[0]
    membre = avec_besoin.membre(entreprise)
    suggestions.ecarter(participant=entreprise, autre=repond, par=membre)
    assert suggestions.suggestions(entreprise) == []
    with pytest.raises(ValidationError):
        suggestions.ecarter(participant=entreprise, autre=avec_besoin.entreprises[1], par=membre)
    inscriptions.souhaiter(demandeur=repond, autre=entreprise, priorite=1, par=avec_besoin.membre(repond))
    assert suggestions.suggestions(repond) == []


def test_la_page_qui_rencontrer_montre_les_suggestions_et_leur_raison(avec_besoin, client):
    entreprise, repond = avec_besoin.entreprises[0], avec_besoin.fournisseurs[0]
    client.force_login(avec_besoin.membre(entreprise))
    url = reverse("rendezvous:souhaits", args=[avec_besoin.evenement.pk])
    page = client.get(url).content.decode()
    assert "Suggestions d'osezia" in page and "Pour « Extraction et saisie automatique des factures »" in page
    client.post(url, {"autre": repond.pk, "action": "ecarter"})
    assert "Suggestions d'osezia" not in client.get(url).content.decode()


def test_le_lendemain_chaque_rendez_vous_tenu_rejoint_le_tunnel_et_pas_celui_d_un_absent(journee, pilote):
    evenement = journee.evenement
    RendezVous.objects.filter(evenement=evenement).delete()
    for entreprise, fournisseur in zip(journee.entreprises, journee.fournisseurs, strict=True):
        SouhaitFactory(entreprise=entreprise, fournisseur=fournisseur, mutuel=True)
    services.planifier(evenement=evenement, par=pilote, limite_secondes=5)
    services.publier(evenement=evenement, par=pilote)
    assert not MiseEnRelation.objects.filter(rendez_vous__evenement=evenement).exists()  # pas avant la journée
    absent = journee.fournisseurs[1]
    absent.absent_le = timezone.now()
    absent.save()
    lendemain = timezone.now() + datetime.timedelta(days=31)
    assert services.rendez_vous_tenus_dans_le_tunnel(timezone.now()) == 0
    assert services.rendez_vous_tenus_dans_le_tunnel(lendemain) == 1
    assert services.rendez_vous_tenus_dans_le_tunnel(lendemain) == 0  # une fois chacun
    (relation,) = MiseEnRelation.objects.filter(rendez_vous__evenement=evenement)
    rdv = relation.rendez_vous
    assert relation.statut == Statut.RENDEZ_VOUS and relation.origine == OrigineRelation.RENDEZ_VOUS
    assert (relation.entreprise, relation.fournisseur) == (rdv.entreprise.organisation, rdv.fournisseur.organisation)
    assert relation.fournisseur != absent.organisation
    assert relation.changements.get().cote == Cote.PLATEFORME


def test_les_suggestions_d_un_fournisseur_ne_font_pas_une_requete_par_entreprise_inscrite(avec_besoin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.rendezvous.factories import ParticipantFactory

    repond = avec_besoin.fournisseurs[0]
    with CaptureQueriesContext(connection) as avant:
        suggestions.suggestions(repond)
    for _ in range(5):
        autre = ParticipantFactory(evenement=avec_besoin.evenement)
        Besoin.objects.create(entreprise=autre.organisation, description=DESCRIPTION,
                              cas_usage=CasUsage.objects.get(slug="traitement-factures"))  # fmt: skip
    with CaptureQueriesContext(connection) as apres:
        resultat = suggestions.suggestions(repond)
    assert len(resultat) == 6 and len(apres) == len(avant)
