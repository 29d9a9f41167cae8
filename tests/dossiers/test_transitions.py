"""Chaque paire d'états, pour chaque personne : permise pour les bons acteurs (datée, gardée, la version avance),
refusée aux autres et, si la table ne la déclare pas, refusée à tous avec un message en français."""

import itertools
import threading

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from osezia.dossiers import services, transitions
from osezia.dossiers.enums import OBTENUS, Acteur, Etat
from osezia.dossiers.models import ChangementEtat, Dossier
from osezia.journal.enums import Action
from osezia.journal.models import EvenementJournal
from osezia.notifications.models import Notification
from osezia.organisations.models import Consentement
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.factories import conseiller_avec_portefeuille, membre_entreprise
from tests.dossiers.factories import brouillon, dossier, instructeur, options

pytestmark = pytest.mark.django_db

PAIRES = list(itertools.product(Etat, Etat))
PERSONNES = [
    Acteur.ENTREPRISE,
    Acteur.INSTRUCTEUR,
    "pilote",
    "autre entreprise",
    "instructeur d'une autre structure",
    "conseiller avec consentement",
]


@pytest.fixture
def personnes():
    membre = membre_entreprise(naf_id="46.31Z")
    qui, structure = instructeur()
    autre_instructeur, _ = instructeur(dispositif="pionniers-ia")
    conseiller, _ = conseiller_avec_portefeuille(membre.organisation)
    return {
        "dossier": brouillon(membre),
        Acteur.ENTREPRISE: membre.utilisateur,
        Acteur.INSTRUCTEUR: qui,
        "pilote": UtilisateurFactory(pilote=True),
        "autre entreprise": membre_entreprise().utilisateur,
        "instructeur d'une autre structure": autre_instructeur,
        "conseiller avec consentement": conseiller,
    }


def _placer(d, etat):
    d.versements.all().delete()
    Dossier.objects.filter(pk=d.pk).update(
        etat=etat,
        montant_accorde=16_000 if etat in OBTENUS else None,
        decide_le=timezone.now() if etat in OBTENUS else None,
    )
    d.refresh_from_db()


def test_la_table_ne_declare_que_des_etats_et_des_acteurs_connus():
    for (de, vers), qui in transitions.TRANSITIONS.items():
        assert de in Etat.values and vers in Etat.values
        assert qui and qui <= set(Acteur)
        assert de == vers == Etat.VERSE_PARTIELLEMENT or de != vers
    sorties = {de for de, _ in transitions.TRANSITIONS}
    # Les états finaux n'ont pas de sortie ; tous les autres en ont une, et chaque état (sauf le brouillon) s'atteint.
    assert sorties == set(Etat) - {Etat.REFUSE, Etat.SANS_SUITE, Etat.VERSE}
    assert {vers for _, vers in transitions.TRANSITIONS} == set(Etat) - {Etat.BROUILLON}


@pytest.mark.parametrize(("de", "vers"), PAIRES, ids=[f"{de}->{vers}" for de, vers in PAIRES])
def test_chaque_paire_d_etats(personnes, de, vers):
    d = personnes["dossier"]
    autorises = transitions.acteurs(de, vers)
    for qui in PERSONNES:
        _placer(d, de)
        avant, version = ChangementEtat.objects.filter(dossier=d).count(), d.version
        if qui in autorises:
            changement = services.changer_etat(dossier=d, vers=vers, par=personnes[qui], **options(vers, d))
            d.refresh_from_db()
            assert d.etat == vers and d.version == version + 1
            assert (changement.de, changement.vers, changement.par) == (de, vers, personnes[qui])
            continue
        with pytest.raises((PermissionDenied, ValidationError)) as erreur:
            services.changer_etat(dossier=d, vers=vers, par=personnes[qui], **options(vers, d))
        message = " ".join(getattr(erreur.value, "messages", [str(erreur.value)]))
        if not autorises:
            assert f"ne passe pas à l'état « {Etat(vers).label} »" in message
        else:
            assert "Vous ne pouvez pas" in message or "revient à" in message
        d.refresh_from_db()
        assert d.etat == de and ChangementEtat.objects.filter(dossier=d).count() == avant


def test_refus_et_sans_suite_exigent_une_motivation_le_complement_un_message_l_accord_un_montant():
    d = dossier(etat=Etat.EN_INSTRUCTION)
    qui = d.instructeur
    for vers in (Etat.REFUSE, Etat.SANS_SUITE):
        with pytest.raises(ValidationError, match="Motivez la décision"):
            services.changer_etat(dossier=d, vers=vers, par=qui, texte="  ")
    with pytest.raises(ValidationError, match="ce qui manque"):
        services.changer_etat(dossier=d, vers=Etat.COMPLEMENT_DEMANDE, par=qui)
    for montant in (None, 0, -5, 12.5, True):
        with pytest.raises(ValidationError, match="montant en euros"):
            services.changer_etat(dossier=d, vers=Etat.ACCORDE, par=qui, montant=montant)
    d.refresh_from_db()
    assert d.etat == Etat.EN_INSTRUCTION and d.montant_accorde is None


def test_decider_un_brouillon_ou_rouvrir_un_dossier_verse_est_refuse():
    qui, structure = instructeur()
    d = brouillon()
    with pytest.raises(ValidationError, match="ne passe pas"):
        services.changer_etat(dossier=d, vers=Etat.ACCORDE, par=qui, montant=1000)
    verse = dossier(etat=Etat.VERSE, instruction=(qui, structure))
    for vers in (Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.ACCORDE, Etat.BROUILLON):
        with pytest.raises(ValidationError, match="« Versé » ne passe pas"):
            services.changer_etat(dossier=verse, vers=vers, par=qui)


def test_le_depot_fige_l_eligibilite_et_fixe_l_echeance():
    d = dossier(etat=Etat.DEPOSE)
    assert d.eligibilite_statut in ("eligible", "a_verifier") and d.eligibilite_raisons
    assert d.echeance == timezone.localdate(d.depose_le) + __import__("datetime").timedelta(days=60)
    assert all({"statut", "texte", "confirme"} <= set(r) for r in d.eligibilite_raisons)


def test_un_depot_sans_piece_obligatoire_est_refuse():
    d = brouillon(pieces=False)
    with pytest.raises(ValidationError) as erreur:
        services.changer_etat(dossier=d, vers=Etat.DEPOSE, par=d.cree_par)
    assert "Pièce obligatoire manquante : Devis" in " ".join(erreur.value.messages)
    d.refresh_from_db()
    assert d.etat == Etat.BROUILLON and d.eligibilite_statut == ""


def test_un_dispositif_non_adapte_au_projet_ne_se_depose_pas():
    from tests.projets.factories import projet

    membre = membre_entreprise(naf_id="46.31Z")
    instructeur()
    p = projet(membre, cas_usage="prise-commandes-automatique")
    d = brouillon(membre, projet=p)
    with pytest.raises(ValidationError, match="Dépôt impossible : non adapté"):
        services.changer_etat(dossier=d, vers=Etat.DEPOSE, par=membre.utilisateur)


def test_versements_partiels_puis_total_sans_depasser_l_accord():
    d = dossier(etat=Etat.ACCORDE)
    qui = d.instructeur
    from osezia.utils import dates

    services.enregistrer_versement(dossier=d, par=qui, montant=6_000, date=dates.aujourdhui())
    d.refresh_from_db()
    assert d.etat == Etat.VERSE_PARTIELLEMENT and d.total_verse == 6_000
    with pytest.raises(ValidationError, match="dépasseraient le montant accordé"):
        services.enregistrer_versement(dossier=d, par=qui, montant=20_000, date=dates.aujourdhui())
    services.enregistrer_versement(dossier=d, par=qui, montant=10_000, date=dates.aujourdhui())
    d.refresh_from_db()
    assert d.etat == Etat.VERSE and [v.montant for v in d.versements.all()] == [6_000, 10_000]


def test_une_decision_sur_une_version_perimee_ne_s_applique_pas():
    """Deux instructeurs ont ouvert le dossier : le second décide après le premier, sa décision est refusée."""
    qui, structure = instructeur()
    d = dossier(etat=Etat.EN_INSTRUCTION, instruction=(qui, structure))
    collegue, _ = instructeur(structure)
    copie = Dossier.objects.get(pk=d.pk)
    services.changer_etat(dossier=d, vers=Etat.ACCORDE, par=qui, montant=15_000)
    with pytest.raises(
        ValidationError, match="vient d'être traité par quelqu'un d'autre : il est maintenant « Accordé »"
    ):
        services.changer_etat(dossier=copie, vers=Etat.REFUSE, par=collegue, texte="Hors champ.")
    d.refresh_from_db()
    assert d.etat == Etat.ACCORDE and d.montant_accorde == 15_000 and d.changements.filter(vers="refuse").count() == 0


def test_une_attribution_entre_la_lecture_et_la_decision_rend_la_decision_perimee():
    d = dossier(etat=Etat.EN_INSTRUCTION)
    version_lue = d.version
    services.attribuer(dossier=d, par=d.instructeur, instructeur=d.instructeur)
    with pytest.raises(ValidationError, match="modifié par quelqu'un d'autre"):
        services.changer_etat(dossier=d, vers=Etat.ACCORDE, par=d.instructeur, montant=100, version=version_lue)


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite sérialise les écritures : la course se joue sur PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_deux_instructeurs_decident_en_meme_temps_une_seule_decision_s_applique():
    qui, structure = instructeur()
    d = dossier(etat=Etat.EN_INSTRUCTION, instruction=(qui, structure))
    collegue, _ = instructeur(structure)
    barriere, resultats = threading.Barrier(2), []

    def decider(par, vers, **options):
        copie = Dossier.objects.get(pk=d.pk)
        barriere.wait()
        try:
            services.changer_etat(dossier=copie, vers=vers, par=par, **options)
            resultats.append("ok")
        except ValidationError as erreur:
            resultats.append(" ".join(erreur.messages))
        finally:
            connection.close()

    fils = [
        threading.Thread(target=decider, args=(qui, Etat.ACCORDE), kwargs={"montant": 12_000}),
        threading.Thread(target=decider, args=(collegue, Etat.REFUSE), kwargs={"texte": "Hors champ."}),
    ]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    assert "ok" in resultats and len(resultats) == 2
    refus = next(r for r in resultats if r != "ok")
    assert "vient d'être traité par quelqu'un d'autre" in refus
    assert ChangementEtat.objects.filter(dossier=d, vers__in=[Etat.ACCORDE, Etat.REFUSE]).count() == 1


def test_l_entreprise_et_l_instruction_sont_prevenues_pas_l_auteur():
    membre = membre_entreprise(naf_id="46.31Z")
    qui, structure = instructeur()
    collegue, _ = instructeur(structure)
    d = dossier(membre, etat=Etat.DEPOSE, instruction=(qui, structure))
    # Déposé : les deux instructeurs de la structure (personne n'est encore attribué), pas l'entreprise qui dépose.
    assert set(Notification.objects.filter(categorie="dossier_etat").values_list("utilisateur", flat=True)) == {
        qui.pk,
        collegue.pk,
    }
    services.changer_etat(dossier=d, vers=Etat.EN_INSTRUCTION, par=qui)
    assert Notification.objects.filter(categorie="dossier_etat", utilisateur=membre.utilisateur).count() == 1
    services.ecrire_message(dossier=d, auteur=membre.utilisateur, texte="Le devis signé arrive demain.")
    # Attribué : seul l'instructeur du dossier est prévenu du message.
    assert list(Notification.objects.filter(categorie="dossier_message").values_list("utilisateur", flat=True)) == [
        qui.pk
    ]


def test_le_consentement_n_ouvre_que_la_lecture():
    membre = membre_entreprise(naf_id="46.31Z")
    d = dossier(membre)
    conseiller, structure = conseiller_avec_portefeuille(membre.organisation)
    assert Dossier.objects.visibles_par(conseiller).filter(pk=d.pk).exists()
    with pytest.raises(PermissionDenied):
        services.ecrire_message(dossier=d, auteur=conseiller, texte="Bonjour")
    Consentement.objects.filter(structure=structure).update(retire_le=timezone.now())
    assert not Dossier.objects.visibles_par(conseiller).filter(pk=d.pk).exists()


def test_une_decision_est_au_journal_des_actions():
    qui, structure = instructeur()
    d = dossier(etat=Etat.REFUSE, instruction=(qui, structure))
    (entree,) = EvenementJournal.objects.filter(action=Action.DOSSIER_DECIDE)
    assert entree.acteur == qui and entree.organisation == d.entreprise and entree.objet_id == d.pk
    assert (
        entree.details["decision"] == "Refusé" and entree.details["motif"] == "Le projet ne relève pas du dispositif."
    )
