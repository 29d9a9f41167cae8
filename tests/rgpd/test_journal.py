"""Les actions du RGPD au journal des actions sensibles : export, effacement demandé, annulé, exécuté, compte
supprimé ; qui, quand, quoi ; et, l'organisation effacée, son nom quitte le journal (son numéro reste)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from osezia.journal.enums import Action
from osezia.journal.models import EvenementJournal
from osezia.rgpd import services
from osezia.rgpd.enums import DELAI_EFFACEMENT
from tests.comptes.factories import MOT_DE_PASSE, UtilisateurFactory
from tests.diagnostic.factories import diagnostic, membre_entreprise
from tests.organisations.factories import MembreFactory

pytestmark = pytest.mark.django_db


def _entrees(action):
    return list(EvenementJournal.objects.filter(action=action))


def test_export_demande_annulation_puis_effacement_au_journal(client):
    membre = membre_entreprise(naf_id="10.71C", effectif=8)
    organisation = membre.organisation
    diagnostic(membre)
    client.force_login(membre.utilisateur)

    assert client.get(reverse("rgpd:telecharger", args=[organisation.pk])).status_code == 200
    (export,) = _entrees(Action.DONNEES_EXPORTEES)
    assert export.acteur == membre.utilisateur and export.organisation == organisation and export.details["octets"] > 0

    donnees = {"nom": organisation.nom, "mot_de_passe": MOT_DE_PASSE}
    client.post(reverse("rgpd:donnees", args=[organisation.pk]), donnees)
    (demande,) = _entrees(Action.EFFACEMENT_DEMANDE)
    assert demande.acteur == membre.utilisateur and demande.details["motif"].startswith("Demande d'un administrateur")
    client.post(reverse("rgpd:annuler", args=[organisation.pk]))
    (annulation,) = _entrees(Action.EFFACEMENT_ANNULE)
    assert annulation.acteur == membre.utilisateur

    client.post(reverse("rgpd:donnees", args=[organisation.pk]), donnees)
    with time_machine.travel(timezone.now() + DELAI_EFFACEMENT + timedelta(days=1)):
        assert services.effacer_les_organisations_dues() == 1
    (execution,) = _entrees(Action.EFFACEMENT_EXECUTE)
    assert execution.acteur is None and execution.details == {
        "diagnostics": 1,
        "projets": 0,
        "dossiers": 0,
        "comptes_supprimes": 1,
        "fiches_archivees": 0,
    }
    # Toutes les entrées de l'organisation gardent qui, quand, quoi, mais plus son nom.
    entrees = EvenementJournal.objects.filter(organisation_libelle=f"Organisation n° {organisation.pk} (effacée)")
    assert entrees.count() == 5 and not EvenementJournal.objects.filter(organisation_libelle=organisation.nom).exists()
    assert EvenementJournal.objects.filter(organisation__isnull=False).count() == 0


def test_compte_supprime_par_la_personne_ou_par_un_pilote(client):
    membre = membre_entreprise()
    MembreFactory(organisation=membre.organisation)
    client.force_login(membre.utilisateur)
    client.post(reverse("rgpd:supprimer_compte"), {"mot_de_passe": MOT_DE_PASSE})
    (suppression,) = _entrees(Action.COMPTE_SUPPRIME)
    assert suppression.acteur is None  # le compte n'existe plus : son libellé reste
    assert suppression.acteur_libelle.endswith(f"compte n° {membre.utilisateur.pk}")
    assert suppression.details["cause"] == "Demande de la personne"
    assert membre.utilisateur.email not in str(suppression.details)

    pilote, autre = UtilisateurFactory(pilote=True), UtilisateurFactory()
    services.supprimer_compte(utilisateur=autre, par=pilote, cause="administration")
    entree = EvenementJournal.objects.get(action=Action.COMPTE_SUPPRIME, acteur=pilote)
    assert entree.acteur == pilote and entree.details["compte"] == f"compte n° {autre.pk}"


def test_un_export_refuse_n_ecrit_rien(client):
    membre = membre_entreprise()
    non_admin = MembreFactory(organisation=membre.organisation, est_administrateur=False)
    client.force_login(non_admin.utilisateur)
    assert client.get(reverse("rgpd:telecharger", args=[membre.organisation.pk])).status_code == 403
    assert not EvenementJournal.objects.exists()
