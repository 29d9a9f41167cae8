"""Sortie du POC : cohortes, parts à 6 et 12 mois, cohortes trop jeunes, médianes, filtres, droits, page."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from osezia.cas_usage.models import CasUsage
from osezia.projets import services, statistiques
from osezia.projets.enums import Etape
from osezia.projets.models import ChangementEtape, Projet
from osezia.utils import dates
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.factories import conseiller_avec_portefeuille, membre_entreprise
from tests.projets import factories

pytestmark = pytest.mark.django_db
AUJOURDHUI = datetime.date(2026, 12, 3)
URL = reverse("projets:sortie_du_poc")


def _instant(jour):
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time(10)))


def historique(entreprise, cree, *etapes, titre="Projet", motif="cout"):
    """Un projet créé le `cree`, puis passé par chaque (étape, date) : les lignes que les services écriraient."""
    projet = Projet.objects.create(
        entreprise=entreprise,
        titre=titre,
        objectif="Mesurer la sortie du POC.",
        cas_usage=CasUsage.objects.order_by("slug").first(),
        cree_le=_instant(cree),
    )
    de = Etape.IDEE
    for vers, jour in etapes:
        ChangementEtape.objects.create(
            projet=projet, de=de, vers=vers, le=_instant(jour), motif=motif if vers == Etape.ABANDONNE else ""
        )
        de = vers
    Projet.objects.filter(pk=projet.pk).update(etape=de)
    return projet


def jusqu_au_poc(poc, cree=None):
    cree = cree or poc - datetime.timedelta(days=40)
    return [(Etape.CADRAGE, cree + datetime.timedelta(days=10)), (Etape.POC, poc)]


def _chiffres(entreprise):
    return statistiques.sortie_du_poc(Projet.objects.filter(entreprise=entreprise), aujourdhui=AUJOURDHUI)


def test_ajouter_mois():
    assert dates.ajouter_mois(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert dates.ajouter_mois(datetime.date(2025, 11, 15), 12) == datetime.date(2026, 11, 15)
    assert dates.ajouter_mois(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)


def test_cohortes_parts_et_motifs():
    entreprise = membre_entreprise(naf_id="46.31Z").organisation
    poc = datetime.date(2025, 2, 10)  # T1 2025 : mesurable à 6 et 12 mois au 3 décembre 2026
    # Six projets : deux en production en moins de 6 mois, un en 9 mois, un abandonné, deux restés en POC.
    historique(entreprise, datetime.date(2025, 1, 1), *jusqu_au_poc(poc, datetime.date(2025, 1, 1)),
               (Etape.PILOTE, datetime.date(2025, 4, 1)), (Etape.PRODUCTION, datetime.date(2025, 6, 1)))  # fmt: skip
    historique(entreprise, datetime.date(2025, 1, 1), *jusqu_au_poc(poc, datetime.date(2025, 1, 1)),
               (Etape.PILOTE, datetime.date(2025, 5, 1)), (Etape.PRODUCTION, datetime.date(2025, 8, 10)))  # fmt: skip
    historique(entreprise, datetime.date(2025, 1, 1), *jusqu_au_poc(poc, datetime.date(2025, 1, 1)),
               (Etape.PILOTE, datetime.date(2025, 6, 1)), (Etape.PRODUCTION, datetime.date(2025, 11, 10)))  # fmt: skip
    historique(entreprise, datetime.date(2025, 1, 1), *jusqu_au_poc(poc, datetime.date(2025, 1, 1)),
               (Etape.ABANDONNE, datetime.date(2025, 3, 12)), motif="donnees")  # fmt: skip
    historique(entreprise, datetime.date(2025, 1, 1), *jusqu_au_poc(poc, datetime.date(2025, 1, 1)))
    historique(
        entreprise, datetime.date(2025, 1, 1), *jusqu_au_poc(datetime.date(2025, 3, 31), datetime.date(2025, 1, 1))
    )
    # Jamais entré en POC : hors des cohortes.
    historique(entreprise, datetime.date(2025, 1, 1), (Etape.CADRAGE, datetime.date(2025, 2, 1)))

    chiffres = _chiffres(entreprise)
    assert [c.libelle for c in chiffres.cohortes] == ["1er trimestre 2025"]
    cohorte = chiffres.cohortes[0]
    assert cohorte.projets == 6 and not cohorte.petite
    assert (cohorte.production[6].nombre, cohorte.production[6].total) == (2, 6)
    assert cohorte.production[6].pourcentage == 33
    assert cohorte.production[12].nombre == 3 and cohorte.production[12].texte == "50 % (3 sur 6)"
    assert cohorte.abandonnes.nombre == 1 and cohorte.motifs == [("Données manquantes ou de mauvaise qualité", 1)]
    # Idée : 10 jours pour chacun des 7 projets passés en cadrage ; cadrage : du 11 janvier au 10 février (30 jours).
    assert cohorte.medianes[Etape.IDEE].jours == 10 and cohorte.medianes[Etape.IDEE].nombre == 6
    assert cohorte.medianes[Etape.CADRAGE].nombre == 6
    assert cohorte.medianes[Etape.CADRAGE].jours == pytest.approx(30, abs=0.05)
    # POC : 50, 80, 111 jours (pilotes) et 30 (abandon) ; les deux projets restés en POC ne comptent pas.
    assert cohorte.medianes[Etape.POC].nombre == 4 and cohorte.medianes[Etape.POC].jours == pytest.approx(
        (50 + 80) / 2, abs=0.05
    )
    # Pilote : 61, 101, 162 jours → médiane 101.
    assert (
        cohorte.medianes[Etape.PILOTE].jours == pytest.approx(101, abs=0.05)
        and cohorte.medianes[Etape.PILOTE].texte == "101 jours (n = 3)"
    )
    assert chiffres.ensemble.projets == 6


def test_cohorte_trop_jeune_pas_encore_mesurable():
    entreprise = membre_entreprise(naf_id="46.31Z").organisation
    # T3 2026 : le trimestre finit le 30 septembre ; 6 mois plus tard, le 1er avril 2027, pas encore.
    for _ in range(5):
        historique(entreprise, datetime.date(2026, 6, 1), *jusqu_au_poc(datetime.date(2026, 8, 1)))
    # T1 2026 : mesurable à 6 mois (1er octobre 2026), pas à 12 mois (1er avril 2027).
    for _ in range(5):
        historique(entreprise, datetime.date(2025, 12, 1), *jusqu_au_poc(datetime.date(2026, 2, 1)))
    t1, t3 = _chiffres(entreprise).cohortes
    assert (t1.libelle, t3.libelle) == ("1er trimestre 2026", "3ᵉ trimestre 2026")
    assert t3.production == {6: None, 12: None}
    assert t1.production[6].texte == "0 % (0 sur 5)" and t1.production[12] is None


def test_petite_cohorte_sans_pourcentage():
    entreprise = membre_entreprise(naf_id="46.31Z").organisation
    historique(entreprise, datetime.date(2024, 1, 1), *jusqu_au_poc(datetime.date(2024, 2, 1)),
               (Etape.PILOTE, datetime.date(2024, 3, 1)), (Etape.PRODUCTION, datetime.date(2024, 4, 1)))  # fmt: skip
    historique(entreprise, datetime.date(2024, 1, 1), *jusqu_au_poc(datetime.date(2024, 2, 1)))
    cohorte = _chiffres(entreprise).cohortes[0]
    assert cohorte.petite and cohorte.production[6].pourcentage is None
    assert cohorte.production[6].texte == "1 sur 2" and cohorte.abandonnes.texte == "0 sur 2"


def test_deux_passages_et_entree_en_poc_la_premiere():
    """POC, retour en cadrage, POC : la cohorte est celle de la première entrée ; les passages s'additionnent."""
    entreprise = membre_entreprise(naf_id="46.31Z").organisation
    historique(
        entreprise,
        datetime.date(2025, 1, 1),
        (Etape.CADRAGE, datetime.date(2025, 1, 11)),
        (Etape.POC, datetime.date(2025, 3, 1)),
        (Etape.CADRAGE, datetime.date(2025, 3, 11)),
        (Etape.POC, datetime.date(2025, 4, 10)),
        (Etape.PILOTE, datetime.date(2025, 4, 30)),
    )
    cohorte = _chiffres(entreprise).cohortes[0]
    assert cohorte.libelle == "1er trimestre 2025"
    assert cohorte.medianes[Etape.POC].jours == pytest.approx(10 + 20, abs=0.05)
    assert cohorte.medianes[Etape.CADRAGE].jours == pytest.approx(49 + 30, abs=0.05)  # heure d'été comprise


def test_par_les_services_a_horloge_figee():
    """Les changements écrits par le site (services, horloge figée) donnent la même cohorte."""
    membre = membre_entreprise(naf_id="46.31Z")
    with time_machine.travel(_instant(datetime.date(2025, 4, 2)), tick=False):
        projet = factories.projet(membre, etape=Etape.POC)
    with time_machine.travel(_instant(datetime.date(2025, 7, 1)), tick=False):
        services.changer_etape(projet=projet, vers=Etape.PILOTE, par=membre.utilisateur)
    cohorte = _chiffres(membre.organisation).cohortes[0]
    assert cohorte.libelle == "2ᵉ trimestre 2025" and cohorte.medianes[Etape.POC].jours == 90


def test_filtres_du_pilote(client):
    bretonne = membre_entreprise(naf_id="10.71C", region_id="53", effectif=8, chiffre_affaires=650_000).organisation
    parisienne = membre_entreprise(naf_id="46.31Z", region_id="11", effectif=300, chiffre_affaires=90_000_000)
    historique(bretonne, datetime.date(2025, 1, 1), *jusqu_au_poc(datetime.date(2025, 2, 1)), titre="Breton")
    historique(parisienne.organisation, datetime.date(2025, 1, 1), *jusqu_au_poc(datetime.date(2025, 5, 1)))
    client.force_login(UtilisateurFactory(pilote=True))
    for filtres, attendu in [
        ({"region": "53", "origine": "reels"}, ["1er trimestre 2025"]),
        ({"secteur": "C", "origine": "reels"}, ["1er trimestre 2025"]),
        ({"secteur": "46", "origine": "reels"}, ["2ᵉ trimestre 2025"]),
        ({"taille": bretonne.categorie_taille, "region": "53", "origine": "reels"}, ["1er trimestre 2025"]),
        (
            {"taille": parisienne.organisation.categorie_taille, "region": "11", "origine": "reels"},
            ["2ᵉ trimestre 2025"],
        ),
    ]:
        reponse = client.get(URL, filtres)
        assert reponse.status_code == 200
        assert [c.libelle for c in reponse.context["chiffres"].cohortes] == attendu, filtres
    reponse = client.get(URL, {"region": "53", "origine": "demo"})
    assert reponse.context["chiffres"].vide or all(c.projets for c in reponse.context["chiffres"].cohortes)


@pytest.mark.parametrize(
    "filtres", [{"region": "999"}, {"taille": "<script>"}, {"secteur": "ZZ"}, {"origine": "x"}, {"region": "'; --"}]
)
def test_filtres_invalides_sans_erreur_500(client, filtres):
    client.force_login(UtilisateurFactory(pilote=True))
    reponse = client.get(URL, filtres)
    assert reponse.status_code == 200 and reponse.context["chiffres"] is None
    assert "fr-error-text" in reponse.content.decode() or "fr-message--error" in reponse.content.decode()


def test_droits_entreprise_conseiller_pilote_anonyme(client):
    membre = membre_entreprise(naf_id="46.31Z")
    autre = membre_entreprise(naf_id="46.31Z")
    historique(membre.organisation, datetime.date(2025, 1, 1), *jusqu_au_poc(datetime.date(2025, 2, 1)))
    historique(autre.organisation, datetime.date(2025, 1, 1), *jusqu_au_poc(datetime.date(2025, 5, 1)))
    conseiller, _ = conseiller_avec_portefeuille(membre.organisation)
    sans_consentement = UtilisateurFactory(conseiller=True)

    assert client.get(URL).status_code == 302
    client.force_login(membre.utilisateur)
    reponse = client.get(URL)
    assert [c.libelle for c in reponse.context["chiffres"].cohortes] == ["1er trimestre 2025"]
    assert reponse.context["formulaire"] is None
    client.force_login(conseiller)
    assert [c.libelle for c in client.get(URL).context["chiffres"].cohortes] == ["1er trimestre 2025"]
    client.force_login(sans_consentement)
    assert client.get(URL).context["chiffres"].vide
    client.force_login(UtilisateurFactory(pilote=True))
    libelles = [c.libelle for c in client.get(URL, {"origine": "reels"}).context["chiffres"].cohortes]
    assert {"1er trimestre 2025", "2ᵉ trimestre 2025"} <= set(libelles)
    client.force_login(UtilisateurFactory(fournisseur=True))
    assert client.get(URL).status_code == 403


def test_page_graphiques_et_tableaux(client):
    membre = membre_entreprise(naf_id="46.31Z")
    for _ in range(5):
        historique(membre.organisation, datetime.date(2025, 1, 1), *jusqu_au_poc(datetime.date(2025, 2, 1)),
                   (Etape.ABANDONNE, datetime.date(2025, 3, 1)))  # fmt: skip
    historique(membre.organisation, datetime.date(2026, 9, 1), *jusqu_au_poc(datetime.date(2026, 11, 1)))
    client.force_login(membre.utilisateur)
    html = client.get(URL).content.decode()
    assert html.count('role="img"') == 2 and '<title id="poc-parts-titre">' in html and "<desc" in html
    assert "<caption>Sortie du POC par cohorte" in html and '<th scope="row">1er trimestre 2025</th>' in html
    assert "100 % (5 sur 5)" in html and "Coût trop élevé : 5" in html
    assert "pas encore mesurable" in html and "n = 1" in html
    assert 'class="osezia-barre-abandon" data-valeur="100"' in html


def test_page_vide(client):
    membre = membre_entreprise(naf_id="46.31Z")
    client.force_login(membre.utilisateur)
    assert "Aucun projet n'est encore entré en POC" in client.get(URL).content.decode()


def test_liens_vers_la_page(client):
    membre = membre_entreprise(naf_id="46.31Z")
    client.force_login(membre.utilisateur)
    assert URL in client.get(reverse("projets:liste")).content.decode()
    client.force_login(UtilisateurFactory(pilote=True))
    assert URL in client.get(reverse("accueil")).content.decode()
    conseiller, _ = conseiller_avec_portefeuille(membre.organisation)
    client.force_login(conseiller)
    assert URL in client.get(reverse("conseiller:portefeuille")).content.decode()


def test_chiffres_du_pilote_en_cache_jusqu_au_prochain_changement(client):
    entreprise = membre_entreprise(naf_id="46.31Z", region_id="53").organisation
    projet = historique(entreprise, datetime.date(2025, 1, 1), *jusqu_au_poc(datetime.date(2025, 2, 1)))
    client.force_login(UtilisateurFactory(pilote=True))
    filtres = {"region": "53", "origine": "reels"}
    assert client.get(URL, filtres).context["chiffres"].ensemble.abandonnes.nombre == 0
    ChangementEtape.objects.create(projet=projet, de=Etape.POC, vers=Etape.ABANDONNE, motif="cout")
    Projet.objects.filter(pk=projet.pk).update(etape=Etape.ABANDONNE)
    assert client.get(URL, filtres).context["chiffres"].ensemble.abandonnes.nombre == 1


def test_banc_a_toute_petite_echelle():
    from io import StringIO

    sortie = StringIO()
    call_command(
        "bench_projets", "--echelle", "0.0005", "--requetes", "2", "--requetes-cohortes", "2", "--base-configuree",
        stdout=sortie,
    )  # fmt: skip
    lignes = sortie.getvalue().splitlines()
    assert any(ligne.startswith("dossiers : 25 sur ") for ligne in lignes)
    assert any(ligne.startswith("file d'instruction d'un instructeur, filtrée : p50") for ligne in lignes)
    assert any("sortie du POC" in ligne and "p95" in ligne for ligne in lignes)
    assert lignes[-1].startswith("ratio: ")
