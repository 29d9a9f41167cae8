"""Les pages des labels : registre public, espace du fournisseur, file et décision de l'évaluateur ; la matrice des
droits (qui voit quoi, qui agit) et les saisies invalides (message en français, rien d'écrit)."""

import csv
import io
import json

import pytest
from django.urls import reverse

from osezia.labels.enums import StatutCandidature, StatutLabel
from osezia.labels.models import Candidature, DecisionCritere, Label, Preuve
from tests.comptes.factories import UtilisateurFactory
from tests.labels.factories import (
    MembreFournisseurFactory,
    brouillon,
    deposee,
    evaluateur_delegue,
    fichier_pdf,
    label_accorde,
)

pytestmark = pytest.mark.django_db


def test_le_registre_public_montre_les_labels_et_le_label_de_demonstration(client):
    label = label_accorde()
    reponse = client.get(reverse("labels:registre"))
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert label.fournisseur.nom in page and label.fournisseur.siren in page
    assert "Démo, pas un label officiel" in page  # le régime de démonstration est signalé
    assert "à confirmer" in page
    assert client.get(reverse("labels:registre"), {"statut": "inconnu"}).status_code == 200


def test_donnees_ouvertes_json_et_csv(client):
    label = label_accorde()
    Label.objects.filter(pk=label.pk).update(statut=StatutLabel.SUSPENDU)
    label.fournisseur.__class__.objects.filter(pk=label.fournisseur_id).update(nom="=HYPERLIEN(1)")
    reponse = client.get("/api/v1/labels/registre.json")
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/json"
    assert "attachment" in reponse["Content-Disposition"]
    donnees = json.loads(reponse.content)
    assert "Licence Ouverte" in donnees["licence"]
    ligne = next(x for x in donnees["labels"] if x["id"] == label.pk)
    assert ligne["siren_fournisseur"] == label.fournisseur.siren
    assert ligne["statut"] == "Suspendu" and ligne["solutions"] == [label.solutions.get().nom]
    assert ligne["delivre_le"] == label.delivre_le.isoformat() and ligne["expire_le"] == label.expire_le.isoformat()
    reponse = client.get("/api/v1/labels/registre.csv")
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    lignes = list(csv.DictReader(io.StringIO(reponse.content.decode())))
    ligne = next(x for x in lignes if x["id"] == str(label.pk))
    assert ligne["fournisseur"] == "'=HYPERLIEN(1)"  # injection de formule neutralisée
    assert ligne["siren_fournisseur"] == label.fournisseur.siren and ligne["statut"] == "Suspendu"
    assert list(lignes[0]) == [
        "id",
        "label",
        "code_label",
        "organisme",
        "label_de_demonstration",
        "fournisseur",
        "siren_fournisseur",
        "solutions",
        "delivre_le",
        "expire_le",
        "statut",
        "est_demo",
    ]
    assert client.get("/api/v1/labels/registre.csv", {"x": "1"}).status_code == 400


def test_la_demonstration_a_un_label_marque_demo():
    label = Label.objects.get(est_demo=True)
    assert label.regime.est_demo and label.fournisseur.est_demo and label.statut == StatutLabel.VALIDE


def test_le_fournisseur_candidate_joint_et_depose(client):
    membre = MembreFournisseurFactory()
    from tests.catalogue.factories import SolutionFactory

    solution = SolutionFactory(publiee=True, fournisseur=membre.organisation)
    client.force_login(membre.utilisateur)
    page = client.get(reverse("labels:mes_labels"))
    assert page.status_code == 200 and solution.nom in page.content.decode()
    reponse = client.post(
        reverse("labels:mes_labels"),
        {"fournisseur": membre.organisation.pk, "regime": "iso-42001", "solutions": [solution.pk]},
    )
    candidature = Candidature.objects.get(fournisseur=membre.organisation)
    assert reponse.url == reverse("labels:candidature", args=[candidature.pk])
    # Déposer sans les preuves : refusé, avec la liste de ce qui manque.
    reponse = client.post(reverse("labels:deposer", args=[candidature.pk]), follow=True)
    assert "Preuve obligatoire manquante" in reponse.content.decode()
    # Une preuve au mauvais contenu : message en français, rien d'écrit.
    reponse = client.post(
        reverse("labels:preuve", args=[candidature.pk]),
        {"critere": "certificat", "fichier": fichier_pdf("faux.pdf", b"MZ\x90\x00")},
        follow=True,
    )
    assert "ne correspond pas à son extension" in reponse.content.decode()
    assert not Preuve.objects.filter(candidature=candidature).exists()
    for critere in ("certificat", "accreditation"):
        client.post(
            reverse("labels:preuve", args=[candidature.pk]),
            {"critere": critere, "fichier": fichier_pdf(f"{critere}.pdf")},
        )
    client.post(reverse("labels:deposer", args=[candidature.pk]))
    candidature.refresh_from_db()
    assert candidature.statut == StatutCandidature.DEPOSEE
    preuve = candidature.preuves.first()
    telechargement = client.get(reverse("labels:telecharger", args=[candidature.pk, preuve.pk]))
    assert telechargement.status_code == 200 and telechargement["X-Content-Type-Options"] == "nosniff"
    assert b"".join(telechargement.streaming_content).startswith(b"%PDF-")


def test_matrice_des_droits_sur_une_candidature(client):
    candidature = deposee()
    preuve = candidature.preuves.first()
    delegue = evaluateur_delegue()
    adresses = {
        "candidature": reverse("labels:candidature", args=[candidature.pk]),
        "preuve": reverse("labels:telecharger", args=[candidature.pk, preuve.pk]),
        "decision": reverse("labels:decision", args=[candidature.pk]),
    }
    attendus = {
        # personne : codes attendus pour (candidature, preuve, décision)
        "proprietaire": (candidature.cree_par, (200, 200, 403)),
        "autre_fournisseur": (MembreFournisseurFactory().utilisateur, (404, 404, 403)),
        "delegue": (delegue, (200, 200, 200)),
        "non_delegue": (evaluateur_delegue("lne-processus-ia"), (404, 404, 404)),
        "pilote": (UtilisateurFactory(pilote=True), (200, 200, 200)),
        "entreprise": (UtilisateurFactory(), (403, 403, 403)),
    }
    for nom, (personne, codes) in attendus.items():
        client.force_login(personne)
        obtenus = []
        for cle in ("candidature", "preuve", "decision"):
            reponse = client.get(adresses[cle])
            obtenus.append(reponse.status_code)
            if reponse.streaming:  # un fichier servi reste ouvert tant qu'on ne l'a pas lu
                b"".join(reponse.streaming_content)
        assert tuple(obtenus) == codes, nom
    client.logout()
    assert client.get(adresses["candidature"]).status_code == 302


def test_la_file_d_evaluation(client):
    candidature = deposee()
    client.force_login(evaluateur_delegue())
    page = client.get(reverse("labels:file"))
    assert page.status_code == 200 and candidature.fournisseur.nom in page.content.decode()
    client.force_login(UtilisateurFactory(conseiller=True))
    assert client.get(reverse("labels:file")).status_code == 403


def test_une_decision_sans_motivation_s_affiche_pres_du_champ_et_n_ecrit_rien(client):
    candidature = deposee()
    client.force_login(evaluateur_delegue())
    donnees = {
        "satisfait_certificat": "oui",
        "motivation_certificat": "Certificat lu, valable jusqu'en 2028.",
        "satisfait_accreditation": "oui",
        "motivation_accreditation": "",
    }
    reponse = client.post(reverse("labels:decision", args=[candidature.pk]), donnees)
    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert 'id="erreur-motivation-accreditation"' in page and "motivez votre avis" in page
    assert "Certificat lu, valable jusqu&#x27;en 2028." in page  # la saisie est gardée
    assert not DecisionCritere.objects.filter(candidature=candidature).exists()
    donnees["motivation_accreditation"] = "Accréditation COFRAC vérifiée."
    reponse = client.post(reverse("labels:decision", args=[candidature.pk]), donnees)
    assert reponse.status_code == 302
    assert Label.objects.get(candidature=candidature).statut == StatutLabel.VALIDE


def test_changer_le_statut_d_un_label_par_la_page(client):
    label = label_accorde()
    client.force_login(UtilisateurFactory(pilote=True))
    adresse = reverse("labels:statut", args=[label.pk])
    assert client.post(adresse, {"vers": "suspendu", "motif": ""}).status_code == 400
    assert client.post(adresse, {"vers": "expire", "motif": "Non."}).status_code == 400
    label.refresh_from_db()
    assert label.statut == StatutLabel.VALIDE
    assert (
        client.post(adresse, {"vers": "suspendu", "motif": "Certificat suspendu par l'organisme."}).status_code == 302
    )
    label.refresh_from_db()
    assert label.statut == StatutLabel.SUSPENDU
    client.force_login(label.fournisseur.membres.first().utilisateur)
    assert client.get(adresse).status_code in (403, 404)


def test_un_brouillon_n_est_pas_vu_de_l_evaluateur(client):
    candidature = brouillon()
    client.force_login(UtilisateurFactory(pilote=True))
    assert client.get(reverse("labels:candidature", args=[candidature.pk])).status_code == 404
