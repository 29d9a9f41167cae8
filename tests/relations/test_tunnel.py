import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from osezia.cas_usage.models import CasUsage
from osezia.labels.enums import StatutLabel
from osezia.labels.models import Label, RegimeLabel
from osezia.relations import tunnel
from osezia.relations.enums import Cote, Statut, StatutAvis
from osezia.relations.models import Avis, ChangementStatutRelation, EnqueteSatisfaction, MiseEnRelation
from tests.labels.factories import MembreFournisseurFactory, label_accorde
from tests.organisations.factories import OrganisationFactory
from tests.relations.factories import BesoinFactory

pytestmark = pytest.mark.django_db

DEBUT = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))


def relation(*, parcours=(), statut=None, fournisseur=None, besoin=None, envoyee_le=DEBUT, repondue_apres=None,
             ecrire_changements=True, **champs):  # fmt: skip
    """Une mise en relation envoyée le `envoyee_le`, passée par les statuts de `parcours` (changements datés) ;
    `statut` seul, sans changement écrit, imite une écriture directe (démonstration, import)."""
    besoin = besoin or BesoinFactory()
    fournisseur = fournisseur or OrganisationFactory(fournisseur=True)
    etapes = [Statut.ENVOYEE, *parcours]
    mise = MiseEnRelation.objects.create(
        entreprise=besoin.entreprise, fournisseur=fournisseur, besoin=besoin, statut=statut or etapes[-1],
        envoyee_le=envoyee_le, repondue_le=envoyee_le + repondue_apres if repondue_apres else None,
        est_demo=champs.pop("est_demo", False), **champs,
    )  # fmt: skip
    if ecrire_changements:
        de = Statut.PROPOSEE
        for rang, vers in enumerate(etapes):
            ChangementStatutRelation.objects.create(relation=mise, de=de, vers=vers, cote=Cote.PLATEFORME,
                                                    le=envoyee_le + timedelta(hours=rang))  # fmt: skip
            de = vers
    return mise


def _nombres(t):
    return [e.nombre for e in t.etapes]


def test_une_etape_est_atteinte_par_un_changement_ou_par_le_statut_actuel_et_les_taux_se_suivent():
    relation(parcours=[Statut.VUE, Statut.INTERESSE, Statut.ECHANGE, Statut.PERDUE], motif="prix")
    relation()
    # Écrite directement à « conclue », sans historique : elle a franchi toutes les étapes.
    relation(statut=Statut.CONCLUE, ecrire_changements=False)
    relation(parcours=[Statut.PAS_INTERESSE], motif="taille")
    # Jamais envoyée : hors du tunnel.
    besoin = BesoinFactory()
    MiseEnRelation.objects.create(entreprise=besoin.entreprise, fournisseur=OrganisationFactory(fournisseur=True),
                                  besoin=besoin, statut=Statut.PROPOSEE)  # fmt: skip

    mesure = tunnel.tunnel(tunnel.relations_mesurees())

    assert [e.statut for e in mesure.etapes] == list(tunnel.ETAPES)
    assert _nombres(mesure) == [4, 2, 2, 2, 1, 1, 1]
    assert [e.taux for e in mesure.etapes] == [None, 50, 100, 100, 50, 100, 100]
    assert mesure.etapes[0].taux_texte == "—" and mesure.etapes[1].taux_texte == "50 %"


def test_sans_mise_en_relation_aucune_division_par_zero():
    mesure = tunnel.tunnel(tunnel.relations_mesurees())
    assert _nombres(mesure) == [0] * len(tunnel.ETAPES)
    assert {e.taux_texte for e in mesure.etapes} == {"—"}
    assert mesure.delai.texte == "—"
    enquetes = tunnel.enquetes(tunnel.relations_mesurees())
    assert (enquetes.reponses, enquetes.contact_texte, enquetes.montant) == (0, "—", 0)


def test_la_demonstration_est_comptee_a_part():
    origines = (tunnel.Origine.REELLES, tunnel.Origine.DEMO, tunnel.Origine.TOUTES)

    def premieres_etapes():
        return {o: _nombres(tunnel.tunnel(tunnel.relations_mesurees(origine=o)))[:2] for o in origines}

    # La base de test porte déjà la démonstration (charger_demo) : on compte ce que les deux nouvelles ajoutent.
    avant = premieres_etapes()
    relation()
    relation(est_demo=True, parcours=[Statut.VUE])
    apres = premieres_etapes()
    ajout = {o: [n - m for n, m in zip(apres[o], avant[o], strict=True)] for o in origines}
    assert ajout == {tunnel.Origine.REELLES: [1, 0], tunnel.Origine.DEMO: [1, 1], tunnel.Origine.TOUTES: [2, 1]}
    assert avant[tunnel.Origine.REELLES] == [0, 0]


def test_filtres_periode_cas_d_usage_et_region():
    relation(envoyee_le=DEBUT)
    relation(envoyee_le=DEBUT + timedelta(days=40))
    courriels = CasUsage.objects.get(slug="traduction-localisation")
    relation(besoin=BesoinFactory(cas_usage=courriels, entreprise=OrganisationFactory(region_id="11")))

    mars = tunnel.relations_mesurees(du=datetime.date(2026, 3, 1), au=datetime.date(2026, 3, 31))
    assert mars.count() == 2
    assert tunnel.relations_mesurees(du=datetime.date(2026, 4, 1)).count() == 1
    # La borne de fin comprend tout son jour.
    assert tunnel.relations_mesurees(du=datetime.date(2026, 3, 2), au=datetime.date(2026, 3, 2)).count() == 2
    assert tunnel.relations_mesurees(cas_usage="traduction-localisation").count() == 1
    assert tunnel.relations_mesurees(region="11").count() == 1
    assert tunnel.relations_mesurees(region="84", cas_usage="traitement-factures").count() == 2


def test_repartition_par_cas_d_usage_region_et_fournisseur():
    courriels = CasUsage.objects.get(slug="traduction-localisation")
    fournisseur = OrganisationFactory(fournisseur=True, nom="Fournisseur Alpha")
    relation(fournisseur=fournisseur, parcours=[Statut.VUE])
    relation(fournisseur=fournisseur)
    relation(besoin=BesoinFactory(cas_usage=courriels, entreprise=OrganisationFactory(region_id="11")),
             parcours=[Statut.VUE, Statut.INTERESSE])  # fmt: skip

    par_usage = {t.cle: _nombres(t)[:3] for t in tunnel.tunnel_par(tunnel.relations_mesurees(), "cas_usage")}
    assert par_usage == {"traitement-factures": [2, 1, 0], "traduction-localisation": [1, 1, 1]}
    par_region = {t.libelle: t.total for t in tunnel.tunnel_par(tunnel.relations_mesurees(), "region")}
    assert par_region == {"Auvergne-Rhône-Alpes": 2, "Île-de-France": 1}
    par_fournisseur = tunnel.tunnel_par(tunnel.relations_mesurees(), "fournisseur")
    assert (par_fournisseur[0].libelle, par_fournisseur[0].total) == ("Fournisseur Alpha", 2)
    assert par_fournisseur[0].etapes[1].taux == 50


def test_repartition_par_label_valide_et_sans_label():
    labellise = MembreFournisseurFactory().organisation
    label_accorde(MembreFournisseurFactory(organisation=labellise))
    retire = MembreFournisseurFactory().organisation
    Label.objects.filter(pk=label_accorde(MembreFournisseurFactory(organisation=retire)).pk).update(
        statut=StatutLabel.RETIRE
    )
    relation(fournisseur=labellise, parcours=[Statut.VUE, Statut.INTERESSE])
    relation(fournisseur=labellise)
    relation(fournisseur=retire, parcours=[Statut.VUE])

    groupes = {t.libelle: t for t in tunnel.tunnel_par(tunnel.relations_mesurees(), "label")}
    assert set(groupes) == {RegimeLabel.objects.get(code="iso-42001").nom, "Sans label"}
    sans_label = groupes.pop("Sans label")
    assert _nombres(sans_label)[:3] == [1, 1, 0]
    (avec_label,) = groupes.values()
    assert avec_label.cle == "iso-42001"
    assert _nombres(avec_label)[:3] == [2, 1, 1]


def test_refus_et_pertes_comptes_par_motif():
    relation(parcours=[Statut.PAS_INTERESSE], motif="taille")
    relation(parcours=[Statut.VUE, Statut.PAS_INTERESSE], motif="taille")
    relation(parcours=[Statut.PAS_INTERESSE], motif="zone")
    relation(parcours=[Statut.INTERESSE, Statut.PERDUE], motif="prix")
    relation(parcours=[Statut.VUE])

    pas_interesse, perdues = tunnel.refus(tunnel.relations_mesurees())
    assert pas_interesse.statut == Statut.PAS_INTERESSE and pas_interesse.total == 3
    assert pas_interesse.motifs == [("Taille d'entreprise hors de notre cible", 2),
                                    ("Hors de notre zone d'intervention", 1)]  # fmt: skip
    assert (perdues.total, perdues.motifs) == (1, [("Prix", 1)])


def test_mediane_du_delai_de_premiere_reponse_ensemble_et_par_groupe():
    alpha = OrganisationFactory(fournisseur=True)
    relation(fournisseur=alpha, parcours=[Statut.INTERESSE], repondue_apres=timedelta(hours=1))
    relation(fournisseur=alpha, parcours=[Statut.INTERESSE], repondue_apres=timedelta(hours=5))
    relation(parcours=[Statut.PAS_INTERESSE], motif="zone", repondue_apres=timedelta(hours=3))
    relation()  # sans réponse : pas comptée

    mesure = tunnel.tunnel(tunnel.relations_mesurees())
    assert (mesure.delai.secondes, mesure.delai.nombre) == (3 * 3600, 3)
    assert mesure.delai.texte == "3 h (n = 3)"
    par_fournisseur = {t.cle: t.delai for t in tunnel.tunnel_par(tunnel.relations_mesurees(), "fournisseur")}
    assert (par_fournisseur[alpha.pk].secondes, par_fournisseur[alpha.pk].nombre) == (3 * 3600, 2)
    assert tunnel.Delai(3 * 86400, 1).texte == "3 jours (n = 1)"
    assert tunnel.Delai(20 * 60, 2).texte == "20 min (n = 2)"


def test_enquetes_de_satisfaction_parts_sur_les_reponses_a_chaque_question():
    un = relation(parcours=[Statut.INTERESSE, Statut.ECHANGE])
    deux = relation(parcours=[Statut.INTERESSE, Statut.ECHANGE])
    trois = relation(parcours=[Statut.INTERESSE, Statut.ECHANGE])
    EnqueteSatisfaction.objects.create(relation=un, contact_etabli=True, utile=True, contrat=True, montant=12_000)
    EnqueteSatisfaction.objects.create(relation=deux, contact_etabli=True, utile=False, contrat=False)
    EnqueteSatisfaction.objects.create(relation=trois, contact_etabli=False)

    enquetes = tunnel.enquetes(tunnel.relations_mesurees())
    assert (enquetes.reponses, enquetes.contact, enquetes.montant) == (3, 2, 12_000)
    assert enquetes.contact_texte == "67 %"
    assert enquetes.utile_texte == "50 %" and enquetes.contrat_texte == "50 %"


def test_avis_publies_d_un_fournisseur_seulement():
    fournisseur = OrganisationFactory(fournisseur=True)
    publie = Avis.objects.create(relation=relation(fournisseur=fournisseur), fournisseur=fournisseur, note=4,
                                 texte="Très bon accompagnement.", contexte_statut=Statut.RENDEZ_VOUS,
                                 contexte_le=DEBUT, statut=StatutAvis.PUBLIE, modere_le=DEBUT)  # fmt: skip
    Avis.objects.create(relation=relation(fournisseur=fournisseur), fournisseur=fournisseur, note=1, texte="Attente.",
                        contexte_statut=Statut.DEVIS, contexte_le=DEBUT)  # fmt: skip
    autre = OrganisationFactory(fournisseur=True)
    Avis.objects.create(relation=relation(fournisseur=autre), fournisseur=autre, note=5, texte="Autre.",
                        contexte_statut=Statut.DEVIS, contexte_le=DEBUT, statut=StatutAvis.PUBLIE)  # fmt: skip
    assert tunnel.avis_publies(fournisseur) == [publie]
    assert [a.note for a in tunnel.avis_a_moderer() if a.fournisseur_id in (fournisseur.pk, autre.pk)] == [1]
