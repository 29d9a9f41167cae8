"""Chaque paire d'étapes : permise pour les bons acteurs (et datée, gardée, notée dans la chronologie), refusée aux
autres et, si la table ne la déclare pas, refusée à tous avec un message en français."""

import itertools
import threading

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from osezia.notifications.models import Notification
from osezia.projets import services, transitions
from osezia.projets.enums import Acteur, Etape, MotifArret, TypeEvenement
from osezia.projets.models import ChangementEtape, Projet
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.factories import conseiller_avec_portefeuille, membre_entreprise
from tests.organisations.factories import MembreFactory
from tests.projets.factories import projet

pytestmark = pytest.mark.django_db

PAIRES = [(de, vers) for de, vers in itertools.product(Etape, Etape) if de != vers]


@pytest.fixture
def personnes():
    membre = membre_entreprise(naf_id="46.31Z")
    conseiller, _ = conseiller_avec_portefeuille(membre.organisation)
    p = projet(membre, mesure=True)
    sans_consentement, _ = conseiller_avec_portefeuille(membre_entreprise().organisation)
    return {
        "projet": p,
        Acteur.ENTREPRISE: membre.utilisateur,
        Acteur.CONSEILLER: conseiller,
        "pilote": UtilisateurFactory(pilote=True),
        "autre entreprise": membre_entreprise().utilisateur,
        "conseiller sans consentement": sans_consentement,
    }


def _placer(p, etape):
    Projet.objects.filter(pk=p.pk).update(etape=etape)
    p.refresh_from_db()


def _motif(vers):
    return MotifArret.COUT if vers in transitions.AVEC_MOTIF else ""


def test_la_table_ne_declare_que_des_etapes_et_des_acteurs_connus():
    for (de, vers), qui in transitions.TRANSITIONS.items():
        assert de in Etape.values and vers in Etape.values and de != vers
        assert qui and qui <= set(Acteur)
    # Chaque étape a une sortie, et chaque étape s'atteint.
    assert {de for de, _ in transitions.TRANSITIONS} == set(Etape)
    assert {vers for _, vers in transitions.TRANSITIONS} == set(Etape)


@pytest.mark.parametrize(("de", "vers"), PAIRES, ids=[f"{de}->{vers}" for de, vers in PAIRES])
def test_chaque_paire_d_etapes(personnes, de, vers):
    p = personnes["projet"]
    autorises = transitions.acteurs(de, vers)
    for qui in [Acteur.ENTREPRISE, Acteur.CONSEILLER, "pilote", "autre entreprise", "conseiller sans consentement"]:
        _placer(p, de)
        avant = ChangementEtape.objects.filter(projet=p).count()
        if qui in autorises:
            changement = services.changer_etape(projet=p, vers=vers, par=personnes[qui], motif=_motif(vers))
            p.refresh_from_db()
            assert p.etape == vers
            assert (changement.de, changement.vers, changement.par) == (de, vers, personnes[qui])
            assert p.evenements.filter(type=TypeEvenement.ETAPE).first().cree_le == changement.le
            continue
        with pytest.raises((PermissionDenied, ValidationError)) as erreur:
            services.changer_etape(projet=p, vers=vers, par=personnes[qui], motif=_motif(vers))
        message = " ".join(getattr(erreur.value, "messages", [str(erreur.value)]))
        if not autorises:
            assert f"ne passe pas à l'étape « {Etape(vers).label} »" in message
        else:
            assert message and "Vous" in message or "conseiller" in message
        p.refresh_from_db()
        assert p.etape == de and ChangementEtape.objects.filter(projet=p).count() == avant


def test_pause_et_abandon_exigent_un_motif_et_autre_une_precision(personnes):
    p, membre = personnes["projet"], personnes[Acteur.ENTREPRISE]
    for vers in (Etape.EN_PAUSE, Etape.ABANDONNE):
        with pytest.raises(ValidationError, match="Choisissez pourquoi"):
            services.changer_etape(projet=p, vers=vers, par=membre)
        with pytest.raises(ValidationError, match="Précisez la raison"):
            services.changer_etape(projet=p, vers=vers, par=membre, motif=MotifArret.AUTRE)
    with pytest.raises(ValidationError, match="ne s'indique que pour une pause"):
        services.changer_etape(projet=p, vers=Etape.CADRAGE, par=membre, motif=MotifArret.COUT)
    changement = services.changer_etape(
        projet=p, vers=Etape.ABANDONNE, par=membre, motif=MotifArret.AUTRE, detail="Le gérant part à la retraite."
    )
    assert changement.motif == "autre" and changement.detail == "Le gérant part à la retraite."
    assert "retraite" in p.evenements.first().texte


def test_la_production_exige_une_valeur_mesuree():
    membre = membre_entreprise()
    p = projet(membre, etape=Etape.PILOTE)
    with pytest.raises(ValidationError, match="Mesurez au moins une fois"):
        services.changer_etape(projet=p, vers=Etape.PRODUCTION, par=membre.utilisateur)
    p.refresh_from_db()
    assert p.etape == Etape.PILOTE


def test_une_etape_inconnue_est_refusee(personnes):
    with pytest.raises(ValidationError, match="Étape inconnue"):
        services.changer_etape(projet=personnes["projet"], vers="lune", par=personnes[Acteur.ENTREPRISE])


def test_un_changement_fait_sur_une_etape_perimee_ne_s_applique_pas(personnes):
    """Deux personnes ont lu le projet à l'étape « Idée » : la seconde ne repart pas de l'étape déjà quittée."""
    p, membre = personnes["projet"], personnes[Acteur.ENTREPRISE]
    copie = Projet.objects.get(pk=p.pk)
    services.changer_etape(projet=p, vers=Etape.CADRAGE, par=membre)
    with pytest.raises(ValidationError, match="vient de changer"):
        services.changer_etape(projet=copie, vers=Etape.ABANDONNE, par=membre, motif=MotifArret.COUT)
    p.refresh_from_db()
    assert p.etape == Etape.CADRAGE and p.changements.count() == 1


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite sérialise les écritures : la course se joue sur PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_deux_changements_simultanes_depuis_la_meme_etape_un_seul_s_applique():
    membre = membre_entreprise()
    p = projet(membre)
    barriere, resultats = threading.Barrier(2), []

    def changer(vers, motif):
        copie = Projet.objects.get(pk=p.pk)
        barriere.wait()
        try:
            services.changer_etape(projet=copie, vers=vers, par=membre.utilisateur, motif=motif)
            resultats.append("ok")
        except ValidationError:
            resultats.append("refusé")
        finally:
            connection.close()

    fils = [
        threading.Thread(target=changer, args=(Etape.CADRAGE, "")),
        threading.Thread(target=changer, args=(Etape.ABANDONNE, MotifArret.COUT)),
    ]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    assert sorted(resultats) == ["ok", "refusé"]
    assert ChangementEtape.objects.filter(projet=p).count() == 1


def test_le_responsable_et_le_conseiller_sont_prevenus_pas_l_auteur(personnes):
    p, membre, conseiller = personnes["projet"], personnes[Acteur.ENTREPRISE], personnes[Acteur.CONSEILLER]
    collegue = MembreFactory(organisation=p.entreprise).utilisateur
    services.modifier_projet(projet=p, utilisateur=membre, responsable=collegue)
    services.commenter(projet=p, auteur=conseiller, texte="Pensez à mesurer le temps de saisie avant le POC.")
    services.changer_etape(projet=p, vers=Etape.CADRAGE, par=membre)
    titres = Notification.objects.filter(categorie="projet_etape").values_list("utilisateur", flat=True)
    assert set(titres) == {collegue.pk, conseiller.pk}
