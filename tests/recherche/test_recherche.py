import pytest
from django.db import connection

from osezia.catalogue.enums import Certification
from osezia.recherche.apps import PREPAREES_PAR_CONNEXION
from osezia.recherche.filtres import FiltresRecherche
from osezia.recherche.models import DocumentRecherche
from osezia.recherche.requete import analyser, connus_parmi, variantes_distance_un
from osezia.recherche.services import rechercher
from tests.catalogue.factories import SolutionFactory

pytestmark = pytest.mark.django_db


def titres(resultats):
    return [r.carte.get("titre") or r.carte["nom"] for r in resultats.elements]


@pytest.fixture
def ecole():
    return SolutionFactory(
        publiee=True,
        nom="Tuteur Conduite",
        description="Un assistant pour les moniteurs d'auto-école : il prépare les leçons de code de la route.",
        cas_usage=["formation-personnalisee"],
    )


def test_accents_et_casse_ignores(ecole):
    for requete in ("ecole", "École", "AUTO-ECOLE"):
        assert "Tuteur Conduite" in titres(rechercher(q=requete)), requete


def test_pluriels_et_flexions():
    singulier = {r.carte["slug"] for r in rechercher(q="facture", par_page=100).elements}
    pluriel = {r.carte["slug"] for r in rechercher(q="factures", par_page=100).elements}
    assert singulier and singulier == pluriel
    assert "Extraction et saisie automatique des factures" in titres(rechercher(q="facturation"))


def test_fautes_de_frappe_tolerees():
    for requete in ("facturs", "factrues", "factures"):
        assert "Extraction et saisie automatique des factures" in titres(rechercher(q=requete)), requete
    assert rechercher(q="factrues").requete_corrigee == "factures"
    assert rechercher(q="factures").requete_corrigee == ""


def test_mots_connus_du_lexique_tels_quels_ou_par_leur_racine():
    lignes = [("factures", "factur"), ("planning", "planning")]
    formes = frozenset({"facturs", "facturer", "planning", "zqxw"})
    assert connus_parmi(formes, lignes) == {"facturs", "facturer", "planning"}
    assert connus_parmi(frozenset(), lignes) == frozenset()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="lexique lu dans la requête du moteur PostgreSQL")
def test_sans_fiche_qui_a_tous_les_mots_une_seule_requete_si_les_mots_sont_connus(django_assert_num_queries):
    """Le moteur PostgreSQL lit le lexique dans la requête de recherche : des mots connus qu'aucune fiche ne réunit
    ne coûtent pas un second aller-retour ; un mot inconnu, lui, est encore corrigé."""
    SolutionFactory(publiee=True, nom="Zébulon", description="Zébulon seul.")
    SolutionFactory(publiee=True, nom="Tournesol", description="Tournesol seul.")
    rechercher(q="zébulon")  # les libellés des facettes se mettent en cache à la première recherche
    with django_assert_num_queries(1):
        resultats = rechercher(q="zébulon tournesol", groupes={"type": ["solution"]})
    assert {"Zébulon", "Tournesol"} <= set(titres(resultats))
    assert not resultats.tous_les_mots and not resultats.requete_corrigee
    assert rechercher(q="zébulon tournesoll").requete_corrigee == "zébulon tournesol"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="requête préparée du moteur PostgreSQL")
def test_la_requete_de_recherche_est_preparee_avec_un_plan_generique_et_elle_seule():
    for requete in ("factures fournisseurs", "devis relances", "factures fournisseurs"):
        rechercher(q=requete, groupes={"type": ["solution"], "hebergement": ["france"]})
    with connection.cursor() as curseur:
        curseur.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        preparees = curseur.fetchall()
    assert preparees, "la recherche n'a pas été préparée"
    assert all("trouves AS MATERIALIZED" in sql for sql, _, _ in preparees)  # les requêtes de Django ne le sont pas
    assert sum(generiques for _, generiques, _ in preparees) >= 3 and not any(p for _, _, p in preparees)
    # Chaque forme préparée occupe près de 0,5 Mo côté serveur : leur nombre est borné par connexion.
    assert connection.connection.prepared_max == PREPAREES_PAR_CONNEXION


def test_classement_par_pertinence_le_titre_d_abord():
    resultats = rechercher(q="factures")
    assert titres(resultats)[0] in ("Extraction et saisie automatique des factures", "Liasse Factures")
    scores = [r.score for r in resultats.elements]
    assert scores == sorted(scores, reverse=True)


def test_extraits_surlignes_et_echappes():
    SolutionFactory(
        publiee=True,
        nom="Outil piège",
        description="<script>alert('x')</script> Il lit les factures fournisseurs et les range.",
    )
    resultats = rechercher(q="factures fournisseurs", groupes={"type": ["solution"]}, par_page=50)
    piege = next(r for r in resultats.elements if r.carte["nom"] == "Outil piège")
    assert "<mark>" in piege.extrait
    # Les deux moteurs font l'extrait en Python (utils.surlignage) : la balise est échappée, jamais active.
    assert "<script" not in piege.extrait and "&lt;script&gt;" in piege.extrait


def test_facettes_comptees_et_disjonctives():
    SolutionFactory(publiee=True, nom="Alpha factures", hebergement="france", certifications=[Certification.HDS])
    SolutionFactory(publiee=True, nom="Beta factures", hebergement="hors-ue")
    resultats = rechercher(q="factures", groupes={"type": ["solution"], "hebergement": ["france"]})
    assert "Alpha factures" in titres(resultats) and "Beta factures" not in titres(resultats)
    hebergement = next(f for f in resultats.facettes if f.cle == "hebergement")
    valeurs = {v.valeur: v for v in hebergement.valeurs}
    # Le groupe filtré garde le compte des autres valeurs : on peut élargir d'un clic.
    assert valeurs["france"].selectionnee and valeurs["hors-ue"].nombre >= 1
    certification = next(f for f in resultats.facettes if f.cle == "certification")
    assert {v.valeur: v.nombre for v in certification.valeurs}["hds"] >= 1
    total_france = sum(1 for r in resultats.elements if r.carte["hebergement"] == "france")
    assert valeurs["france"].nombre == resultats.total == total_france


def test_filtre_secteur_inclut_les_solutions_tous_secteurs():
    specifique = SolutionFactory(publiee=True, nom="Pour boulangers factures")
    specifique.secteurs.set(["10"])
    generique = SolutionFactory(publiee=True, nom="Pour tous factures")
    autre = SolutionFactory(publiee=True, nom="Pour transporteurs factures")
    autre.secteurs.set(["49"])
    trouves = titres(rechercher(q="factures", groupes={"secteur": ["C"]}, par_page=100))
    assert specifique.nom in trouves and generique.nom in trouves and autre.nom not in trouves


def test_si_aucune_fiche_n_a_tous_les_mots_on_montre_celles_qui_en_ont_un():
    resultats = rechercher(q="factures xqzwvk")
    assert not resultats.tous_les_mots and resultats.total > 0


def test_exclusion_et_expression():
    avec = {r.carte["slug"] for r in rechercher(q="factures", par_page=100).elements}
    sans = {r.carte["slug"] for r in rechercher(q="factures -énergie", par_page=100).elements}
    assert sans < avec
    assert rechercher(q='"saisie automatique"').total >= 1


def test_les_brouillons_ne_sont_pas_indexes():
    brouillon = SolutionFactory(nom="Zorglub brouillon")
    assert not DocumentRecherche.objects.filter(type="solution", objet_id=brouillon.pk).exists()
    assert rechercher(q="zorglub").total == 0
    brouillon.statut = "publiee"
    brouillon.save()
    assert rechercher(q="zorglub").total == 1
    brouillon.delete()
    assert rechercher(q="zorglub").total == 0


def test_requete_vide_liste_tout_par_ordre_alphabetique():
    resultats = rechercher(q="", groupes={"type": ["cas_usage"]}, par_page=100)
    assert resultats.total == 45
    assert titres(resultats) == sorted(titres(resultats), key=str.lower)


def test_analyse_de_la_requete():
    analyse = analyser('  les "saisie automatique" -fax factures ')
    assert [(t.mots, t.negatif) for t in analyse.termes] == [
        (["saisie", "automatique"], False),
        (["fax"], True),
        (["factures"], False),
    ]
    assert analyser("le la les").vide
    assert "factures" in variantes_distance_un("facturs")


def test_formulaire_de_filtres_refuse_les_valeurs_et_parametres_inconnus():
    formulaire = FiltresRecherche(
        {"secteur": ["ZZ"], "hebergement": ["lune"], "page": "0", "pirate": "1"}, refuser_inconnus=True
    )
    assert not formulaire.is_valid()
    assert set(formulaire.errors) == {"secteur", "hebergement", "page", "__all__"}
    assert "Paramètre inconnu : pirate" in formulaire.errors["__all__"][0]
    assert "Valeur inconnue : ZZ" in formulaire.errors["secteur"][0]


def test_les_copies_du_formulaire_partagent_les_choix_pas_les_attributs():
    premier, second = FiltresRecherche(), FiltresRecherche()
    assert premier.fields["taille"].choices is second.fields["taille"].choices
    premier.fields["taille"].widget.attrs["class"] = "fr-select"
    assert "class" not in second.fields["taille"].widget.attrs
    assert "class" not in FiltresRecherche.base_fields["taille"].widget.attrs
    assert premier.fields["taille"] is not FiltresRecherche.base_fields["taille"]


def test_nombre_de_requetes_borne(client, django_assert_max_num_queries):
    """Pas de requête par résultat (colonnes différées, relations) : le coût ne grandit pas avec la page."""
    for _ in range(3):
        SolutionFactory(publiee=True, nom="Solution factures bornée")
    with django_assert_max_num_queries(12):
        client.get("/solutions/", {"q": "factures", "hebergement": "france", "par_page": 50})
    with django_assert_max_num_queries(12):
        client.get("/api/v1/solutions/", {"q": "factures", "par_page": 50})
    with django_assert_max_num_queries(12):
        client.get("/recherche/", {"q": "factures"})


def test_cocher_un_filtre_ne_fait_que_restreindre_la_liste():
    """Le palier de mots se choisit sans les filtres : une case cochée ne fait jamais apparaître des fiches qui
    n'avaient qu'une partie des mots, et le compte affiché à côté d'une valeur est le total obtenu en la cochant."""
    SolutionFactory(publiee=True, nom="Zébulon tournesol", description="Zébulon et tournesol.", hebergement="ue")
    SolutionFactory(publiee=True, nom="Zébulon seul", description="Rien d'autre.", hebergement="france")
    sans_filtre = rechercher(q="zébulon tournesol", groupes={"type": ["solution"]})
    assert titres(sans_filtre) == ["Zébulon tournesol"] and sans_filtre.tous_les_mots
    hebergement = {v.valeur: v.nombre for v in next(f for f in sans_filtre.facettes if f.cle == "hebergement").valeurs}
    assert hebergement == {"ue": 1}

    filtre = rechercher(q="zébulon tournesol", groupes={"type": ["solution"], "hebergement": ["france"]})
    assert filtre.total == 0 and filtre.tous_les_mots
    # Le groupe filtré montre encore où sont les résultats : décocher « France », cocher « UE ».
    valeurs = {v.valeur: v.nombre for v in next(f for f in filtre.facettes if f.cle == "hebergement").valeurs}
    assert valeurs == {"ue": 1, "france": 0}
    assert rechercher(q="zébulon tournesol", groupes={"type": ["solution"], "hebergement": ["ue"]}).total == 1


def test_cartes_et_cases_de_facettes_echappees(client):
    """Cartes et cases sont écrites en Python (templatetags/recherche.py) : tout texte venu des données est échappé."""
    solution = SolutionFactory(
        publiee=True,
        nom="<b>Zorglub</b> & Cie",
        description_courte="Lit vos <i>devis</i>.",
        description="Zorglub lit les devis.",
        est_demo=True,
        hebergement="france",
    )
    html = client.get("/solutions/", {"q": "zorglub"}).content.decode()
    assert "&lt;b&gt;Zorglub&lt;/b&gt; &amp; Cie" in html and "<b>Zorglub</b>" not in html
    assert f'<a href="{solution.get_absolute_url()}">' in html
    assert '<p class="fr-badge fr-badge--sm fr-badge--new">Démo</p>' in html
    assert "<mark>Zorglub</mark>" in html
    assert "Hébergement : En France" in html
    case = 'name="hebergement" value="france" id="filtre-hebergement-1"><label class="fr-label" '
    assert case + 'for="filtre-hebergement-1">En France (1)</label>' in html


def test_sans_mots_le_resultat_se_garde_jusqu_a_la_prochaine_ecriture(django_assert_num_queries):
    """Tout le catalogue se lit une fois par état de l'index : ensuite, une seule requête (le jeton de l'index)."""
    groupes = {"type": ["solution"], "hebergement": ["france"]}
    avant = rechercher(q="", groupes=groupes, par_page=5)
    with django_assert_num_queries(1):
        assert rechercher(q="", groupes=groupes, par_page=5).total == avant.total
    solution = SolutionFactory(publiee=True, nom="Zzz dernière publiée", hebergement="france")
    apres = rechercher(q="", groupes=groupes, par_page=5)
    assert apres.total == avant.total + 1
    france = next(v for v in next(f for f in apres.facettes if f.cle == "hebergement").valeurs if v.valeur == "france")
    assert france.nombre == apres.total
    solution.statut = "archivee"
    solution.save()
    assert rechercher(q="", groupes=groupes, par_page=5).total == avant.total
