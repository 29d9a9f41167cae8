"""Des modèles aux dictionnaires de l'API (les schémas de schemas.py les décrivent dans l'OpenAPI)."""

from django.utils.html import strip_tags

from osezia.cas_usage.connaissance import TAILLES, adequation_du_cas
from osezia.conformite.ai_act import date_application, version
from osezia.recherche.cartes import absolue, carte_cas_usage, carte_fournisseur, carte_solution
from osezia.utils.sources import normaliser


def _url(request, objet):
    return request.build_absolute_uri(objet.get_absolute_url())


def cas_usage_resume(request, cas):
    return absolue(request, carte_cas_usage(cas))


def cas_usage_detail(request, cas, *, nombre_solutions):
    echeance = date_application(cas.risque_ai_act, cas.ai_act_reference)
    return {
        **cas_usage_resume(request, cas),
        "ce_que_ca_fait": cas.ce_que_ca_fait,
        "exemple": cas.exemple,
        "benefices": cas.benefices,
        "kpi": cas.kpi,
        "prerequis": {
            "donnees": cas.prerequis_donnees,
            "outils": cas.prerequis_outils,
            "competences": cas.prerequis_competences,
        },
        "effort": cas.effort,
        "cout": cas.cout,
        "delai": cas.delai,
        "maturite_offre": cas.maturite_offre,
        "ai_act": {
            "niveau": cas.risque_ai_act,
            "reference": cas.ai_act_reference,
            "explication": cas.ai_act_explication,
        },
        "ai_act_echeance": echeance.__dict__,
        "ai_act_version": version(),
        "rgpd": {"sensibilite": cas.sensibilite_rgpd, "explication": cas.rgpd_explication},
        "transversal": cas.transversal,
        "exigences": {
            "equipement": cas.exigence_equipement,
            "donnees": cas.exigence_donnees,
            "competences": cas.exigence_competences,
        },
        "tailles": [
            {"taille": taille, "adequation": a.statut, "condition_ou_raison": a.texte}
            for taille, a in ((t, adequation_du_cas(cas, t)) for t in TAILLES)
        ],
        "secteurs": [
            {"division": p.division_id, "libelle": p.division.libelle, "force": p.force}
            for p in cas.pertinences.select_related("division").order_by("-force", "division_id")
        ],
        "mots_cles": cas.mots_cles,
        "sources": normaliser(cas.sources),
        "nombre_solutions": nombre_solutions,
    }


def fournisseur_resume(request, f):
    return absolue(request, carte_fournisseur(f))


def fournisseur_detail(request, f, solutions):
    return {
        **fournisseur_resume(request, f),
        "siren": f.siren,
        "description": f.description,
        "site_web": f.site_web,
        "labels": f.labels,
        "source": f.source,
        "solutions": [{"slug": s.slug, "nom": s.nom, "url": _url(request, s)} for s in solutions],
    }


def solution_resume(request, s):
    """Le résumé d'une solution : sa carte (la même que garde l'index de recherche), adresses absolues."""
    return absolue(request, carte_solution(s, s.cas_usage.all()))


def solution_detail(request, s):
    return {
        **solution_resume(request, s),
        "description": s.description,
        "secteurs": [d.code for d in s.secteurs.all()],
        "tailles_cibles": s.tailles_cibles,
        "modele_tarifaire": s.modele_tarifaire,
        "deploiement": s.deploiement,
        "certifications": s.certifications,
        "dpa_rgpd": s.dpa_rgpd,
        "role_ai_act": s.role_ai_act,
        "langues": s.langues,
        "references": s.references,
        "site_web": s.site_web,
        "source": s.source,
        "source_url": s.source_url,
        "credit": s.credit,
        "publiee_le": s.publiee_le,
    }


def facettes(resultats):
    return [
        {
            "cle": f.cle,
            "libelle": f.libelle,
            "valeurs": [v.__dict__ for v in f.valeurs],
        }
        for f in resultats.facettes
    ]


def resultat_recherche(request, r):
    carte = r.carte
    est_cas = r.type == "cas_usage"
    return {
        "type": r.type,
        "slug": carte["slug"],
        "titre": carte["titre"] if est_cas else carte["nom"],
        "resume": carte["resume"] if est_cas else carte["description_courte"],
        "extrait": strip_tags(r.extrait),
        "score": r.score,
        "url": request.build_absolute_uri(carte["url"]),
    }
