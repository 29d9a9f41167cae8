import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from osezia.relations import services
from osezia.relations.enums import ChampVisible, Statut
from osezia.rgpd.export import donnees
from tests.relations.conftest import membre

pytestmark = pytest.mark.django_db


def test_l_export_rgpd_contient_besoins_et_mises_en_relation_sans_nommer_une_entreprise_masquee(
    besoin, gerante, boulangerie, petits_lots
):
    services.envoyer(besoin=besoin, par=gerante, champs_visibles=[ChampVisible.TAILLE], consentement=True)
    relation = besoin.relations.filter(statut=Statut.ENVOYEE).first()
    services.changer_statut(relation=relation, vers=Statut.INTERESSE, par=membre(relation.fournisseur))
    services.ecrire(relation=relation, par=gerante, texte="Bonjour, pouvons-nous échanger jeudi ?")

    export = donnees(boulangerie)
    json.dumps(export, cls=DjangoJSONEncoder)  # sérialisable tel quel dans l'archive
    (exprime,) = export["besoins"]
    assert exprime["envoi_accepte_par"] == gerante.email and exprime["informations_montrees"] == [
        "Sa taille (TPE, PME…)"
    ]
    demandees = export["mises_en_relation_demandees"]
    assert len(demandees) == 2 and {d["avec"] for d in demandees} >= {relation.fournisseur.nom}
    suivie = next(d for d in demandees if d["avec"] == relation.fournisseur.nom)
    assert suivie["messages"][0]["texte"] == "Bonjour, pouvons-nous échanger jeudi ?"
    assert [h["vers"] for h in suivie["historique"]] == ["Envoyée", "Intéressé", "Échange en cours"]

    cote_fournisseur = donnees(relation.fournisseur)["mises_en_relation_recues"]
    assert cote_fournisseur[0]["avec"] is None  # la boulangerie n'a pas choisi de montrer son nom
    assert export["mises_en_relation_recues"] == [] and export["rendez_vous_d_affaires"] == []
