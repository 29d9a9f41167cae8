"""Moteur SQLite : table FTS5 sur des textes racinisés sans accents (osezia.utils.texte), classement BM25.

Les facettes sont filtrées et comptées en Python sur les documents qui correspondent au texte :
SQLite sert la démonstration et le poste de développement, où l'index compte quelques milliers de fiches.
"""

import json

from django.db import connection

from osezia.recherche.moteurs.base import (
    BANDE_PERTINENCE,
    CompteurFacettes,
    Correspondances,
    combiner,
    lire_carte,
)
from osezia.utils.texte import racine

COLONNES_TEXTE = "{racines_titre racines_mots_cles racines_texte}"
# Poids BM25 des colonnes de recherche_fts : titre, mots-clés, texte, facettes.
POIDS = "10.0, 4.0, 1.0, 0.0"


def _guillemets(texte):
    return '"' + texte.replace('"', '""') + '"'


class MoteurSQLite:
    def mot_approchant(self, forme):
        """Pas d'index de trigrammes sous SQLite : seules les fautes à une lettre près sont corrigées."""
        return None

    def expression_fts(self, analyse, minimum=None):
        positifs, negatifs = [], []
        for terme in analyse.termes:
            if terme.est_expression:
                morceau = _guillemets(" ".join(terme.racines))
            else:
                variantes = sorted({racine(v) for v in terme.variantes})
                morceau = "(" + " OR ".join(_guillemets(v) for v in variantes) + ")"
            (negatifs if terme.negatif else positifs).append(morceau)
        if not positifs:
            return None
        expression = combiner(positifs, len(positifs) if minimum is None else minimum, " AND ", " OR ")
        for negatif in negatifs:
            expression = f"({expression}) NOT {negatif}"
        return f"{COLONNES_TEXTE} : ({expression})"

    def _lignes(self, analyse, minimum):
        """(id, type, jetons de facettes, titre) des documents qui ont les mots (tous, sans mots)."""
        expression = None if analyse.vide else self.expression_fts(analyse, minimum)
        with connection.cursor() as curseur:
            if expression:
                curseur.execute(
                    "SELECT d.id, d.type, d.facettes, d.titre, d.completude "
                    "FROM recherche_fts JOIN recherche_documentrecherche d ON d.id = recherche_fts.rowid "
                    "WHERE recherche_fts MATCH %s",
                    [expression],
                )
            else:
                curseur.execute("SELECT id, type, facettes, titre, completude FROM recherche_documentrecherche")
            # Les jetons de facettes, découpés une fois par ligne : ils servent au type, aux filtres et aux comptes.
            return expression, [(i, t, facettes.split(), titre, c) for i, t, facettes, titre, c in curseur]

    @staticmethod
    def _scores(expression, ids):
        """{id: score BM25} des seuls documents demandés. bm25() lit les positions de chaque mot dans chaque fiche,
        l'essentiel du coût d'une recherche sur des mots fréquents : on ne le calcule que pour les fiches retenues
        (SQLite l'évalue par ligne rendue ; `+rowid` écarte les autres avant, hors index de la table FTS). Les
        identifiants passent en un seul paramètre JSON, quel que soit leur nombre."""
        if not ids:
            return {}
        with connection.cursor() as curseur:
            curseur.execute(
                f"SELECT rowid, -bm25(recherche_fts, {POIDS}) FROM recherche_fts WHERE recherche_fts MATCH %s "
                "AND +rowid IN (SELECT value FROM json_each(%s))",
                [expression, json.dumps(ids)],
            )
            return dict(curseur.fetchall())

    def documents_des_solutions(self, analyse, solution_ids):
        """{solution_id: (pertinence, complétude, jetons de facettes)} des solutions demandées, pour la mise en
        relation : le score BM25 du texte d'un besoin, au moins un de ses mots exigé ; 0 sans mot commun. Sur
        PostgreSQL, l'appariement calcule tout en une requête (relations/appariement_sql.py)."""
        if not solution_ids:
            return {}
        with connection.cursor() as curseur:
            curseur.execute(
                "SELECT id, objet_id, completude, facettes FROM recherche_documentrecherche "
                "WHERE type = 'solution' AND objet_id IN (SELECT value FROM json_each(%s))",
                [json.dumps(list(solution_ids))],
            )
            lignes = curseur.fetchall()
        expression = None if analyse.vide else self.expression_fts(analyse, minimum=1)
        scores = self._scores(expression, [ligne[0] for ligne in lignes]) if expression else {}
        return {objet_id: (max(0.0, scores.get(i, 0.0)), c, f.split()) for i, objet_id, c, f in lignes}

    def correspondances(
        self, analyse, filtres, *, paliers, tri, debut, fin, formes_a_verifier=frozenset(), adequation=()
    ):
        """Au premier palier (nombre de mots exigés) qui trouve une fiche du type demandé. Le lexique n'est pas lu
        ici (`formes_a_verifier` ignoré) : sans aller-retour réseau, la correction le lira au besoin."""
        types = set(filtres.get("type", ()))
        for palier in paliers:
            expression, lignes = self._lignes(analyse, palier)
            avec_les_mots = sum(1 for lig in lignes if not types.isdisjoint(lig[2])) if types else len(lignes)
            if avec_les_mots:
                break
        compteur = CompteurFacettes(filtres)
        retenues = [ligne for ligne in lignes if compteur.ajouter(ligne[2])]
        scores = {}
        jetons_adequation = set(adequation)

        def adequate(ligne):
            return len(jetons_adequation.intersection(ligne[2])) if jetons_adequation else 0

        if tri == "pertinence" and expression:
            scores = self._scores(expression, [ligne[0] for ligne in retenues])
            seuil = BANDE_PERTINENCE * max(scores.values(), default=0)
            retenues.sort(
                key=lambda ligne: (
                    scores[ligne[0]] < seuil,
                    -adequate(ligne),
                    -ligne[4],
                    -scores[ligne[0]],
                    ligne[0],
                )
            )
        elif tri == "pertinence":
            retenues.sort(key=lambda ligne: (ligne[1], -adequate(ligne), -ligne[4], ligne[3].lower(), ligne[0]))
        elif tri == "recent":
            retenues.sort(key=lambda ligne: -ligne[0])
        else:
            retenues.sort(key=lambda ligne: (ligne[1], ligne[3].lower(), ligne[0]))
        page = retenues[debut:fin]
        if expression and not scores:
            scores = self._scores(expression, [ligne[0] for ligne in page])
        textes_et_cartes = self._textes_et_cartes([ligne[0] for ligne in page])
        page = [(i, t, scores.get(i, 0.0), *textes_et_cartes.get(i, (None, ""))) for i, t, *_ in page]
        return Correspondances(
            page=page,
            total=len(retenues),
            comptes=dict(compteur.comptes),
            avec_les_mots=avec_les_mots,
            palier=palier,
        )

    @staticmethod
    def _textes_et_cartes(ids):
        """{id: (carte, texte)} des documents de la page."""
        if not ids:
            return {}
        with connection.cursor() as curseur:
            marques = ", ".join("%s" for _ in ids)
            curseur.execute(f"SELECT id, carte, texte FROM recherche_documentrecherche WHERE id IN ({marques})", ids)
            return {i: (lire_carte(carte), texte) for i, carte, texte in curseur.fetchall()}
