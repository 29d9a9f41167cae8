"""Moteur PostgreSQL : tsvector généré (configuration osezia_fr : unaccent puis french_stem), index GIN, classement
ts_rank, facettes comptées dans la même requête, et correction des fautes de frappe par similarité de trigrammes
(pg_trgm) sur le lexique. Les extraits surlignés se font en Python (service), comme pour SQLite : ts_headline
analysait à nouveau chaque texte de la page, le tiers du temps de la requête.

Une recherche est une seule requête SQL. L'index GIN ne reçoit que les mots (peu fréquents) ; les filtres se vérifient
ensuite sur les seules lignes trouvées (`facettes_tableau && …`). Les mettre aussi dans la condition de l'index
obligerait PostgreSQL à parcourir les listes de jetons très fréquents (« type:solution » : toutes les solutions),
plusieurs millisecondes à 100 000 fiches. Sans mots, ce sont les jetons de facettes qui passent par l'index.
"""

from itertools import combinations

import psycopg
from django.db import connection

from osezia.recherche.moteurs.base import BANDE_PERTINENCE, Correspondances, combiner, lire_carte
from osezia.recherche.requete import cles_du_lexique, connus_parmi

CONFIG = "'osezia_fr'::regconfig"
# Seuil de pg_trgm par défaut : assez bas pour « factrues » → « factures » (0,38) ; la correction s'ajoute
# au mot saisi (OU) et ne le remplace pas.
SEUIL_SIMILARITE = 0.3


def _tsquery_jetons(jetons):
    """tsquery littéral qui exige l'un des jetons (les jetons sont des codes validés : ni espace ni apostrophe)."""
    return "(" + " | ".join(f"'{j}'" for j in jetons) + ")"


def _tsquery_elargie(filtres):
    """Les documents qui passent tous les filtres sauf un au plus : ce qu'il faut pour compter des facettes
    disjonctives (chaque groupe filtré se compte sans son propre filtre). None : aucune restriction."""
    groupes = list(filtres)
    if len(groupes) < 2:
        return None
    return " | ".join(
        "(" + " & ".join(_tsquery_jetons(filtres[g]) for g in groupes if g != exclu) + ")" for exclu in groupes
    )


def _executer_preparee(sql, params):
    """Exécute la requête de recherche par un curseur à liaison côté serveur : psycopg la prépare à sa première
    exécution sur la connexion (prepare_threshold=0, config/settings.py) et PostgreSQL en garde un plan générique
    (plan_cache_mode=force_generic_plan) au lieu de la replanifier à chaque fois. Ce plan ne dépend pas des mots :
    index GIN pour les mots, filtres vérifiés sur les lignes trouvées. Les curseurs de Django (liaison côté client)
    ne préparent jamais rien."""
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    brut = psycopg.Cursor(connection.connection)
    curseur = connection.make_debug_cursor(brut) if connection.queries_logged else connection.make_cursor(brut)
    with curseur:
        curseur.execute(sql, params)
        return curseur.fetchall()


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

    def _requete_du_palier(self, analyse, paliers, filtres):
        """Le tsquery du premier palier (nombre de mots exigés) qui trouve une fiche du type demandé, choisi dans la
        requête même : un CTE `palier` (EXISTS par l'index GIN, du plus exigeant au moins exigeant) et une expression
        CASE sur son rang, que PostgreSQL évalue une fois et passe à l'index. Sans palier de repli : le tsquery seul."""
        requetes = [self.tsquery(analyse, minimum) for minimum in paliers]
        if len(requetes) == 1:
            return "", [], requetes[0][0], requetes[0][1], "0"
        filtre_type, params_type = ("", [])
        if "type" in filtres:
            filtre_type, params_type = " AND e.facettes_tableau && %s::text[]", [filtres["type"]]
        quand, params_cte = [], []
        for rang, (sql, params) in enumerate(requetes[:-1]):
            quand.append(
                f"WHEN EXISTS (SELECT 1 FROM recherche_documentrecherche e WHERE e.vecteur @@ ({sql}){filtre_type}) "
                f"THEN {rang}"
            )
            params_cte += [*params, *params_type]
        cte = f"palier AS MATERIALIZED (SELECT CASE {' '.join(quand)} ELSE {len(requetes) - 1} END AS rang), "
        choix = " ".join(f"WHEN {rang} THEN ({sql})" for rang, (sql, _) in enumerate(requetes))
        params_choix = [p for _, params in requetes for p in params]
        return cte, params_cte, f"CASE (SELECT rang FROM palier) {choix} END", params_choix, "(SELECT rang FROM palier)"

    def correspondances(
        self, analyse, filtres, *, paliers, tri, debut, fin, formes_a_verifier=frozenset(), adequation=()
    ):
        """Page (avec texte et carte), total et comptes de facettes, en une requête, au premier palier de mots qui
        trouve quelque chose. La même requête lit dans le lexique les `formes_a_verifier` : s'il faut corriger une
        faute de frappe, on sait déjà quels mots sont connus, sans second aller-retour.

        `trouves` : les documents qui ont les mots (ou, sans mots, qui passent tous les filtres sauf un au plus),
        avec un drapeau par groupe filtré, le nombre de filtres passés et le groupe manqué ; `retenus` : ceux qui les
        passent tous (les seuls dont on calcule le score). Un jeton d'un groupe filtré se compte sur les documents qui
        passent tous les autres filtres, les autres jetons sur les retenus.
        """
        cte_palier, params_palier, texte_sql, texte_params, rang_sql = "", [], None, [], "0"
        if not analyse.vide:
            cte_palier, params_palier, texte_sql, texte_params, rang_sql = self._requete_du_palier(
                analyse, paliers, filtres
            )
        groupes = list(filtres)
        n = len(groupes)
        drapeaux = "".join(f", d.facettes_tableau && %s::text[] AS f{i}" for i in range(n))
        params_drapeaux = [filtres[g] for g in groupes]
        passes = " + ".join(f"f{i}::int" for i in range(n)) or "0"
        if texte_sql:
            condition, params_condition = f"d.vecteur @@ ({texte_sql})", texte_params
        elif elargie := _tsquery_elargie(filtres):
            condition, params_condition = "d.vecteur @@ %s::tsquery", [elargie]
        else:  # aucun filtre, ou un seul : ses propres valeurs se comptent sur tous les documents
            condition, params_condition = "TRUE", []

        # Le préfixe (« hebergement: ») du seul groupe qu'un document ne passe pas ; NULL s'il les passe tous.
        manque = "CASE " + "".join(f"WHEN NOT f{i} THEN %s " for i in range(n)) + "END" if n else "NULL::text"
        params_manque = [f"{g}:" for g in groupes]
        filtre_type = f"f{groupes.index('type')}" if "type" in groupes else "TRUE"
        score, params_score = (f"ts_rank(vecteur, ({texte_sql}))", texte_params) if texte_sql else ("0.0", [])
        jetons_adequation = sorted(set(adequation))
        adequate = " + ".join("(facettes_tableau @> %s::text[])::int" for _ in jetons_adequation) or "0"
        params_adequation = [[j] for j in jetons_adequation]
        ordre = {
            "pertinence": f"score < {BANDE_PERTINENCE} * score_max, adequation DESC, completude DESC, score DESC, id"
            if texte_sql
            else "type, adequation DESC, completude DESC, lower(titre), id",
            "recent": "id DESC",
        }.get(tri, "type, lower(titre), id")
        colonnes_drapeaux = "".join(f", f{i}" for i in range(n))
        lexique, params_lexique = "", []
        if formes_a_verifier:
            lexique = """
            UNION ALL
            SELECT 'lexique', NULL, NULL, racine, NULL, mot, NULL FROM recherche_motlexique
            WHERE mot = ANY(%s) OR racine = ANY(%s)"""
            params_lexique = list(cles_du_lexique(formes_a_verifier))
        # OFFSET 0 : la sous-requête n'est pas aplatie, chaque drapeau se calcule une fois par ligne ; aplatie,
        # PostgreSQL recopiait `facettes_tableau && …` dans `passes`, `manque` et `score` (4 fois le travail).
        sql = f"""
            WITH {cte_palier}trouves AS MATERIALIZED (
                SELECT id, type, titre, completude, facettes_tableau{colonnes_drapeaux}, {passes} AS passes,
                       {manque} AS manque, CASE WHEN {passes} = %s THEN {score} END AS score
                FROM (
                    SELECT d.id, d.type, d.titre, d.completude, d.vecteur, d.facettes_tableau{drapeaux}
                    FROM recherche_documentrecherche d WHERE {condition}
                    OFFSET 0
                ) t
            ),
            retenus AS (
                SELECT id, type, titre, score, completude, {adequate} AS adequation, max(score) OVER () AS score_max
                FROM trouves WHERE passes = %s
            ),
            page AS (SELECT * FROM retenus ORDER BY {ordre} LIMIT %s OFFSET %s)
            SELECT 'page', row_number() OVER (ORDER BY {ordre}), id, type, score, texte, carte
            FROM (SELECT p.*, d.texte, d.carte FROM page p JOIN recherche_documentrecherche d ON d.id = p.id) x
            UNION ALL
            SELECT 'total', count(*), NULL, NULL, NULL, NULL, NULL FROM retenus
            UNION ALL
            SELECT 'mots', count(*), NULL, NULL, NULL, NULL, NULL FROM trouves WHERE {filtre_type}
            UNION ALL
            SELECT 'palier', {rang_sql}, NULL, NULL, NULL, NULL, NULL
            UNION ALL
            SELECT 'jeton', count(*), NULL, NULL, NULL, jeton, NULL
            FROM (SELECT unnest(facettes_tableau) AS jeton, manque FROM trouves WHERE passes >= %s) j
            WHERE manque IS NULL OR starts_with(jeton, manque) GROUP BY jeton{lexique}
        """
        params = [
            *params_palier,
            *params_manque,
            n,
            *params_score,
            *params_drapeaux,
            *params_condition,
            *params_adequation,
            n,
            fin - debut,
            debut,
            n - 1,
            *params_lexique,
        ]
        lignes = _executer_preparee(sql, params)
        page, comptes, totaux, lexique = [], {}, {}, []
        for genre, nombre, document_id, type_document, score, texte, carte in lignes:
            if genre == "page":
                page.append((nombre, (document_id, type_document, float(score), lire_carte(carte), texte)))
            elif genre == "jeton":
                comptes[texte] = nombre
            elif genre == "lexique":
                lexique.append((texte, type_document))  # (mot, racine)
            else:
                totaux[genre] = nombre
        page = [ligne for _, ligne in sorted(page)]
        return Correspondances(
            page=page,
            total=totaux["total"],
            comptes=comptes,
            avec_les_mots=totaux["mots"],
            palier=paliers[totaux["palier"]],
            connus=connus_parmi(formes_a_verifier, lexique) if formes_a_verifier else None,
        )
