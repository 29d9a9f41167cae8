import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from osezia.journal.enums import Action
from osezia.journal.models import EvenementJournal
from osezia.labels import chargement, services
from osezia.labels.enums import StatutCandidature, StatutLabel
from osezia.labels.models import Candidature, DecisionCritere, Label, Preuve, RegimeLabel
from osezia.notifications.enums import Categorie
from osezia.notifications.models import Notification
from osezia.utils.sources import est_confirme
from tests.catalogue.factories import SolutionFactory
from tests.comptes.factories import UtilisateurFactory
from tests.labels.factories import (
    MembreFournisseurFactory,
    avis_favorable,
    brouillon,
    deposee,
    evaluateur_delegue,
    fichier_pdf,
)

pytestmark = pytest.mark.django_db


def test_les_regimes_sont_charges_avec_leurs_sources():
    regimes = RegimeLabel.objects.all()
    assert regimes.count() == 4
    for regime in regimes:
        assert regime.sources and all(s["statut"] in {"lu", "a_confirmer"} for s in regime.sources)
        assert any(c["obligatoire"] for c in regime.criteres)
    demo = regimes.get(code="demo-prestataire-confiance")
    assert demo.est_demo and "démonstration" in demo.nom and est_confirme(demo.sources)
    # Les labels réels n'ont pas été relus ici : ils restent « à confirmer », jamais présentés comme lus.
    assert not any(est_confirme(r.sources) for r in regimes.filter(est_demo=False))


def test_un_regime_faux_n_ecrit_rien(tmp_path):
    fichier = tmp_path / "regimes.yaml"
    fichier.write_text(
        "regimes:\n  - code: faux\n    nom: Faux\n    organisme: X\n    description: Y\n    validite_mois: 0\n"
        "    criteres: []\n",
        encoding="utf-8",
    )
    with pytest.raises(chargement.ErreurRegime) as erreur:
        chargement.charger_regimes(fichier=fichier)
    assert any("validite_mois" in e for e in erreur.value.erreurs)
    assert any("aucune source" in e for e in erreur.value.erreurs)
    assert not RegimeLabel.objects.filter(code="faux").exists()


def test_la_candidature_ne_couvre_que_les_solutions_du_fournisseur():
    membre = MembreFournisseurFactory()
    autre = SolutionFactory(publiee=True)
    regime = RegimeLabel.objects.get(code="iso-42001")
    with pytest.raises(ValidationError) as erreur:
        services.creer_candidature(
            utilisateur=membre.utilisateur, fournisseur=membre.organisation, regime=regime, solutions=[autre]
        )
    assert "votre organisation" in str(erreur.value)
    with pytest.raises(ValidationError):
        services.creer_candidature(
            utilisateur=membre.utilisateur, fournisseur=membre.organisation, regime=regime, solutions=[]
        )
    assert not Candidature.objects.filter(fournisseur=membre.organisation).exists()


def test_un_non_membre_ne_candidate_pas_pour_un_fournisseur():
    membre = MembreFournisseurFactory()
    intrus = MembreFournisseurFactory()
    with pytest.raises(PermissionDenied):
        services.creer_candidature(
            utilisateur=intrus.utilisateur,
            fournisseur=membre.organisation,
            regime=RegimeLabel.objects.get(code="iso-42001"),
            solutions=[SolutionFactory(fournisseur=membre.organisation)],
        )


def test_une_seule_candidature_en_cours_par_label():
    candidature = brouillon()
    with pytest.raises(ValidationError) as erreur:
        services.creer_candidature(
            utilisateur=candidature.cree_par,
            fournisseur=candidature.fournisseur,
            regime=candidature.regime,
            solutions=candidature.solutions.all(),
        )
    assert "déjà en cours" in str(erreur.value)


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("certificat.pdf", b"MZ\x90\x00 un executable", "ne correspond pas"),
        ("certificat.exe", b"MZ\x90\x00", "Extensions acceptées"),
        ("certificat.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "se prouve par un fichier PDF"),
        ("certificat.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1), "en accepte 5 au plus"),
        ("certificat.pdf", b"", "vide"),
    ],
)
def test_une_preuve_au_mauvais_type_ou_trop_lourde_est_refusee(nom, contenu, message):
    candidature = brouillon(preuves=False)
    with pytest.raises(ValidationError) as erreur:
        services.deposer_preuve(
            candidature=candidature,
            utilisateur=candidature.cree_par,
            critere="certificat",
            fichier=fichier_pdf(nom, contenu),
        )
    assert message in " ".join(erreur.value.messages)
    assert not Preuve.objects.filter(candidature=candidature).exists()


def test_une_preuve_remplace_la_precedente_du_meme_critere(django_capture_on_commit_callbacks):
    candidature = brouillon()
    ancienne = candidature.preuves.get(critere="certificat")
    stockage, nom = ancienne.fichier.storage, ancienne.fichier.name
    with django_capture_on_commit_callbacks(execute=True):
        nouvelle = services.deposer_preuve(
            candidature=candidature,
            utilisateur=candidature.cree_par,
            critere="certificat",
            fichier=fichier_pdf("v2.pdf"),
        )
    assert list(candidature.preuves.filter(critere="certificat")) == [nouvelle]
    assert not stockage.exists(nom) and stockage.exists(nouvelle.fichier.name)


def test_pas_de_depot_sans_les_preuves_obligatoires():
    candidature = brouillon(preuves=False)
    with pytest.raises(ValidationError) as erreur:
        services.deposer(candidature=candidature, utilisateur=candidature.cree_par)
    assert "Preuve obligatoire manquante" in str(erreur.value)
    candidature.refresh_from_db()
    assert candidature.statut == StatutCandidature.BROUILLON


def test_le_depot_previent_les_evaluateurs_et_fige_les_preuves():
    evaluateur = evaluateur_delegue()
    candidature = deposee()
    assert candidature.statut == StatutCandidature.DEPOSEE
    assert Notification.objects.filter(utilisateur=evaluateur, categorie=Categorie.LABEL_CANDIDATURE).exists()
    with pytest.raises(PermissionDenied):
        services.deposer_preuve(
            candidature=candidature, utilisateur=candidature.cree_par, critere="certificat", fichier=fichier_pdf()
        )


def test_une_decision_sans_motivation_n_ecrit_rien():
    candidature = deposee()
    pilote = UtilisateurFactory(pilote=True)
    avis = avis_favorable(candidature)
    avis["accreditation"]["motivation"] = "   "
    with pytest.raises(ValidationError) as erreur:
        services.decider(candidature=candidature, par=pilote, avis=avis)
    assert "motivation_accreditation" in erreur.value.message_dict
    candidature.refresh_from_db()
    assert candidature.statut == StatutCandidature.DEPOSEE
    assert not DecisionCritere.objects.filter(candidature=candidature).exists()
    assert not Label.objects.filter(candidature=candidature).exists()


def test_la_decision_favorable_accorde_le_label_date_et_journalise(time_machine):
    time_machine.move_to(datetime.datetime(2026, 1, 31, 10, 0, tzinfo=datetime.UTC), tick=False)
    candidature = deposee()
    evaluateur = evaluateur_delegue()
    label = services.decider(candidature=candidature, par=evaluateur, avis=avis_favorable(candidature))
    assert label.statut == StatutLabel.VALIDE
    assert label.delivre_le == datetime.date(2026, 1, 31)
    assert label.expire_le == datetime.date(2029, 1, 31)  # 36 mois
    assert list(label.solutions.all()) == list(candidature.solutions.all())
    assert label.changements.get().par == evaluateur
    assert candidature.decisions.count() == len(candidature.regime.criteres)
    entree = EvenementJournal.objects.get(action=Action.LABEL_DECIDE, objet_id=candidature.pk)
    assert "Pièce lue et conforme." in entree.details["avis"]
    assert Notification.objects.filter(utilisateur=candidature.cree_par, categorie=Categorie.LABEL_DECISION).exists()


def test_un_critere_obligatoire_non_satisfait_refuse_la_candidature():
    candidature = deposee()
    avis = avis_favorable(candidature)
    avis["certificat"] = {"satisfait": False, "motivation": "Le certificat est échu depuis mars."}
    assert services.decider(candidature=candidature, par=UtilisateurFactory(pilote=True), avis=avis) is None
    candidature.refresh_from_db()
    assert candidature.statut == StatutCandidature.REFUSEE
    assert candidature.decisions.get(critere="certificat").motivation == "Le certificat est échu depuis mars."


def test_un_conseiller_non_delegue_ne_decide_pas():
    candidature = deposee()
    evaluateur_delegue(regime="lne-processus-ia")  # une délégation pour un autre régime
    from osezia.labels.models import Delegation

    conseiller = Delegation.objects.get(regime__code="lne-processus-ia").structure.membres.get().utilisateur
    with pytest.raises(PermissionDenied):
        services.decider(candidature=candidature, par=conseiller, avis=avis_favorable(candidature))
    assert not DecisionCritere.objects.filter(candidature=candidature).exists()


def test_un_evaluateur_ne_juge_pas_sa_propre_organisation():
    candidature = deposee()
    evaluateur = evaluateur_delegue()
    from osezia.organisations.models import Membre

    Membre.objects.create(utilisateur=evaluateur, organisation=candidature.fournisseur)
    with pytest.raises(PermissionDenied):
        services.decider(candidature=candidature, par=evaluateur, avis=avis_favorable(candidature))


def test_une_candidature_ne_se_decide_qu_une_fois():
    candidature = deposee()
    pilote = UtilisateurFactory(pilote=True)
    services.decider(candidature=candidature, par=pilote, avis=avis_favorable(candidature))
    with pytest.raises(ValidationError, match="ne se décide plus"):
        services.decider(candidature=candidature, par=pilote, avis=avis_favorable(candidature))
    # Lue avant la première décision (deux évaluateurs en même temps) : la mise à jour conditionnelle refuse.
    perimee = Candidature.objects.get(pk=candidature.pk)
    perimee.statut = StatutCandidature.DEPOSEE
    with pytest.raises(ValidationError, match="vient d'être décidée"):
        services.decider(candidature=perimee, par=pilote, avis=avis_favorable(candidature))
    assert Label.objects.filter(candidature=candidature).count() == 1


def test_l_effacement_d_un_fournisseur_labellise_efface_candidatures_labels_et_preuves(
    django_capture_on_commit_callbacks,
):
    from osezia.rgpd import services as rgpd

    label = services.decider(
        candidature=(candidature := deposee()), par=UtilisateurFactory(pilote=True), avis=avis_favorable(candidature)
    )
    preuve = candidature.preuves.first()
    stockage, nom = preuve.fichier.storage, preuve.fichier.name
    from django.utils import timezone

    from osezia.organisations.models import Organisation

    Organisation.objects.filter(pk=candidature.fournisseur_id).update(
        effacement_demande_le=timezone.now() - datetime.timedelta(days=60)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert rgpd.effacer(candidature.fournisseur_id) is not False
    assert not Label.objects.filter(pk=label.pk).exists()
    assert not Candidature.objects.filter(pk=candidature.pk).exists()
    assert not stockage.exists(nom)
