import pytest
from django.core.management import CommandError, call_command

from osezia.catalogue import importation
from osezia.catalogue.management.commands.importer_solutions import CORRESPONDANCE_UNEIAPARJOUR
from osezia.catalogue.models import Solution
from osezia.recherche.services import rechercher

pytestmark = pytest.mark.django_db
CSV_UNEIAPARJOUR = CORRESPONDANCE_UNEIAPARJOUR.with_suffix(".csv")

CORRESPONDANCE_SIMPLE = """
source: "Test"
credit: "Données de test"
cle: source_url
statut: publiee
colonnes:
  nom: nom
  description: description
  source_url: url
  cas_usage: cas
  hebergement: hebergement
  tailles_cibles: tailles
  fournisseur: fournisseur
"""


def ecrire(tmp_path, contenu, nom="solutions.csv", encodage="utf-8"):
    chemin = tmp_path / nom
    chemin.write_bytes(contenu.encode(encodage))
    return chemin


@pytest.fixture
def correspondance(tmp_path):
    return ecrire(tmp_path, CORRESPONDANCE_SIMPLE, "correspondance.yaml")


def test_import_uneiaparjour_avec_credit_et_sans_doublon(capsys):
    call_command("importer_solutions", str(CSV_UNEIAPARJOUR))
    importees = Solution.objects.filter(source="#uneIAparjour")
    nombre = importees.count()
    assert 1000 < nombre < 1280
    assert "1280 lignes lues" in capsys.readouterr().out
    assert all("CC BY 4.0" in s.credit for s in importees[:50])
    transcription = importees.filter(cas_usage__slug="transcription-reunions")
    assert transcription.exists()
    assert not importees.filter(cas_usage=None).exists()
    assert rechercher(q="transcription", groupes={"type": ["solution"]}).total >= transcription.count()
    call_command("importer_solutions", str(CSV_UNEIAPARJOUR))
    assert Solution.objects.filter(source="#uneIAparjour").count() == nombre


def test_import_reussi_avec_une_correspondance_simple(tmp_path, correspondance):
    fichier = ecrire(
        tmp_path,
        "nom,description,url,cas,hebergement,tailles,fournisseur\n"
        "Lecteur de bons,Lit les bons de livraison scannés.,https://exemple.fr/a,traitement-factures,france,TPE;PME,Société Test\n"
        "Planif,Construit les plannings.,https://exemple.fr/b,planification-equipes,ue,PME,Société Test\n",
    )
    rapport = importation.importer(fichier, correspondance)
    assert (rapport.lues, rapport.creees) == (2, 2)
    bons = Solution.objects.get(nom="Lecteur de bons")
    assert (
        bons.tailles_cibles == ["TPE", "PME"]
        and bons.hebergement == "france"
        and bons.fournisseur.nom == "Société Test"
    )
    assert Solution.objects.get(nom="Planif").fournisseur == bons.fournisseur


def test_un_nom_de_fournisseur_trop_long_est_une_erreur_de_ligne(tmp_path, correspondance):
    # Sur PostgreSQL, il finissait en DataError brute à l'écriture.
    fichier = ecrire(
        tmp_path,
        "nom,description,url,cas,hebergement,tailles,fournisseur\n"
        f"Lecteur,Lit les bons.,https://exemple.fr/a,traitement-factures,france,TPE,{'F' * 300}\n",
    )
    avant = Solution.objects.count()
    with pytest.raises(importation.ErreurImport) as erreur:
        importation.importer(fichier, correspondance)
    assert "Ligne 2 : fournisseur : 200 caractères au plus (ici 300)" in "\n".join(erreur.value.erreurs)
    assert Solution.objects.count() == avant


def test_un_fichier_invalide_n_ecrit_rien_et_donne_les_numeros_de_ligne(tmp_path, correspondance, capsys):
    fichier = ecrire(
        tmp_path,
        "nom,description,url,cas,hebergement,tailles,fournisseur\n"
        "Correcte,Une description.,https://exemple.fr/1,traitement-factures,france,TPE,F\n"
        ",Sans nom.,https://exemple.fr/2,traitement-factures,france,TPE,F\n"
        "Mauvais cas,Une description.,https://exemple.fr/3,cas-inconnu,france,TPE,F\n"
        "Mauvais hébergement,Une description.,https://exemple.fr/4,traitement-factures,lune,XXL,F\n"
        "Mauvaise adresse,Une description.,pas une url,traitement-factures,france,TPE,F\n",
    )
    avant = Solution.objects.count()
    with pytest.raises(CommandError, match="rien n'a été écrit : 4 erreur"):
        call_command("importer_solutions", str(fichier), correspondance=str(correspondance))
    erreurs = capsys.readouterr().err
    assert "Ligne 3 : nom : Ce champ ne peut pas être vide." in erreurs
    assert "Ligne 4 : cas d'usage inconnus : cas-inconnu" in erreurs
    assert "Ligne 5 :" in erreurs and "lune" in erreurs and "XXL" in erreurs
    assert "Ligne 6 :" in erreurs and "URL" in erreurs
    assert Solution.objects.count() == avant


@pytest.mark.parametrize(
    "contenu, encodage, message",
    [
        ("", "utf-8", "vide"),
        ("nom,description\nA,B\n", "utf-8", "colonnes absentes"),
        ('nom,description,url,cas,hebergement,tailles,fournisseur\n"A,B\n', "utf-8", "CSV mal formé"),
        ("nom,description,url,cas,hebergement,tailles,fournisseur\nÉcole,é,u,c,h,t,f\n", "latin-1", "UTF-8"),
        ("nom,description,url,cas,hebergement,tailles,fournisseur\nA,B,C,D,E,F,G,H\n", "utf-8", "plus de colonnes"),
    ],
)
def test_fichiers_mal_formes(tmp_path, correspondance, contenu, encodage, message):
    fichier = ecrire(tmp_path, contenu, encodage=encodage)
    with pytest.raises(importation.ErreurImport) as erreur:
        importation.importer(fichier, correspondance)
    assert message in erreur.value.erreurs[0]


def test_fichier_trop_gros(tmp_path, correspondance, monkeypatch):
    monkeypatch.setattr(importation, "TAILLE_MAX_OCTETS", 10)
    fichier = ecrire(tmp_path, "nom,description\n" + "a,b\n" * 10)
    with pytest.raises(importation.ErreurImport, match="1 erreur"):
        importation.importer(fichier, correspondance)


def test_correspondance_invalide(tmp_path):
    fichier = ecrire(tmp_path, "nom,description\nA,B\n")
    mauvaise = ecrire(
        tmp_path, "colonnes:\n  nom: nom\n  prix_magique: x\ncategories:\n  a: [cas-inexistant]\n", "c.yaml"
    )
    with pytest.raises(importation.ErreurImport) as erreur:
        importation.importer(fichier, mauvaise)
    texte = "\n".join(erreur.value.erreurs)
    assert "prix_magique" in texte and "description" in texte and "cas-inexistant" in texte


def test_la_simulation_n_ecrit_rien(tmp_path, correspondance):
    fichier = ecrire(
        tmp_path,
        "nom,description,url,cas,hebergement,tailles,fournisseur\nA,B,https://exemple.fr/x,traitement-factures,ue,PME,F\n",
    )
    avant = Solution.objects.count()
    rapport = importation.importer(fichier, correspondance, simulation=True)
    assert rapport.creees == 1 and Solution.objects.count() == avant


@pytest.fixture
def correspondance_sans_cle(tmp_path):
    return ecrire(tmp_path, CORRESPONDANCE_SIMPLE.replace("cle: source_url\n", ""), "sans_cle.yaml")


def test_sans_cle_deux_lignes_de_la_meme_solution_sont_refusees(tmp_path, correspondance_sans_cle, capsys):
    fichier = ecrire(
        tmp_path,
        "nom,description,url,cas,hebergement,tailles,fournisseur\n"
        "Lecteur de bons,Lit les bons.,https://exemple.fr/a,traitement-factures,france,TPE,Société Test\n"
        "Planif,Construit les plannings.,https://exemple.fr/b,planification-equipes,ue,PME,Société Test\n"
        "  lecteur  de BONS ,Lit les bons.,https://exemple.fr/c,traitement-factures,france,TPE,societe test\n"
        "Lecteur de bons,Autre éditeur.,https://exemple.fr/d,traitement-factures,france,TPE,Autre Société\n",
    )
    avant = Solution.objects.count()
    with pytest.raises(CommandError, match="rien n'a été écrit : 1 erreur"):
        call_command("importer_solutions", str(fichier), correspondance=str(correspondance_sans_cle))
    erreurs = capsys.readouterr().err
    assert "Ligne 4 : même solution que la ligne 2 (même nom, même fournisseur)" in erreurs
    assert Solution.objects.count() == avant


def test_sans_cle_reimporter_ne_cree_pas_de_seconde_fiche(tmp_path, correspondance_sans_cle):
    fichier = ecrire(
        tmp_path,
        "nom,description,url,cas,hebergement,tailles,fournisseur\n"
        "Lecteur de bons,Lit les bons.,https://exemple.fr/a,traitement-factures,france,TPE,Société Test\n",
    )
    assert importation.importer(fichier, correspondance_sans_cle).creees == 1
    with pytest.raises(importation.ErreurImport) as erreur:
        importation.importer(fichier, correspondance_sans_cle)
    assert "Ligne 2 : cette solution existe déjà" in erreur.value.erreurs[0]
    assert Solution.objects.filter(nom="Lecteur de bons").count() == 1
