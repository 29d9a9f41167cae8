import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from osezia.rendezvous import services
from osezia.rendezvous.models import RendezVous
from tests.comptes.factories import UtilisateurFactory
from tests.organisations.factories import MembreFactory, OrganisationFactory
from tests.rendezvous.factories import EvenementFactory, ParticipantFactory, SouhaitFactory, creneaux

pytestmark = pytest.mark.django_db


@pytest.fixture
def evenement():
    evenement = EvenementFactory(tables=2)
    creneaux(evenement, 6)
    entreprises = [ParticipantFactory(evenement=evenement) for _ in range(3)]
    fournisseurs = [ParticipantFactory(evenement=evenement, fournisseur=True) for _ in range(3)]
    for i, e in enumerate(entreprises):
        for j, f in enumerate(fournisseurs):
            SouhaitFactory(entreprise=e, fournisseur=f, mutuel=i == j, priorite=1 + (i + j) % 3)
    return evenement


@pytest.fixture
def pilote():
    return UtilisateurFactory(pilote=True)


def test_le_planning_est_enregistre_dans_les_disponibilites_et_les_tables(evenement, pilote):
    resultat = services.planifier(evenement=evenement, par=pilote, limite_secondes=5)
    rendez_vous = list(RendezVous.objects.filter(evenement=evenement).select_related("entreprise", "fournisseur"))
    assert len(rendez_vous) == len(resultat.rendez_vous) > 0
    for rdv in rendez_vous:
        assert rdv.creneau in rdv.entreprise.disponibilites.all()
        assert rdv.creneau in rdv.fournisseur.disponibilites.all()
        assert rdv.souhait is not None
    par_creneau = {}
    for rdv in rendez_vous:
        par_creneau[rdv.creneau_id] = par_creneau.get(rdv.creneau_id, 0) + 1
    assert max(par_creneau.values()) <= evenement.tables
    evenement.refresh_from_db()
    assert evenement.objectif == resultat.objectif
    assert evenement.borne >= evenement.objectif
    assert evenement.planifie_par == pilote


def test_un_nouveau_calcul_garde_les_notifies_et_annule_ceux_d_un_desiste(evenement, pilote):
    services.planifier(evenement=evenement, par=pilote, limite_secondes=5)
    premiers = list(RendezVous.objects.filter(evenement=evenement).order_by("pk"))
    RendezVous.objects.filter(pk__in=[r.pk for r in premiers]).update(notifie_le=timezone.now())
    desiste = premiers[0].fournisseur
    desiste.desiste_le = timezone.now()
    desiste.save()
    services.planifier(evenement=evenement, par=pilote, limite_secondes=5)
    for rdv in premiers:
        rdv.refresh_from_db()
        if rdv.fournisseur_id == desiste.pk:
            assert rdv.annule_le is not None
        else:
            assert rdv.annule_le is None and rdv.notifie_le is not None
    actifs = RendezVous.objects.filter(evenement=evenement, annule_le__isnull=True)
    assert not actifs.filter(fournisseur=desiste).exists()


def test_un_participant_sans_disponibilite_est_signale_et_rien_n_est_ecrit(evenement, pilote):
    sans = ParticipantFactory(evenement=evenement, disponibilites=[])
    with pytest.raises(ValidationError) as erreur:
        services.planifier(evenement=evenement, par=pilote, limite_secondes=5)
    assert f"« {sans.organisation.nom} » n'a indiqué aucun créneau de disponibilité." in erreur.value.messages
    assert not RendezVous.objects.filter(evenement=evenement).exists()
    evenement.refresh_from_db()
    assert evenement.planifie_le is None


def test_seuls_l_organisateur_et_les_pilotes_planifient(evenement):
    structure = OrganisationFactory(structure=True)
    evenement.organisateur = structure
    evenement.save()
    with pytest.raises(PermissionDenied):
        services.planifier(evenement=evenement, par=UtilisateurFactory(), limite_secondes=5)
    membre = MembreFactory(organisation=structure)
    services.planifier(evenement=evenement, par=membre.utilisateur, limite_secondes=5)
    assert RendezVous.objects.filter(evenement=evenement).exists()


def test_un_evenement_sur_place_demande_son_lieu():
    evenement = EvenementFactory.build(lieu="")
    with pytest.raises(ValidationError) as erreur:
        evenement.clean()
    assert erreur.value.message_dict["lieu"] == ["Indiquez le lieu de l'événement, ou cochez « en ligne »."]
    EvenementFactory.build(en_ligne_seulement=True).clean()


def test_chaque_rendez_vous_a_sa_table_et_un_notifie_garde_la_sienne(evenement, pilote):
    services.planifier(evenement=evenement, par=pilote, limite_secondes=5)
    rendez_vous = list(RendezVous.objects.filter(evenement=evenement))
    par_creneau = {}
    for rdv in rendez_vous:
        par_creneau.setdefault(rdv.creneau_id, []).append(rdv)
    for liste in par_creneau.values():
        liste.sort(key=lambda r: (r.entreprise_id, r.fournisseur_id))
        assert [r.table for r in liste] == list(range(1, len(liste) + 1))
    # Un rendez-vous notifié sur la table 2, seul sur son créneau : le calcul suivant met les nouveaux sur la 1.
    garde = max(rendez_vous, key=lambda r: r.pk)
    RendezVous.objects.filter(evenement=evenement).exclude(pk=garde.pk).delete()
    RendezVous.objects.filter(pk=garde.pk).update(notifie_le=timezone.now(), table=2)
    services.planifier(evenement=evenement, par=pilote, limite_secondes=5)
    garde.refresh_from_db()
    assert garde.table == 2
    voisins = RendezVous.objects.filter(creneau=garde.creneau, annule_le__isnull=True).exclude(pk=garde.pk)
    assert all(r.table == 1 for r in voisins)
    evenement.refresh_from_db()
    assert evenement.duree_planification is not None


def test_une_structure_effacee_laisse_ses_evenements_sans_organisateur(journee):
    evenement = journee.evenement
    journee.structure.delete()  # l'effacement RGPD supprime l'organisation, en cascade pour ses données
    evenement.refresh_from_db()
    assert evenement.organisateur is None and evenement.creneaux.exists()
