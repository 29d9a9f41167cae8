"""Le classement de l'appariement en une requête PostgreSQL : contraintes dures, pertinence (ts_rank), confiance et
score calculés dans la base, une ligne par fournisseur (sa meilleure solution), les `nombre` premières seulement.

Même règle que `appariement._classer_en_python` (SQLite), qui la lit ligne à ligne en Python : à 100 000 fiches,
un cas d'usage compte des milliers de candidates, et les remonter toutes dans Python coûtait 200 ms."""

import json

from django.db import connection

from osezia.catalogue.enums import Deploiement, Hebergement, StatutSolution, TranchePrix
from osezia.labels.models import RegimeLabel
from osezia.recherche.enums import TypeDocument
from osezia.recherche.models import DocumentRecherche
from osezia.recherche.moteurs.postgresql import MoteurPostgreSQL
from osezia.relations import appariement
from osezia.relations.enums import HebergementExige, StatutAvis

# En dessous, ts_rank n'a trouvé aucun mot du besoin (il rend 1e-20, pas 0).
SEUIL_PERTINENCE = 1e-6


def _conditions(besoin, taille, ecartes, parmi):
    """(conditions WHERE, paramètres, [(expression « à vérifier », paramètres)])."""
    where = ["s.statut = %s", "s.fournisseur_id IS NOT NULL"]
    params = [StatutSolution.PUBLIEE]
    verifier = []
    if ecartes:
        where.append("NOT (s.fournisseur_id = ANY(%s))")
        params.append(list(ecartes))
    if parmi is not None:
        where.append("s.fournisseur_id = ANY(%s)")
        params.append(list(parmi))
    if not besoin.entreprise.est_demo:
        where.append("NOT s.est_demo AND NOT o.est_demo")
    if taille in appariement.LIBELLES_TAILLE:
        where.append("(s.tailles_cibles = '[]'::jsonb OR s.tailles_cibles @> %s::jsonb)")
        params.append(json.dumps([taille]))
        verifier.append(("(s.tailles_cibles = '[]'::jsonb)::int", []))
    if besoin.certifications:
        where.append("s.certifications @> %s::jsonb")
        params.append(json.dumps(list(besoin.certifications)))
    if besoin.langues:
        where.append("(s.langues = '[]'::jsonb OR s.langues @> %s::jsonb)")
        params.append(json.dumps(list(besoin.langues)))
        verifier.append(("(s.langues = '[]'::jsonb)::int * %s", [len(besoin.langues)]))
    if besoin.hebergement == HebergementExige.FRANCE:
        where.append("NOT (s.hebergement = ANY(%s))")
        params.append([Hebergement.UE, Hebergement.HORS_UE])
    elif besoin.hebergement == HebergementExige.UE:
        where.append("s.hebergement <> %s")
        params.append(Hebergement.HORS_UE)
    if besoin.hebergement != HebergementExige.INDIFFERENT:
        verifier.append(("(s.hebergement = %s)::int", [Hebergement.NON_COMMUNIQUE]))
    if besoin.sur_site:
        where.append("s.deploiement <> %s")
        params.append(Deploiement.SAAS)
        verifier.append(("(s.deploiement = %s)::int", [Deploiement.NON_COMMUNIQUE]))
    hors_budget = appariement._tranches_hors_budget(besoin.budget)
    if hors_budget:
        where.append("NOT (s.tranche_prix = ANY(%s))")
        params.append(hors_budget)
    if besoin.budget in appariement.PLAFOND_BUDGET:
        verifier.append(("(s.tranche_prix = ANY(%s))::int", [[TranchePrix.NON_COMMUNIQUE, TranchePrix.SUR_DEVIS]]))
    if besoin.intervention_sur_place and besoin.region_id:
        where.append("(o.region_id IS NULL OR o.region_id = %s)")
        params.append(besoin.region_id)
        verifier.append(("(o.region_id IS NULL)::int", []))
    return where, params, verifier


def classer_en_sql(besoin, analyse, ecartes, nombre, parmi=None):
    taille = besoin.entreprise.categorie_taille
    where, params_where, verifier = _conditions(besoin, taille, ecartes, parmi)
    texte_sql, params_texte = (None, [])
    if not analyse.vide:
        texte_sql, params_texte = MoteurPostgreSQL().tsquery(analyse, minimum=1)
    requete = f"({texte_sql})" if texte_sql else "NULL::tsquery"
    # ts_rank seul (sans tester `@@` avant) : sans mot commun il rend un score négligeable, compté comme nul.
    pertinence = "ts_rank(d.vecteur, r.q)" if texte_sql else "0::real"
    a_verifier = " + ".join(expression for expression, _ in verifier) or "0"
    params_verifier = [p for _, ps in verifier for p in ps]
    labels = ["label:" + code for code in RegimeLabel.objects.values_list("code", flat=True)]
    examines = appariement._examines(besoin, taille)
    adequation = "(%s - a_verifier)::float / %s" if examines else "1.0"
    params_adequation = [examines, examines] if examines else []
    sql = f"""
        WITH r AS (SELECT {requete} AS q),
        notes AS (
            SELECT fournisseur_id, avg(note)::float AS moyenne, count(*) AS nombre FROM relations_avis
            WHERE statut = %s GROUP BY fournisseur_id
        ),
        candidates AS (
            SELECT s.id, s.fournisseur_id, d.completude, ({a_verifier}) AS a_verifier, {pertinence} AS pertinence,
                   d.facettes_tableau && %s::text[] AS label
            FROM catalogue_solution s
            JOIN organisations_organisation o ON o.id = s.fournisseur_id
            JOIN recherche_documentrecherche d ON d.type = 'solution' AND d.objet_id = s.id
            CROSS JOIN r
            -- Les solutions du cas d'usage en un tableau : `s.id = ANY(ARRAY(…))` se lit par la clé primaire, quand
            -- une jointure sur la table de liaison faisait parcourir les 100 000 fiches au planificateur.
            WHERE s.id = ANY(ARRAY(SELECT solution_id FROM catalogue_solution_cas_usage WHERE casusage_id = %s))
              AND {" AND ".join(where)}
        ),
        notees AS (
            SELECT c.*, n.moyenne, coalesce(n.nombre, 0) AS nombre_avis,
                   count(*) OVER (PARTITION BY c.fournisseur_id) - 1 AS autres,
                   coalesce(nullif(max(c.pertinence) OVER (), 0), 1) AS meilleure
            FROM candidates c LEFT JOIN notes n ON n.fournisseur_id = c.fournisseur_id
        ),
        scores AS (
            SELECT *, pertinence / meilleure AS relative,
                   %s * pertinence / meilleure + %s * {adequation} + %s * label::int
                   + %s * completude / 100.0 - %s * a_verifier + %s * coalesce(moyenne, 0) / 5 AS score
            FROM notees
        ),
        meilleures AS (
            SELECT DISTINCT ON (fournisseur_id) * FROM scores ORDER BY fournisseur_id, score DESC, id
        )
        SELECT id, fournisseur_id, score, relative, completude, autres, moyenne, nombre_avis
        FROM meilleures ORDER BY score DESC, id LIMIT %s
    """
    params = [
        *params_texte, StatutAvis.PUBLIE, *params_verifier, labels, besoin.cas_usage_id, *params_where,
        appariement.POIDS_PERTINENCE, appariement.POIDS_ADEQUATION, *params_adequation, appariement.POIDS_LABEL,
        appariement.POIDS_COMPLETUDE, appariement.PENALITE_A_VERIFIER, appariement.POIDS_AVIS, nombre,
    ]  # fmt: skip
    with connection.cursor() as curseur:
        curseur.execute(sql, params)
        lignes = curseur.fetchall()
    # Les codes des labels, pour les seules lignes rendues.
    jetons = dict(
        DocumentRecherche.objects.filter(
            type=TypeDocument.SOLUTION, objet_id__in=[ligne[0] for ligne in lignes]
        ).values_list("objet_id", "facettes")
    )
    return [
        appariement.Classee(
            solution_id,
            fournisseur_id,
            float(score),
            float(relative) if relative > SEUIL_PERTINENCE else 0.0,
            completude,
            sorted(j.removeprefix("label:") for j in jetons.get(solution_id, "").split() if j.startswith("label:")),
            autres,
            moyenne,
            nombre_avis,
        )  # fmt: skip
        for solution_id, fournisseur_id, score, relative, completude, autres, moyenne, nombre_avis in lignes
    ]
