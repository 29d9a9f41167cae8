"""Moteur PostgreSQL : tsvector généré (configuration osezia_fr : unaccent puis french_stem) qui porte aussi les
jetons de facettes, index GIN, classement ts_rank, extraits ts_headline, facettes comptées en une requête, et
correction des fautes de frappe par similarité de trigrammes (pg_trgm) sur le lexique.
"""

from itertools import combinations

from django.db import connection

from osezia.recherche.moteurs.base import MARQUE_DEBUT, MARQUE_FIN, CompteurFacettes, Correspondances, combiner

CONFIG = "'osezia_fr'::regconfig"
# Seuil de pg_trgm par défaut : assez bas pour « factrues » → « factures » (0,38) ; la correction s'ajoute
# au mot saisi (OU) et ne le remplace pas.
SEUIL_SIMILARITE = 0.3


def _tsquery_jetons(jetons):
    """tsquery littéral qui exige l'un des jetons (les jetons sont des codes validés : ni espace ni apostrophe)."""
    return "(" + " | ".join(f"'{j}'" for j in jetons) + ")"


def _tsquery_filtres(filtres):
    return " & ".join(_tsquery_jetons(j) for j in filtres.values())


def _tsquery_elargie(filtres):
    """Les documents qui passent tous les filtres sauf un au plus : ce qu'il faut pour compter des facettes
    disjonctives (chaque groupe filtré se compte sans son propre filtre)."""
    groupes = list(filtres)
    if len(groupes) < 2:
        return None
    alternatives = []
    for exclu in groupes:
        alternatives.append("(" + " & ".join(_tsquery_jetons(filtres[g]) for g in groupes if g != exclu) + ")")
    return " | ".join(alternatives)


class MoteurPostgreSQL:
    def mot_approchant(self, forme):
        with connection.cursor() as curseur:
            curseur.execute(
                "SELECT mot FROM recherche_motlexique WHERE mot %% %s AND similarity(mot, %s) >= %s "
                "ORDER BY similarity(mot, %s) DESC, frequence DESC, mot LIMIT 1",
                [forme, forme, SEUIL_SIMILARITE, forme],
            )
            ligne = curseur.fetchone()
        return ligne[0] if ligne else None

    def tsquery(self, analyse, minimum=None):
        """Expression SQL d'un tsquery qui exige au moins `minimum` mots (tous par défaut) et ses paramètres ;
        PostgreSQL racinise lui-même chaque mot."""
        positifs, negatifs, params = [], [], []
        for terme in analyse.termes:
            if terme.est_expression:
                morceau = f"phraseto_tsquery({CONFIG}, %s)"
                params_terme = [" ".join(terme.mots)]
            else:
                morceau = "(" + " || ".join(f"plainto_tsquery({CONFIG}, %s)" for _ in terme.variantes) + ")"
                params_terme = list(terme.variantes)
            if terme.negatif:
                negatifs.append((f"!!{morceau}", params_terme))
            else:
                positifs.append((morceau, params_terme))
        if not positifs:
            return None, []
        minimum = len(positifs) if minimum is None else minimum
        sql = combiner([m for m, _ in positifs], minimum, " && ", " || ")
        if 1 < minimum < len(positifs):
            for combinaison in combinations(positifs, minimum):
                for _, p in combinaison:
                    params += p
        else:
            for _, p in positifs:
                params += p
        for morceau, p in negatifs:
            sql += f" && {morceau}"
            params += p
        return sql, params

    @staticmethod
    def _condition(texte_sql, texte_params, tsquery_facettes):
        """Clause WHERE « vecteur @@ (texte && facettes) » et ses paramètres ; None si rien ne restreint."""
        morceaux, params = [], []
        if texte_sql:
            morceaux.append(texte_sql)
            params += texte_params
        if tsquery_facettes:
            morceaux.append("%s::tsquery")
            params.append(tsquery_facettes)
        if not morceaux:
            return "TRUE", []
        return "d.vecteur @@ (" + " && ".join(morceaux) + ")", params

    def correspondances(self, analyse, filtres, *, minimum, tri, debut, fin):
        """La page demandée et le total ; les facettes se comptent à part (compter_facettes)."""
        texte_sql, texte_params = (None, []) if analyse.vide else self.tsquery(analyse, minimum)
        where, params = self._condition(texte_sql, texte_params, _tsquery_filtres(filtres) if filtres else None)
        score, score_params = (f"ts_rank(d.vecteur, {texte_sql})", texte_params) if texte_sql else ("0.0", [])
        ordre = {
            "pertinence": "score DESC, d.id" if texte_sql else "d.type, lower(d.titre), d.id",
            "recent": "d.id DESC",
        }.get(tri, "d.type, lower(d.titre), d.id")
        with connection.cursor() as curseur:
            curseur.execute(
                f"SELECT d.id, d.type, d.objet_id, {score} AS score, count(*) OVER () "
                f"FROM recherche_documentrecherche d WHERE {where} ORDER BY {ordre} LIMIT %s OFFSET %s",
                score_params + params + [fin - debut, debut],
            )
            lignes = curseur.fetchall()
            if lignes:
                total = lignes[0][4]
            elif debut == 0:
                total = 0  # première page vide : rien ne correspond, inutile de compter
            else:
                curseur.execute(f"SELECT count(*) FROM recherche_documentrecherche d WHERE {where}", params)
                total = curseur.fetchone()[0]
        page = [(i, t, o, float(s)) for i, t, o, s, _ in lignes]
        return Correspondances(page=page, total=total)

    def compter_facettes(self, analyse, filtres, *, minimum):
        """Lit une fois les jetons des documents qui passent tous les filtres sauf un au plus, et les compte
        (CompteurFacettes) : plus rapide en Python qu'un unnest + GROUP BY sur quelques milliers de lignes."""
        texte_sql, texte_params = (None, []) if analyse.vide else self.tsquery(analyse, minimum)
        where, params = self._condition(texte_sql, texte_params, _tsquery_elargie(filtres))
        with connection.cursor() as curseur:
            curseur.execute(f"SELECT d.facettes FROM recherche_documentrecherche d WHERE {where}", params)
            compteur = CompteurFacettes(filtres)
            for (facettes,) in curseur.fetchall():
                compteur.ajouter(facettes.split())
        return dict(compteur.comptes)

    def extraits(self, analyse, ids):
        requete_sql, requete_params = self.tsquery(analyse, minimum=1)
        if not ids or not requete_sql:
            return {}
        options = (
            f"StartSel={MARQUE_DEBUT}, StopSel={MARQUE_FIN}, MaxWords=35, MinWords=15, "
            'MaxFragments=2, FragmentDelimiter=" … "'
        )
        with connection.cursor() as curseur:
            curseur.execute(
                f"SELECT d.id, ts_headline({CONFIG}, d.texte, {requete_sql}, %s) "
                "FROM recherche_documentrecherche d WHERE d.id = ANY(%s)",
                requete_params + [options, list(ids)],
            )
            return dict(curseur.fetchall())
