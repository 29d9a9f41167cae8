"""Chaque paire de statuts d'un label, pour chaque acteur : permise par la table, ou refusée sans rien écrire."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from osezia.journal.enums import Action
from osezia.journal.models import EvenementJournal
from osezia.labels import services, transitions
from osezia.labels.enums import Acteur, StatutLabel
from osezia.labels.models import ChangementStatutLabel, Label
from osezia.notifications.enums import Categorie
from osezia.notifications.models import Courriel, Notification
from osezia.recherche.models import DocumentRecherche
from osezia.utils import dates
from tests.comptes.factories import UtilisateurFactory
from tests.labels.factories import MembreFournisseurFactory, evaluateur_delegue, label_accorde

pytestmark = pytest.mark.django_db

PERSONNES = ["pilote", "delegue", "non_delegue", "fournisseur", "plateforme"]


def _personne(nom, label):
    if nom == "pilote":
        return UtilisateurFactory(pilote=True)
    if nom == "delegue":
        return evaluateur_delegue(label.regime.code)
    if nom == "non_delegue":
        return evaluateur_delegue("lne-processus-ia")
    if nom == "fournisseur":
        return label.fournisseur.membres.first().utilisateur
    return None


ACTEUR = {"pilote": Acteur.EVALUATEUR, "delegue": Acteur.EVALUATEUR, "plateforme": Acteur.PLATEFORME}


@pytest.mark.parametrize(("de", "vers"), list(itertools.product(StatutLabel.values, repeat=2)))
@pytest.mark.parametrize("qui", PERSONNES)
def test_chaque_transition_pour_chaque_personne(de, vers, qui):
    label = label_accorde()
    Label.objects.filter(pk=label.pk).update(statut=de)
    personne = _personne(qui, label)
    avant = ChangementStatutLabel.objects.filter(label=label).count()
    permise = ACTEUR.get(qui) in transitions.acteurs(de, vers)
    if permise:
        services.changer_statut(label=label, vers=vers, par=personne, motif="Motif du changement.")
        label.refresh_from_db()
        assert label.statut == vers
        changement = label.changements.last()
        assert (changement.de, changement.vers, changement.par, changement.motif) == (
            de,
            vers,
            personne,
            "Motif du changement.",
        )
        assert EvenementJournal.objects.filter(action=Action.LABEL_STATUT, objet_id=label.pk).exists()
    else:
        with pytest.raises((PermissionDenied, ValidationError)):
            services.changer_statut(label=label, vers=vers, par=personne, motif="Motif du changement.")
        label.refresh_from_db()
        assert label.statut == de
        assert ChangementStatutLabel.objects.filter(label=label).count() == avant


def test_retire_et_expire_sont_finaux():
    for final in transitions.FINAUX:
        assert all(not transitions.acteurs(final, vers) for vers in StatutLabel)


def test_un_changement_sans_motif_est_refuse():
    label = label_accorde()
    with pytest.raises(ValidationError) as erreur:
        services.changer_statut(label=label, vers=StatutLabel.SUSPENDU, par=UtilisateurFactory(pilote=True), motif=" ")
    assert "Motivez" in str(erreur.value)
    label.refresh_from_db()
    assert label.statut == StatutLabel.VALIDE


def test_une_suspension_retire_le_label_de_l_index_des_solutions():
    label = label_accorde()
    solution = label.solutions.get()
    document = DocumentRecherche.objects.get(type="solution", objet_id=solution.pk)
    assert f"label:{label.regime.code}" in document.facettes.split()
    assert document.carte["labels"] == [{"code": label.regime.code, "nom": label.regime.nom, "demo": False}]
    services.changer_statut(label=label, vers=StatutLabel.SUSPENDU, par=UtilisateurFactory(pilote=True), motif="Doute.")
    document = DocumentRecherche.objects.get(type="solution", objet_id=solution.pk)  # réécrit par la réindexation
    assert f"label:{label.regime.code}" not in document.facettes.split()
    assert document.carte["labels"] == []


@pytest.fixture
def sans_label_de_demo():
    """Le label de démonstration est délivré à la date réelle du chargement : hors de l'horloge figée de ces tests."""
    Label.objects.filter(est_demo=True).delete()


def _a(jour):
    return datetime.datetime(*jour, 9, 0, tzinfo=datetime.UTC)


def test_echeance_avertie_une_fois_puis_expiration(time_machine, sans_label_de_demo):
    time_machine.move_to(_a((2026, 1, 15)), tick=False)
    membre = MembreFournisseurFactory()
    label = label_accorde(membre)
    assert label.expire_le == datetime.date(2029, 1, 15)
    # 61 jours avant l'échéance : rien encore.
    time_machine.move_to(_a((2028, 11, 15)), tick=False)
    assert services.traiter_echeances() == {"expires": 0, "avertis": 0}
    # 60 jours avant : un avertissement, dans le site et par e-mail, une seule fois.
    time_machine.move_to(_a((2028, 11, 16)), tick=False)
    assert services.traiter_echeances() == {"expires": 0, "avertis": 1}
    time_machine.move_to(_a((2028, 12, 20)), tick=False)
    assert services.traiter_echeances() == {"expires": 0, "avertis": 0}
    notifications = Notification.objects.filter(utilisateur=membre.utilisateur, categorie=Categorie.LABEL_ECHEANCE)
    assert notifications.count() == 1
    assert "15 janvier 2029" in notifications.get().titre
    assert (
        Courriel.objects.filter(destinataire=membre.utilisateur.email, categorie=Categorie.LABEL_ECHEANCE).count() == 1
    )
    # La veille de l'échéance, le label est encore valide ; le jour même, il expire (par la plateforme).
    time_machine.move_to(_a((2029, 1, 14)), tick=False)
    assert services.traiter_echeances()["expires"] == 0
    time_machine.move_to(_a((2029, 1, 15)), tick=False)
    assert services.traiter_echeances() == {"expires": 1, "avertis": 0}
    label.refresh_from_db()
    assert label.statut == StatutLabel.EXPIRE
    changement = label.changements.last()
    assert changement.par is None and changement.vers == StatutLabel.EXPIRE
    assert EvenementJournal.objects.get(action=Action.LABEL_STATUT, objet_id=label.pk).acteur is None
    assert services.traiter_echeances() == {"expires": 0, "avertis": 0}


def test_un_label_suspendu_expire_aussi_et_n_est_pas_averti(time_machine, sans_label_de_demo):
    time_machine.move_to(_a((2026, 1, 15)), tick=False)
    label = label_accorde()
    services.changer_statut(label=label, vers=StatutLabel.SUSPENDU, par=UtilisateurFactory(pilote=True), motif="Doute.")
    time_machine.move_to(_a((2028, 12, 1)), tick=False)
    assert services.traiter_echeances() == {"expires": 0, "avertis": 0}
    time_machine.move_to(_a((2029, 2, 1)), tick=False)
    assert services.traiter_echeances() == {"expires": 1, "avertis": 0}


def test_le_travail_periodique_traite_les_echeances():
    from osezia.utils import periodiques

    assert "osezia.labels.services.traiter_echeances" in [chemin for _, chemin in periodiques.TRAVAUX]


def test_ajouter_mois_garde_le_dernier_jour():
    assert dates.ajouter_mois(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert dates.ajouter_mois(datetime.date(2028, 2, 29), 12) == datetime.date(2029, 2, 28)
    assert dates.ajouter_mois(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)
