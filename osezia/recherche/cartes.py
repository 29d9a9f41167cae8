"""La carte d'une fiche : ce qu'en montrent un résultat de recherche et le résumé de l'API.

Écrite dans l'index avec le document (`DocumentRecherche.carte`) : afficher une page de résultats ne relit ni les
solutions, ni leurs fournisseurs. Les adresses y sont relatives ; l'API les rend absolues (`absolue`). Tout ce qui
change une carte réindexe la fiche (voir signaux.py).
"""


def carte_cas_usage(cas):
    return {
        "slug": cas.slug,
        "titre": cas.titre,
        "resume": cas.resume,
        "fonction": {"slug": cas.fonction.slug, "nom": cas.fonction.nom},
        "risque_ai_act": cas.risque_ai_act,
        "url": cas.get_absolute_url(),
    }


def carte_fournisseur(fournisseur):
    return {
        "slug": fournisseur.slug,
        "nom": fournisseur.nom,
        "region": fournisseur.region.nom if fournisseur.region_id else None,
        "categorie_taille": fournisseur.categorie_taille,
        "est_demo": fournisseur.est_demo,
        "url": fournisseur.get_absolute_url(),
    }


def carte_solution(solution, cas_usage, labels=()):
    """`cas_usage` : les cas d'usage de la solution, déjà chargés ; `labels` : ses labels valides."""
    return {
        "slug": solution.slug,
        "nom": solution.nom,
        "description_courte": solution.description_courte,
        "fournisseur": carte_fournisseur(solution.fournisseur) if solution.fournisseur_id else None,
        "cas_usage": [c.slug for c in cas_usage],
        "tranche_prix": solution.tranche_prix,
        "hebergement": solution.hebergement,
        "est_demo": solution.est_demo,
        "origine": solution.origine,
        "source": solution.source,
        "completude": solution.completude.en_donnees(),
        "labels": [
            {"code": label.regime.code, "nom": label.regime.nom, "demo": label.regime.est_demo or label.est_demo}
            for label in labels
        ],
        "url": solution.get_absolute_url(),
    }


def absolue(request, carte):
    """La carte avec des adresses absolues (celles de l'API), la sienne et celle de son fournisseur."""
    resultat = {**carte, "url": request.build_absolute_uri(carte["url"])}
    if resultat.get("fournisseur"):
        resultat["fournisseur"] = absolue(request, resultat["fournisseur"])
    return resultat
