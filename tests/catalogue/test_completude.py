"""Un catalogue qu'une entreprise peut lire : complétude des fiches, classement, notices importées, petits défauts."""

import pytest

from osezia.catalogue.enums import ModeleTarifaire, TranchePrix
from osezia.catalogue.importation import notice
from osezia.catalogue.models import Solution
from osezia.recherche.services import jetons_du_visiteur, rechercher
from osezia.referentiels.models import SecteurNAF
from osezia.utils.texte import slug_translittere
from tests.catalogue.factories import SolutionFactory

pytestmark = pytest.mark.django_db


def test_une_fiche_renseignee_est_complete_une_notice_est_sommaire():
    complete = SolutionFactory(complete=True)
    assert complete.completude.complete and complete.completude.score == 100 and not complete.completude.manque
    sommaire = SolutionFactory(sommaire=True)
    assert not sommaire.completude.complete and sommaire.completude.score == 0
    assert "le fournisseur" in sommaire.completude.manque and "le prix" in sommaire.completude.manque
    # Sans accord RGPD déclaré, une fiche par ailleurs renseignée reste sommaire, et dit ce qui manque.
    sans_rgpd = SolutionFactory()
    assert not sans_rgpd.completude.complete
    assert "l'accord de traitement des données (RGPD)" in sans_rgpd.completude.manque


def test_le_prix_ne_se_repete_pas():
    devis = SolutionFactory(modele_tarifaire=ModeleTarifaire.DEVIS, tranche_prix=TranchePrix.SUR_DEVIS)
    assert devis.libelle_prix == "Sur devis"
    abonnement = SolutionFactory(modele_tarifaire=ModeleTarifaire.ABONNEMENT, tranche_prix=TranchePrix.NON_COMMUNIQUE)
    assert abonnement.libelle_prix == "Abonnement"
    inconnu = SolutionFactory(modele_tarifaire=ModeleTarifaire.NON_COMMUNIQUE, tranche_prix=TranchePrix.NON_COMMUNIQUE)
    assert inconnu.libelle_prix == "Non communiqué"


def test_les_identifiants_d_adresse_gardent_toutes_les_lettres():
    assert slug_translittere("Navette Œil qualité") == "navette-oeil-qualite"
    assert slug_translittere("Straße Æther") == "strasse-aether"
    assert Solution.slug_libre("Œuvre") == "oeuvre"


@pytest.mark.parametrize(
    "source, attendu",
    [
        (
            "1min AI regroupe modèles de langage et d’images dans une",
            "1min AI regroupe modèles de langage et d’images …",
        ),
        ("Propose aux populations d’accéder à des […]", "Propose aux populations d’accéder …"),
        ("Version gratuite et illimitée ...", "Version gratuite et illimitée …"),
        ("Sans compte et illimité.", "Sans compte et illimité."),
        ("génère des fich", "génère …"),
    ],
)
def test_une_notice_importee_finit_par_points_de_suspension_jamais_en_plein_mot(source, attendu):
    assert notice(source) == attendu


def _noms(resultats):
    return [r.carte["nom"] for r in resultats.elements]


def test_une_fiche_complete_passe_devant_une_notice_a_pertinence_egale():
    # Un mot que les fiches de démonstration n'emploient pas.
    texte = "Lecture automatique des bordereaux xylographiques et saisie comptable."
    SolutionFactory(publiee=True, sommaire=True, nom="Aaa notice", description=texte)
    SolutionFactory(publiee=True, complete=True, nom="Zzz complète", description=texte)
    assert _noms(rechercher(q="xylographiques", groupes={"type": ["solution"]})) == ["Zzz complète", "Aaa notice"]
    # Sans mots, l'ordre par défaut n'est plus alphabétique : les fiches complètes d'abord.
    noms = _noms(rechercher(groupes={"type": ["solution"]}, par_page=100))
    assert "Aaa notice" not in noms[:20] and noms.index("Zzz complète") < noms.index("Aaa notice")


def test_l_adequation_au_visiteur_passe_avant_la_completude_et_la_pertinence_avant_les_deux():
    texte = "Lecture automatique des bordereaux xylographiques et saisie comptable. " + "Un outil simple. " * 120
    boulangerie = SecteurNAF.objects.get(code="10")
    generaliste = SolutionFactory(publiee=True, complete=True, nom="Généraliste", description=texte)
    pour_le_metier = SolutionFactory(publiee=True, nom="Pour les boulangers", description=texte, tailles_cibles=["TPE"])
    pour_le_metier.secteurs.set([boulangerie])
    pour_le_metier.save()  # réindexée avec son secteur
    visiteur = jetons_du_visiteur(naf="10.71C", taille="TPE")
    assert not pour_le_metier.completude.complete and generaliste.completude.complete
    noms = _noms(rechercher(q="xylographiques", groupes={"type": ["solution"]}, visiteur=visiteur))
    assert noms == ["Pour les boulangers", "Généraliste"]
    # Une fiche bien plus pertinente (le mot dans son nom et partout) reste devant, même sommaire et hors secteur.
    SolutionFactory(
        publiee=True,
        sommaire=True,
        nom="Xylographiques express",
        description_courte="Bordereaux xylographiques",
        description="Xylographiques : lecture des bordereaux xylographiques, rapprochement, relance.",
    )
    noms = _noms(rechercher(q="xylographiques", groupes={"type": ["solution"]}, visiteur=visiteur))
    assert noms[0] == "Xylographiques express"


def test_la_page_et_la_carte_disent_fiche_complete_ou_sommaire(client):
    complete = SolutionFactory(publiee=True, complete=True, nom="Zzz complète", description="Outil xylographique.")
    sommaire = SolutionFactory(
        publiee=True,
        sommaire=True,
        nom="Aaa notice",
        source_url="https://exemple.org/notice",
        description="Un outil xylographique …",
    )
    html = client.get("/solutions/", {"q": "xylographique"}).content.decode()
    assert "Fiche complète" in html and "Fiche sommaire" in html and "Notice courte : #uneIAparjour" in html
    page = client.get(sommaire.get_absolute_url()).content.decode()
    assert "ce que la fiche ne dit pas" in page and "lire la notice d'origine" in page
    assert "Sur devis · Sur devis" not in page
    page = client.get(complete.get_absolute_url()).content.decode()
    assert "Fiche complète" in page and "ce que la fiche ne dit pas" not in page
    donnees = client.get(f"/api/v1/solutions/{sommaire.slug}").json()
    assert donnees["completude"] == {
        "score": 0,
        "complete": False,
        "manque": sommaire.completude.en_donnees()["manque"],
    }


def test_la_page_de_recherche_montre_les_filtres_actifs_et_comment_les_retirer(client):
    html = client.get("/solutions/", {"hebergement": "france", "taille": "TPE"}).content.decode()
    assert "Filtres actifs" in html
    assert 'aria-label="Retirer le filtre Hébergement des données : En France"' in html
    assert 'href="?taille=TPE"' in html  # retirer l'hébergement garde la taille
    assert "Filtres actifs" not in client.get("/solutions/").content.decode()


def test_la_page_classe_d_abord_ce_qui_convient_a_l_entreprise_connectee(client):
    from tests.diagnostic.factories import membre_entreprise

    texte = "Lecture automatique des bordereaux xylographiques et saisie comptable."
    SolutionFactory(publiee=True, complete=True, nom="Généraliste", description=texte)
    pour_le_metier = SolutionFactory(publiee=True, nom="Pour les boulangers", description=texte, tailles_cibles=["TPE"])
    pour_le_metier.secteurs.set([SecteurNAF.objects.get(code="10")])
    pour_le_metier.save()
    anonyme = client.get("/solutions/", {"q": "xylographiques"}).content.decode()
    assert anonyme.index("Généraliste") < anonyme.index("Pour les boulangers")
    client.force_login(membre_entreprise(naf_id="10.71C", effectif=8, chiffre_affaires=650_000).utilisateur)
    connecte = client.get("/solutions/", {"q": "xylographiques"}).content.decode()
    assert connecte.index("Pour les boulangers") < connecte.index("Généraliste")
