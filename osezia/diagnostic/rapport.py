"""Tout ce que le rapport montre, calculé une fois pour la page HTML, le PDF et l'API."""

from dataclasses import dataclass, field

from osezia.catalogue.enums import Hebergement
from osezia.catalogue.models import Solution
from osezia.conformite.ai_act import date_application, echeance, version
from osezia.diagnostic import questionnaire as q
from osezia.diagnostic.enums import Horizon, StatutDiagnostic, niveau_maturite
from osezia.diagnostic.radar import radar_svg
from osezia.financement.eligibilite import Entreprise
from osezia.financement.selectors import dispositifs_actifs, financements_du_projet, financements_generaux
from osezia.utils import dates

SOLUTIONS_PAR_CAS = 3
ORDRE_HEBERGEMENT = {Hebergement.FRANCE: 0, Hebergement.UE: 1, Hebergement.NON_COMMUNIQUE: 2, Hebergement.HORS_UE: 3}


@dataclass
class LigneRecommandation:
    recommandation: object
    cas: object
    raisons: list
    horizon: str
    horizon_libelle: str
    ai_act: dict
    rgpd: dict
    solutions: list
    financements: list
    formation: str
    motif_conseiller: str = ""


@dataclass
class Rapport:
    diagnostic: object
    entreprise: dict
    maturite: list
    score_global: float | None
    niveau_global: str | None
    radar: str
    recommandations: list
    feuille_de_route: list
    financements_generaux: list
    formations: list
    prochaines_etapes: list
    evolution: dict | None
    inventaire: list = field(default_factory=list)
    version_questionnaire: str = ""
    source_questionnaire: dict = field(default_factory=dict)
    version_ai_act: str = ""
    ajustements_visibles: bool = False


def entreprise_eligibilite(diagnostic):
    naf = diagnostic.naf
    return Entreprise(
        effectif=diagnostic.effectif,
        chiffre_affaires=diagnostic.chiffre_affaires,
        categorie=None if diagnostic.categorie_taille == "inconnue" else diagnostic.categorie_taille,
        naf=diagnostic.naf_id or "",
        section=naf.section_id if naf else "",
        region=diagnostic.region_id or "",
    )


def _solutions(cas, diagnostic):
    """Les solutions publiées du cas d'usage les mieux adaptées : secteur, taille, hébergement en France ou dans l'UE."""
    candidates = (
        Solution.objects.publiees()
        .filter(cas_usage=cas)
        .select_related("fournisseur")
        .prefetch_related("secteurs")
        .order_by("est_demo", "nom")[:200]
    )
    division = (diagnostic.naf_id or "")[:2]
    classees = []
    for solution in candidates:
        secteurs = {s.code for s in solution.secteurs.all()}
        raisons, points = [], 0
        if division and division in secteurs:
            raisons.append("conçue pour votre secteur")
            points += 3
        elif not secteurs:
            points += 1
        if diagnostic.categorie_taille in solution.tailles_cibles:
            raisons.append(f"adaptée aux {diagnostic.categorie_taille}")
            points += 2
        if solution.hebergement in (Hebergement.FRANCE, Hebergement.UE):
            raisons.append(
                solution.get_hebergement_display()
                .lower()
                .replace("en ", "hébergée en ", 1)
                .replace("dans l'", "hébergée dans l'", 1)
            )
            points += 1
        classees.append((-points, ORDRE_HEBERGEMENT.get(solution.hebergement, 9), solution.nom, solution, raisons))
    classees.sort(key=lambda e: e[:3])
    return [{"solution": s, "raisons": r} for *_, s, r in classees[:SOLUTIONS_PAR_CAS]]


def _ai_act(cas):
    reponse = {
        "niveau": cas.get_risque_ai_act_display(),
        "code": cas.risque_ai_act,
        "reference": cas.ai_act_reference,
        "explication": cas.ai_act_explication,
        "echeance": date_application(cas.risque_ai_act, cas.ai_act_reference),
        "obligations": [],
    }
    if cas.risque_ai_act == "transparence":
        reponse["obligations"].append(
            "Dire clairement aux personnes qu'elles ont affaire à une IA ou à un contenu généré (article 50)."
        )
    if cas.risque_ai_act in ("haut-risque", "haut-risque-possible"):
        reponse["obligations"].append(
            "Si l'usage est à haut risque : système conforme choisi auprès du fournisseur, contrôle humain, "
            "information des personnes concernées, conservation des journaux (obligations des déployeurs, article 26)."
        )
    litteratie = echeance("prohibitions_and_general_provisions")
    reponse["obligations"].append(
        f"Former et informer les personnes qui utilisent l'outil (maîtrise de l'IA, article 4, depuis le {litteratie.date:%d/%m/%Y})."
    )
    return reponse


def _rgpd(cas):
    return {
        "sensibilite": cas.get_sensibilite_rgpd_display(),
        "code": cas.sensibilite_rgpd,
        "explication": cas.rgpd_explication,
        "aipd": cas.sensibilite_rgpd == "forte",
    }


def _financements_projet(cas, dispositifs, entreprise, aujourdhui):
    """Seulement les dispositifs qui peuvent aider ce projet ; les non adaptés et non éligibles sont dans l'API."""
    tous = financements_du_projet(dispositifs=dispositifs, entreprise=entreprise, cas=cas, aujourdhui=aujourdhui)
    return [e for e in tous if e.peut_aider]


def _formation_cas(cas):
    return f"Prise en main de l'usage : {cas.prerequis_competences}"


def _evolution(diagnostic, precedent):
    if precedent is None:
        return None
    dimensions = []
    for d in q.questionnaire().dimensions:
        avant, apres = precedent.scores.get(d.cle), diagnostic.scores.get(d.cle)
        ecart = None if avant is None or apres is None else round(apres - avant, 1)
        dimensions.append({"titre": d.titre, "avant": avant, "apres": apres, "ecart": ecart})
    avant = {r.cas_usage_id: r for r in precedent.recommandations.filter(retenue=True).select_related("cas_usage")}
    apres = {r.cas_usage_id: r for r in diagnostic.recommandations.filter(retenue=True).select_related("cas_usage")}
    ecart_global = None
    if precedent.score_global is not None and diagnostic.score_global is not None:
        ecart_global = round(diagnostic.score_global - precedent.score_global, 1)
    return {
        "precedent": precedent,
        "dimensions": dimensions,
        "ecart_global": ecart_global,
        "nouvelles": [r.cas_usage for k, r in apres.items() if k not in avant],
        "sorties": [r.cas_usage for k, r in avant.items() if k not in apres],
    }


def construire(diagnostic, *, vue_conseiller=False, aujourdhui=None):
    """vue_conseiller : le conseiller voit ses ajustements en cours ; l'entreprise ne les voit qu'une fois validés.
    aujourdhui : la date des fenêtres de dépôt (par défaut celle du jour)."""
    aujourdhui = aujourdhui or dates.aujourdhui()
    ajustements_visibles = vue_conseiller or diagnostic.statut == StatutDiagnostic.VALIDE
    dimensions = q.questionnaire().dimensions
    maturite = [
        {
            "cle": d.cle,
            "titre": d.titre,
            "score": diagnostic.scores.get(d.cle),
            "niveau": niveau_maturite(diagnostic.scores.get(d.cle)),
        }
        for d in dimensions
    ]
    precedent = diagnostic.precedent()
    evolution = _evolution(diagnostic, precedent)
    if evolution:
        for ligne, ecart in zip(maturite, evolution["dimensions"], strict=True):
            ligne["ecart"] = ecart["ecart"]
    dispositifs, entreprise = dispositifs_actifs(), entreprise_eligibilite(diagnostic)
    recommandations = list(diagnostic.recommandations.select_related("cas_usage__fonction"))
    if ajustements_visibles:
        recommandations = [r for r in recommandations if r.retenue]
        recommandations.sort(key=lambda r: (r.rang, r.rang_auto))
    lignes = []
    for r in recommandations:
        cas = r.cas_usage
        horizon = r.horizon if ajustements_visibles else r.horizon_auto
        lignes.append(
            LigneRecommandation(
                recommandation=r,
                cas=cas,
                raisons=r.raisons,
                horizon=horizon,
                horizon_libelle=Horizon(horizon).label,
                ai_act=_ai_act(cas),
                rgpd=_rgpd(cas),
                solutions=_solutions(cas, diagnostic),
                financements=_financements_projet(cas, dispositifs, entreprise, aujourdhui),
                formation=_formation_cas(cas),
                motif_conseiller=r.motif_ajustement if ajustements_visibles else "",
            )
        )
    feuille = [
        {"horizon": h.value, "libelle": h.label, "lignes": [ligne for ligne in lignes if ligne.horizon == h.value]}
        for h in Horizon
    ]
    humain = diagnostic.scores.get("humain")
    formations = []
    if humain is None or humain < 50:
        formations.append(
            "Sensibiliser toute l'équipe à l'IA, à ses limites et à ses règles (maîtrise de l'IA, article 4 du règlement "
            "européen sur l'IA) : c'est le premier pas, quel que soit l'usage choisi."
        )
    formations += [ligne.formation for ligne in lignes[:3]]
    generaux = financements_generaux(dispositifs=dispositifs, entreprise=entreprise, aujourdhui=aujourdhui)
    return Rapport(
        diagnostic=diagnostic,
        entreprise={
            "nom": diagnostic.entreprise.nom,
            "siren": diagnostic.entreprise.siren,
            "naf": diagnostic.naf,
            "effectif": diagnostic.effectif,
            "chiffre_affaires": diagnostic.chiffre_affaires,
            "region": diagnostic.region,
            "categorie": diagnostic.get_categorie_taille_display(),
        },
        maturite=maturite,
        score_global=diagnostic.score_global,
        niveau_global=niveau_maturite(diagnostic.score_global),
        radar=radar_svg(
            [(d.titre, d.cle) for d in dimensions], diagnostic.scores, precedent.scores if precedent else None
        ),
        recommandations=lignes,
        feuille_de_route=feuille,
        financements_generaux=generaux,
        formations=formations,
        prochaines_etapes=_prochaines_etapes(diagnostic, lignes, generaux),
        evolution=evolution,
        inventaire=list(diagnostic.inventaire.all()) if ajustements_visibles else [],
        version_questionnaire=q.questionnaire().version,
        source_questionnaire=q.questionnaire().source,
        version_ai_act=version(),
        ajustements_visibles=ajustements_visibles,
    )


def _prochaines_etapes(diagnostic, lignes, generaux):
    etapes = []
    rapides = [ligne for ligne in lignes if ligne.horizon == Horizon.RAPIDE]
    if rapides:
        etapes.append(
            f"Lancer une première action rapide : « {rapides[0].cas.titre} ». Comparez deux ou trois solutions (liste ci-dessous)."
        )
    diagnostic_accompagne = next((e for e in generaux if e.dispositif.slug == "diagnostic-data-ia"), None)
    if diagnostic_accompagne and diagnostic_accompagne.peut_aider and diagnostic.statut != StatutDiagnostic.VALIDE:
        etapes.append(
            "Approfondir avec un Diagnostic Data-IA : environ dix jours d'un expert, cofinancés par le plan « Osez l'IA » "
            "(voir les financements et les points à vérifier)."
        )
    etapes.append(
        "Partager ce diagnostic avec votre CCI ou votre conseiller pour être accompagné (rubrique « Partager »)."
    )
    etapes.append("Refaire le diagnostic dans six à douze mois pour mesurer les progrès (T0 → T1).")
    return etapes
