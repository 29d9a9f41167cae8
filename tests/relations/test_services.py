from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from osezia.cas_usage.models import CasUsage
from osezia.journal.models import EvenementJournal
from osezia.notifications.enums import Categorie
from osezia.notifications.models import Notification
from osezia.relations import services
from osezia.relations.enums import ChampVisible, Cote, Statut, StatutAvis, StatutBesoin
from osezia.relations.models import Besoin, MiseEnRelation
from tests.comptes.factories import UtilisateurFactory
from tests.projets.factories import projet as projet_de_test
from tests.relations.conftest import membre

pytestmark = pytest.mark.django_db


def _envoyer(besoin, gerante):
    return services.envoyer(besoin=besoin, par=gerante, champs_visibles=[ChampVisible.TAILLE], consentement=True)


def _interesser(relation):
    return services.changer_statut(relation=relation, vers=Statut.INTERESSE, par=membre(relation.fournisseur))


def test_un_besoin_enregistre_sa_liste_sans_rien_envoyer(besoin, fournisseurs):
    relations = list(besoin.relations.order_by("rang"))
    assert {r.fournisseur for r in relations} >= set(fournisseurs)
    assert all(r.statut == Statut.PROPOSEE for r in relations)
    assert [r.rang for r in relations] == list(range(1, len(relations) + 1))
    assert relations[0].explication["pourquoi"]
    assert not Notification.objects.filter(categorie=Categorie.RELATION_RECUE).exists()


def test_seul_un_membre_exprime_un_besoin_et_une_erreur_n_ecrit_rien(boulangerie, gerante):
    cas = CasUsage.objects.get(slug="traitement-factures")
    with pytest.raises(PermissionDenied):
        services.creer_besoin(entreprise=boulangerie, par=UtilisateurFactory(), cas_usage=cas, description="x")
    with pytest.raises(ValidationError) as erreur:
        services.creer_besoin(entreprise=boulangerie, par=gerante, cas_usage=cas, description="Des factures.",
                              intervention_sur_place=True)  # fmt: skip
    assert "region" in erreur.value.message_dict
    assert not Besoin.objects.filter(entreprise=boulangerie).exists()


def test_sans_consentement_rien_ne_part(besoin, gerante):
    with pytest.raises(ValidationError) as erreur:
        services.envoyer(besoin=besoin, par=gerante, champs_visibles=[], consentement=False)
    assert "consentement" in erreur.value.message_dict
    besoin.refresh_from_db()
    assert besoin.statut == StatutBesoin.BROUILLON and besoin.consentement_le is None
    assert not besoin.relations.exclude(statut=Statut.PROPOSEE).exists()
    with pytest.raises(ValidationError):
        services.envoyer_lot(besoin=besoin, maintenant=timezone.now())


def test_l_envoi_part_par_lots_et_le_suivant_quand_trop_peu_disent_oui(besoin, gerante, petits_lots):
    lot = _envoyer(besoin, gerante)
    besoin.refresh_from_db()
    assert len(lot) == 2 and besoin.dernier_lot == 1 and besoin.consentement_par == gerante
    assert {r.statut for r in besoin.relations.filter(lot=1)} == {Statut.ENVOYEE}
    assert Notification.objects.filter(categorie=Categorie.RELATION_RECUE).count() == 2
    assert EvenementJournal.objects.filter(action="besoin_envoye", objet_id=besoin.pk).exists()
    maintenant = timezone.now()
    services.envoyer_lots_suivants(maintenant + timedelta(days=1))  # trop tôt
    besoin.refresh_from_db()
    assert besoin.dernier_lot == 1
    _interesser(lot[0])
    services.envoyer_lots_suivants(maintenant + timedelta(days=6))
    besoin.refresh_from_db()
    assert besoin.dernier_lot == 2 and besoin.relations.filter(lot=2, statut=Statut.ENVOYEE).count() == 2
    for relation in besoin.relations.filter(lot=2):
        _interesser(relation)
    # Trois intéressés, deux voulus : plus de lot.
    services.envoyer_lots_suivants(maintenant + timedelta(days=20))
    besoin.refresh_from_db()
    assert besoin.dernier_lot == 2


def test_chaque_cote_ne_fait_que_ce_que_la_table_lui_permet(besoin, gerante, fournisseurs, petits_lots):
    lot = _envoyer(besoin, gerante)
    relation = lot[0]
    with pytest.raises(ValidationError):
        services.changer_statut(relation=relation, vers=Statut.INTERESSE, par=gerante)
    autre = next(f for f in fournisseurs if f != relation.fournisseur and f not in {r.fournisseur for r in lot})
    with pytest.raises(PermissionDenied):  # la demande n'a pas été envoyée à ce fournisseur
        services.changer_statut(relation=relation, vers=Statut.INTERESSE, par=membre(autre))
    pas_envoyee = besoin.relations.filter(statut=Statut.PROPOSEE).first()
    with pytest.raises(PermissionDenied):
        services.changer_statut(relation=pas_envoyee, vers=Statut.INTERESSE, par=membre(pas_envoyee.fournisseur))
    fournisseur = membre(relation.fournisseur)
    with pytest.raises(ValidationError) as erreur:
        services.changer_statut(relation=relation, vers=Statut.PAS_INTERESSE, par=fournisseur)
    assert "motif" in erreur.value.message_dict
    with pytest.raises(ValidationError) as erreur:
        services.changer_statut(relation=relation, vers=Statut.PAS_INTERESSE, par=fournisseur, motif="autre")
    assert "precision" in erreur.value.message_dict
    relation.refresh_from_db()
    assert relation.statut == Statut.ENVOYEE and not relation.changements.filter(vers=Statut.PAS_INTERESSE).exists()
    services.ouvrir(relation=relation, par=fournisseur)
    relation.refresh_from_db()
    assert relation.statut == Statut.VUE and relation.vue_le and relation.repondue_le is None
    relation = services.changer_statut(relation=relation, vers=Statut.PAS_INTERESSE, par=fournisseur, motif="taille")
    assert relation.repondue_le and relation.libelle_motif == "Taille d'entreprise hors de notre cible"
    dernier = relation.changements.last()
    assert (dernier.de, dernier.vers, dernier.cote, dernier.par) == (Statut.VUE, Statut.PAS_INTERESSE,
                                                                      Cote.FOURNISSEUR, fournisseur)  # fmt: skip
    assert Notification.objects.filter(utilisateur=gerante, categorie=Categorie.RELATION_STATUT).exists()


def test_messages_apres_l_interet_puis_relance_et_enquete(besoin, gerante, petits_lots):
    relation, sans_reponse = _envoyer(besoin, gerante)
    with pytest.raises(ValidationError):
        services.ecrire(relation=relation, par=gerante, texte="Bonjour")
    _interesser(relation)
    services.ecrire(relation=relation, par=gerante, texte="Bonjour, pouvez-vous nous rappeler ?")
    relation.refresh_from_db()
    assert relation.statut == Statut.ECHANGE and relation.echange_le
    fournisseur = membre(relation.fournisseur)
    assert Notification.objects.filter(utilisateur=fournisseur, categorie=Categorie.RELATION_MESSAGE).count() == 1
    assert not Notification.objects.filter(utilisateur=fournisseur, categorie=Categorie.RELATION_STATUT).exists()

    plus_tard = timezone.now() + timedelta(days=4)
    relation.refresh_from_db()
    assert relation.relancee_le is None  # elle a eu sa réponse
    assert services.relancer_sans_reponse(plus_tard) >= 1  # la base de test contient aussi la démonstration
    assert services.relancer_sans_reponse(plus_tard) == 0
    sans_reponse.refresh_from_db()
    assert sans_reponse.relancee_le

    services.envoyer_enquetes(timezone.now() + timedelta(days=10))
    relation.refresh_from_db()
    assert relation.enquete_envoyee_le is None
    assert services.envoyer_enquetes(timezone.now() + timedelta(days=31)) == 1
    relation.refresh_from_db()
    assert relation.enquete_envoyee_le
    assert services.envoyer_enquetes(timezone.now() + timedelta(days=32)) == 0
    with pytest.raises(ValidationError) as erreur:
        services.repondre_enquete(relation=relation, par=gerante, contact_etabli=True, contrat=False, montant=5000)
    assert "montant" in erreur.value.message_dict
    with pytest.raises(PermissionDenied):
        services.repondre_enquete(relation=relation, par=membre(relation.fournisseur), contact_etabli=True)
    enquete = services.repondre_enquete(relation=relation, par=gerante, contact_etabli=True, utile=True,
                                        contrat=True, montant=4800)  # fmt: skip
    assert enquete.montant == 4800


def test_avis_verifie_seulement_apres_un_rendez_vous_modere_puis_une_reponse(besoin, gerante, petits_lots):
    relation = _envoyer(besoin, gerante)[0]
    _interesser(relation)
    with pytest.raises(ValidationError):
        services.deposer_avis(relation=relation, par=gerante, note=5, texte="Très bien.")
    services.changer_statut(relation=relation, vers=Statut.RENDEZ_VOUS, par=gerante)
    # La boulangerie n'a pas choisi de montrer son nom : la notification du fournisseur ne le donne pas.
    notification = Notification.objects.filter(utilisateur=membre(relation.fournisseur)).latest("pk")
    assert notification.titre == "L'entreprise : « Rendez-vous »"
    services.changer_statut(relation=relation, vers=Statut.PERDUE, par=gerante, motif="prix")
    with pytest.raises(PermissionDenied):
        services.deposer_avis(relation=relation, par=membre(relation.fournisseur), note=5, texte="Moi-même.")
    avis = services.deposer_avis(relation=relation, par=gerante, note=4, texte="Rendez-vous utile, offre trop chère.")
    assert avis.contexte_statut == Statut.RENDEZ_VOUS and avis.statut == StatutAvis.EN_ATTENTE
    with pytest.raises(ValidationError):
        services.deposer_avis(relation=relation, par=gerante, note=1, texte="Encore.")
    pilote = UtilisateurFactory(pilote=True)
    with pytest.raises(PermissionDenied):
        services.moderer_avis(avis=avis, par=gerante, publier=True)
    with pytest.raises(ValidationError):
        services.moderer_avis(avis=avis, par=pilote, publier=False)
    avis.auteur = None  # compte supprimé depuis : l'avis se modère quand même
    avis.save()
    fournisseur = membre(relation.fournisseur)
    with pytest.raises(ValidationError):
        services.repondre_avis(avis=avis, par=fournisseur, texte="Merci")
    services.moderer_avis(avis=avis, par=pilote, publier=True)
    avis.refresh_from_db()
    services.repondre_avis(avis=avis, par=fournisseur, texte="Merci pour ce retour.")
    with pytest.raises(ValidationError):
        services.repondre_avis(avis=avis, par=fournisseur, texte="Une seconde fois.")


def test_une_affaire_conclue_rejoint_un_projet_avec_sa_solution(besoin, gerante, petits_lots):
    relation = _envoyer(besoin, gerante)[0]
    _interesser(relation)
    with pytest.raises(ValidationError):
        services.rattacher_au_projet(relation=relation, par=gerante)
    services.changer_statut(relation=relation, vers=Statut.ECHANGE, par=gerante)
    with pytest.raises(ValidationError):  # un montant ne se donne qu'à la conclusion
        services.changer_statut(relation=relation, vers=Statut.DEVIS, par=membre(relation.fournisseur), montant=10)
    services.changer_statut(relation=relation, vers=Statut.CONCLUE, par=gerante, montant=3600)
    projet_d_une_autre = projet_de_test()
    with pytest.raises(ValidationError) as erreur:
        services.rattacher_au_projet(relation=relation, par=gerante, projet=projet_d_une_autre)
    assert "projet" in erreur.value.message_dict
    projet = services.rattacher_au_projet(relation=relation, par=gerante)
    relation.refresh_from_db()
    assert relation.projet == projet and relation.montant == 3600
    assert projet.entreprise == besoin.entreprise and projet.cas_usage == besoin.cas_usage
    assert list(projet.solutions.all()) == [relation.solution]
    evenement = projet.evenements.get(type="fournisseur_retenu")
    assert (
        evenement.texte
        == f"Fournisseur retenu : {relation.fournisseur.nom} ({relation.solution.nom}), affaire conclue, 3\u202f600 €."
    )


def test_un_rendez_vous_d_affaires_fait_avancer_ou_cree_la_mise_en_relation(besoin, gerante, petits_lots):
    from osezia.rendezvous.models import RendezVous
    from tests.rendezvous.factories import EvenementFactory, ParticipantFactory, creneaux

    relation = _envoyer(besoin, gerante)[0]
    evenement = EvenementFactory()
    (creneau,) = creneaux(evenement, 1, pause_avant=())
    entreprise = ParticipantFactory(evenement=evenement, organisation=besoin.entreprise)
    connu = ParticipantFactory(evenement=evenement, fournisseur=True, organisation=relation.fournisseur)
    inconnu = ParticipantFactory(evenement=evenement, fournisseur=True)
    rdv = RendezVous.objects.create(
        evenement=evenement, creneau=creneau, table=1, entreprise=entreprise, fournisseur=connu
    )
    avancee = services.relation_depuis_rendez_vous(rendez_vous=rdv)
    assert avancee.pk == relation.pk and avancee.statut == Statut.RENDEZ_VOUS and avancee.rendez_vous == rdv
    assert avancee.changements.last().cote == Cote.PLATEFORME
    autre_entreprise = ParticipantFactory(evenement=evenement)
    rdv2 = RendezVous.objects.create(
        evenement=evenement, creneau=creneau, table=2, entreprise=autre_entreprise, fournisseur=inconnu
    )
    nouvelle = services.relation_depuis_rendez_vous(rendez_vous=rdv2)
    assert nouvelle.besoin is None and nouvelle.statut == Statut.RENDEZ_VOUS
    assert MiseEnRelation.objects.filter(fournisseur=inconnu.organisation).count() == 1
