"""Un mot tapé sans ses accents, ou avec de mauvais accents, trouve exactement ce que trouve le mot bien écrit."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from osezia.recherche.models import DocumentRecherche, MotLexique
from osezia.recherche.services import rechercher
from osezia.utils.surlignage import extrait_surligne
from osezia.utils.texte import _RACINISEUR, est_mot_vide, forme_normale, mots, racine, racines, sans_accents
from tests.catalogue.factories import SolutionFactory
from tests.recherche.test_recherche import titres

pytestmark = pytest.mark.django_db

# Un mauvais accent pour chaque lettre qui peut en porter un (et aucun pour « ç », « ÿ ») : « électricité » →
# « èlèçtrîçîtè ».
_MAL_ACCENTUE = str.maketrans("aàâeéèêëiîïoôuùûüyÿcç", "ââàèèéééîïîôöùûùùÿyçc")


def mal_accentue(mot):
    return mot.translate(_MAL_ACCENTUE)


def trouve(q):
    """Ce que voit la personne qui cherche `q` : fiches, total, extraits surlignés, correction proposée."""
    resultats = rechercher(q=q, par_page=1000)
    fiches = [(r.type, r.carte["slug"], r.extrait) for r in resultats.elements]
    return fiches, resultats.total, resultats.tous_les_mots, resultats.requete_corrigee


@pytest.mark.parametrize(
    "ecritures",
    [
        ("données", "donnees", "donnèes", "DONNÉES", "Donnees"),
        ("tournées", "tournees", "tournèes"),
        ("électricité", "electricite", "élèctricité", "ELECTRICITE"),
    ],
)
def test_sans_accents_ou_mal_accentue_le_meme_resultat(ecritures):
    attendu = trouve(ecritures[0])
    fiches, total, _, correction = attendu
    assert total > 0 and len(fiches) == total and not correction
    assert any("<mark>" in extrait for _, _, extrait in fiches)
    for ecriture in ecritures[1:]:
        assert trouve(ecriture) == attendu, ecriture


def test_une_seule_racine_pour_toutes_les_ecritures_d_un_mot():
    for ecritures in (("données", "donnees", "donnèes"), ("générée", "generee", "genérée"), ("œuvre", "oeuvre")):
        assert len({racine(m.lower()) for m in ecritures}) == 1, ecritures


def test_surlignage_quelle_que_soit_l_ecriture_de_la_requete_ou_du_texte():
    texte = "Vos données clients et vos donnees fournisseurs ; l'électricité, et la ELECTRICITE."
    for requete in ("donnees", "données", "donnèes"):
        extrait = extrait_surligne(texte, set(racines(requete)), "[", "]")
        assert extrait.count("[") == 2 and "[données]" in extrait and "[donnees]" in extrait, requete
    extrait = extrait_surligne(texte, set(racines("élèctricite")), "[", "]")
    assert "[électricité]" in extrait and "[ELECTRICITE]" in extrait
    # Accents en caractères combinants (texte copié d'un PDF, par exemple) : les mêmes mots.
    decompose = "Vos donne\u0301es clients"
    assert mots(decompose) == ["vos", "données", "clients"]
    assert "[données]" in extrait_surligne(decompose, set(racines("donnees")), "[", "]")


def test_tout_mot_indexe_a_la_meme_racine_sous_toutes_ses_ecritures_et_dans_le_lexique():
    """Racines (index SQLite, requête, surlignage) et lexique (correction) : pour chaque mot indexé, accentué ou non."""
    lexique = dict(MotLexique.objects.values_list("mot", "racine"))
    ecarts = []
    for mot in _mots_indexes():
        attendue = racine(mot)
        if {racine(sans_accents(mot)), racine(mal_accentue(mot)), racine(mot.upper().lower())} != {attendue}:
            ecarts.append(mot)
        if 3 <= len(mot) <= 60 and lexique.get(forme_normale(mot)) != attendue:
            ecarts.append(("lexique", mot))
    assert not ecarts, ecarts[:20]


def _mots_indexes():
    """Chaque mot porteur de sens des fiches indexées (titre, mots-clés, texte), tel qu'il y est écrit."""
    formes = set()
    for titre, mots_cles, texte in DocumentRecherche.objects.values_list("titre", "mots_cles", "texte"):
        for champ in (titre, mots_cles, texte):
            formes.update(m for m in mots(champ) if not est_mot_vide(m))
    return sorted(formes)


def test_tout_le_lexique_sans_accents_et_mal_accentue():
    """Pour chaque mot accentué des contenus et du catalogue de démonstration, sa forme sans accents et une forme
    mal accentuée trouvent les mêmes fiches, avec les mêmes extraits, sans correction proposée."""
    accentues = [m for m in _mots_indexes() if not m.isascii()]
    assert len(accentues) > 500  # les contenus réels sont chargés
    differents = []
    for mot in accentues:
        attendu = trouve(mot)
        assert attendu[1] > 0 and not attendu[3], mot
        for ecriture in (sans_accents(mot), mal_accentue(mot)):
            if trouve(ecriture) != attendu:
                differents.append((mot, ecriture))
    assert not differents, f"{len(differents)} écritures trouvent autre chose que le mot accentué : {differents[:20]}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="racines de PostgreSQL (osezia_fr)")
def test_postgresql_et_python_donnent_les_memes_racines():
    """Le surlignage (Python) retrouve dans une fiche les mots par lesquels PostgreSQL l'a trouvée : pour chaque mot
    indexé, la racine de `osezia_fr` (unaccent puis french_stem) est celle de `racine`."""
    indexes = _mots_indexes()
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT mot, (SELECT string_agg(lexeme, ' ') FROM unnest(to_tsvector('osezia_fr', mot))) "
            "FROM unnest(%s::text[]) AS mot",
            [indexes],
        )
        postgresql = dict(curseur.fetchall())
    differents = [(m, postgresql[m], racine(m)) for m in indexes if postgresql[m] not in (None, racine(m))]
    # PostgreSQL 15 embarque un Snowball plus ancien que PyStemmer 3 (« bijoux » : « bijoux » au lieu de « bijou ») :
    # ces écarts de version, rares, portent sur des mots sans accents. Aucun ne doit venir des accents.
    accentues = [d for d in differents if not d[0].isascii()]
    assert not accentues, f"{len(accentues)} mots accentués : {accentues[:20]}"
    assert len(differents) < len(indexes) / 1000, differents


def test_la_migration_recalcule_les_racines_d_un_index_ecrit_avec_l_ancienne_regle():
    """Un index écrit quand on racinisait avant d'ôter les accents est remis à jour par la migration, sans
    `reindexer` à lancer à la main."""
    solution = SolutionFactory(publiee=True, nom="Zébulon", description="Vos données et vos tournées de livraison.")
    document = DocumentRecherche.objects.get(type="solution", objet_id=solution.pk)
    if connection.vendor == "sqlite":

        def ancienne_regle(texte):
            return " ".join(sans_accents(_RACINISEUR.stemWord(m)) for m in mots(texte) if not est_mot_vide(m))

        DocumentRecherche.objects.filter(pk=document.pk).update(
            racines_titre=ancienne_regle(document.titre), racines_texte=ancienne_regle(document.texte)
        )
        assert not rechercher(q="tournees zebulon").tous_les_mots  # « zebulon » seul, par le palier d'un mot
    MotLexique.objects.filter(mot="zebulon").update(racine="zeb")

    migration = import_module("osezia.recherche.migrations.0005_racines_sans_accents")
    migration.recalculer_les_racines(apps, SimpleNamespace(connection=connection))

    for requete in ("tournees zebulon", "tournèes zébulon", "tournées zébulon"):
        resultats = rechercher(q=requete)
        assert resultats.tous_les_mots and titres(resultats) == ["Zébulon"], requete
    assert MotLexique.objects.get(mot="zebulon").racine == racine("zebulon")
