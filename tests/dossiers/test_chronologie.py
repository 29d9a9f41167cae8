"""Les dossiers dans la chronologie du projet : un événement par création et par changement d'état, écrit dans la
même transaction (un changement refusé ou interrompu n'en écrit aucun) ; jamais une annotation privée."""

from unittest import mock

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from osezia.comptes.services import creer_jeton
from osezia.dossiers import services, transitions
from osezia.dossiers.enums import OBTENUS, Acteur, Etat
from osezia.dossiers.models import Dossier
from osezia.projets.enums import TypeEvenement
from osezia.projets.models import EvenementProjet, Projet
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.factories import conseiller_avec_portefeuille, membre_entreprise
from tests.dossiers.factories import brouillon, dossier, instructeur, options

pytestmark = pytest.mark.django_db

SECRET = "Note interne : dossier à examiner de près, ne pas dire à l'entreprise."
ATTENDU = {
    Etat.DEPOSE: TypeEvenement.DOSSIER_DEPOSE,
    Etat.EN_INSTRUCTION: TypeEvenement.DOSSIER_INSTRUCTION,
    Etat.COMPLEMENT_DEMANDE: TypeEvenement.DOSSIER_COMPLEMENT,
    Etat.ACCORDE: TypeEvenement.DOSSIER_DECISION,
    Etat.REFUSE: TypeEvenement.DOSSIER_DECISION,
    Etat.SANS_SUITE: TypeEvenement.DOSSIER_DECISION,
    Etat.VERSE_PARTIELLEMENT: TypeEvenement.DOSSIER_VERSEMENT,
    Etat.VERSE: TypeEvenement.DOSSIER_VERSEMENT,
}


@pytest.fixture
def instruction():
    return instructeur()


def _evenements(d):
    return list(EvenementProjet.objects.filter(projet=d.projet_id).exclude(type=TypeEvenement.CREATION))


def test_la_creation_d_un_dossier_est_un_evenement_du_projet(instruction):
    d = brouillon()
    (evenement,) = _evenements(d)
    assert evenement.type == TypeEvenement.DOSSIER_CREE
    assert evenement.dossier_id == d.pk and evenement.acteur == d.cree_par
    assert f"« {d.dispositif.nom} »" in evenement.texte


@pytest.mark.parametrize(("de", "vers"), sorted(transitions.TRANSITIONS))
def test_chaque_changement_d_etat_ecrit_exactement_un_evenement(instruction, de, vers):
    qui, _ = instruction
    d = brouillon()
    Dossier.objects.filter(pk=d.pk).update(
        etat=de,
        montant_accorde=16_000 if de in OBTENUS else None,
        decide_le=timezone.now() if de in OBTENUS else None,
    )
    d.refresh_from_db()
    avant = set(EvenementProjet.objects.filter(projet=d.projet_id).values_list("pk", flat=True))
    par = d.cree_par if Acteur.ENTREPRISE in transitions.acteurs(de, vers) else qui
    services.changer_etat(dossier=d, vers=vers, par=par, **options(vers, d))
    (nouveau,) = EvenementProjet.objects.filter(projet=d.projet_id).exclude(pk__in=avant)
    attendu = TypeEvenement.DOSSIER_REDEPOSE if de == Etat.COMPLEMENT_DEMANDE and vers == Etat.DEPOSE else ATTENDU[vers]
    assert (nouveau.type, nouveau.dossier_id, nouveau.acteur) == (attendu, d.pk, par)
    assert nouveau.cree_le == d.changements.last().le


def test_les_textes_disent_montants_motivation_et_message(instruction):
    qui, _ = instruction
    d = dossier(etat=Etat.ACCORDE, instruction=instruction)
    services.enregistrer_versement(dossier=d, par=qui, montant=6_000, date=timezone.localdate())
    textes = [e.texte for e in EvenementProjet.objects.filter(dossier=d).order_by("cree_le", "pk")]
    nom = d.dispositif.nom
    assert textes == [
        f"Dossier de financement « {nom} » commencé (brouillon).",
        f"Dossier « {nom} » déposé : 20\u202f000 € demandés.",
        f"Dossier « {nom} » en instruction.",
        f"Dossier « {nom} » accordé : 16\u202f000 €.",
        f"Dossier « {nom} » : versement de 6\u202f000 € le {formats.date_format(timezone.localdate(), 'j F Y')}. "
        "Total versé : 6\u202f000 € sur 16\u202f000 €.",
    ]
    refuse = dossier(etat=Etat.REFUSE, instruction=instruction)
    assert EvenementProjet.objects.filter(dossier=refuse).first().texte == (
        f"Dossier « {nom} » refusé. Motivation : « Le projet ne relève pas du dispositif. »"
    )
    complement = dossier(etat=Etat.COMPLEMENT_DEMANDE, instruction=instruction)
    assert "« Joignez le devis signé. »" in EvenementProjet.objects.filter(dossier=complement).first().texte


def test_une_longue_motivation_est_abregee_dans_la_chronologie(instruction):
    qui, _ = instruction
    d = dossier(etat=Etat.EN_INSTRUCTION, instruction=instruction)
    services.changer_etat(dossier=d, vers=Etat.REFUSE, par=qui, texte="Trop cher. " * 400)
    texte = EvenementProjet.objects.filter(dossier=d).first().texte
    assert len(texte) == 500 and texte.endswith("… »")


def test_un_changement_refuse_n_ecrit_aucun_evenement(instruction):
    qui, _ = instruction
    d = dossier(etat=Etat.EN_INSTRUCTION, instruction=instruction)
    avant = EvenementProjet.objects.count()
    with pytest.raises(services.TransitionRefusee):
        services.changer_etat(dossier=d, vers=Etat.REFUSE, par=qui, texte="")
    # Une version périmée : quelqu'un a changé le dossier entre-temps.
    with pytest.raises(services.TransitionRefusee):
        services.changer_etat(dossier=d, vers=Etat.ACCORDE, par=qui, montant=1_000, version=d.version - 1)
    assert EvenementProjet.objects.count() == avant


def test_un_changement_interrompu_apres_l_evenement_ne_laisse_rien(instruction):
    qui, _ = instruction
    d = dossier(etat=Etat.EN_INSTRUCTION, instruction=instruction)
    avant = EvenementProjet.objects.count()
    activite = Projet.objects.get(pk=d.projet_id).derniere_activite_le
    panne = mock.patch.object(services, "_prevenir_changement", side_effect=RuntimeError("panne"))
    with panne, pytest.raises(RuntimeError):
        services.changer_etat(dossier=d, vers=Etat.ACCORDE, par=qui, montant=10_000)
    d.refresh_from_db()
    assert d.etat == Etat.EN_INSTRUCTION and d.montant_accorde is None
    assert EvenementProjet.objects.count() == avant
    assert Projet.objects.get(pk=d.projet_id).derniere_activite_le == activite


def test_les_pas_de_l_instruction_ne_sont_pas_une_activite_du_projet(instruction):
    d = dossier(etat=Etat.DEPOSE, instruction=instruction)
    depose = Projet.objects.get(pk=d.projet_id).derniere_activite_le
    services.changer_etat(dossier=d, vers=Etat.EN_INSTRUCTION, par=instruction[0])
    assert Projet.objects.get(pk=d.projet_id).derniere_activite_le == depose
    assert depose == d.depose_le


def test_l_annotation_privee_n_apparait_jamais_dans_la_chronologie(client, instruction):
    qui, _ = instruction
    membre = membre_entreprise(naf_id="46.31Z")
    d = dossier(membre, etat=Etat.EN_INSTRUCTION, instruction=instruction)
    services.annoter(dossier=d, auteur=qui, texte=SECRET)
    services.changer_etat(dossier=d, vers=Etat.REFUSE, par=qui, texte="Le projet est hors du champ du dispositif.")
    conseiller, _ = conseiller_avec_portefeuille(membre.organisation)
    for lecteur in (membre.utilisateur, conseiller, UtilisateurFactory(pilote=True)):
        client.force_login(lecteur)
        page = client.get(reverse("projets:detail", args=[d.projet_id])).content.decode()
        assert "Motivation : « Le projet est hors du champ du dispositif. »" in page
        assert reverse("dossiers:detail", args=[d.pk]) in page
        assert "Note interne" not in page
        jeton = creer_jeton(utilisateur=lecteur, nom="essai")[1]
        reponse = client.get(f"/api/v1/projets/{d.projet_id}/chronologie", HTTP_AUTHORIZATION=f"Bearer {jeton}")
        assert reponse.status_code == 200
        corps = reponse.json()
        assert "Note interne" not in reponse.content.decode()
        types = {e["type"] for e in corps if e["dossier"] == d.pk}
        assert types == {"dossier_cree", "dossier_depose", "dossier_instruction", "dossier_decision"}
