"""Tout ce que le rapport montre, calculé une fois pour la page HTML, le PDF et l'API.

L'essentiel d'abord (où en est l'entreprise, ses trois premières actions avec leur coût après aide et le délai avant
un premier résultat, qui peut l'aider, la prochaine étape), puis le détail, sans redite. Les chiffres sont arrondis
une fois ici et montrés tels quels partout (radar, tableau, texte)."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from osezia.catalogue.enums import Hebergement
from osezia.catalogue.models import Solution
from osezia.conformite.ai_act import date_application, echeance, version
from osezia.diagnostic import questionnaire as q
from osezia.diagnostic.enums import Horizon, StatutDiagnostic, niveau_maturite
from osezia.diagnostic.radar import radar_svg
from osezia.financement.eligibilite import Entreprise
from osezia.financement.selectors import dispositifs_actifs, financements_du_projet, financements_generaux
from osezia.recommandation.moteur import Raison
from osezia.utils import dates

SOLUTIONS_PAR_CAS = 3
PREMIERES_ACTIONS = 3
# Une phrase par niveau du Digital Maturity Assessment, pour dire où en est chaque dimension sans jargon.
PHRASES_NIVEAU = {
    "de-base": "tout reste à construire",
    "moyen": "des bases existent, à structurer",
    "moderement-avance": "un socle solide",
    "avance": "un point fort",
}


def arrondi(valeur):
    """Arrondi à l'unité, la moitié vers le haut (62,5 → 63), le même pour le radar, le tableau et le texte."""
    if valeur is None:
        return None
    return int(Decimal(str(valeur)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


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
    demarrage: list  # ce qu'il faut pour démarrer : équipement, données, compétences
    motif_conseiller: str = ""

    @property
    def aide_principale(self):
        """Le financement du projet qui laisse le moins à payer (None : aucun ne réduit le coût) ; le rapport le nomme
        avec son statut, car « à vérifier » n'est pas « acquis »."""
        avec_reste = [e for e in self.financements if e.reste_a_charge is not None]
        return min(avec_reste, key=lambda e: (e.reste_a_charge.minimum, e.reste_a_charge.maximum or 0), default=None)


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
    premieres_actions: list = field(default_factory=list)
    aides: list = field(default_factory=list)
    prochaine_etape: str = ""
    inventaire: list = field(default_factory=list)
    version_questionnaire: str = ""
    source_questionnaire: dict = field(default_factory=dict)
    version_ai_act: str = ""
    ajustements_visibles: bool = False

    @property
    def usages_sans_financement(self):
        """Les usages qu'aucun dispositif de projet ne peut aider : dit une fois, pas sous chaque usage."""
        return [ligne for ligne in self.recommandations if not ligne.financements]


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
            raisons.append("hébergée en France" if solution.hebergement == Hebergement.FRANCE else "hébergée dans l'UE")
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


def _evolution(diagnostic, precedent):
    if precedent is None:
        return None
    dimensions = []
    for d in q.questionnaire().dimensions:
        avant, apres = arrondi(precedent.scores.get(d.cle)), arrondi(diagnostic.scores.get(d.cle))
        ecart = None if avant is None or apres is None else apres - avant
        dimensions.append({"titre": d.titre, "avant": avant, "apres": apres, "ecart": ecart})
    avant = {r.cas_usage_id: r for r in precedent.recommandations.filter(retenue=True).select_related("cas_usage")}
    apres = {r.cas_usage_id: r for r in diagnostic.recommandations.filter(retenue=True).select_related("cas_usage")}
    ecart_global = None
    if precedent.score_global is not None and diagnostic.score_global is not None:
        ecart_global = arrondi(diagnostic.score_global) - arrondi(precedent.score_global)
    return {
        "precedent": precedent,
        "dimensions": dimensions,
        "ecart_global": ecart_global,
        "nouvelles": [r.cas_usage for k, r in apres.items() if k not in avant],
        "sorties": [r.cas_usage for k, r in avant.items() if k not in apres],
    }


def _maturite(diagnostic, dimensions):
    lignes = []
    for d in dimensions:
        score = arrondi(diagnostic.scores.get(d.cle))
        niveau = niveau_maturite(score)
        lignes.append(
            {
                "cle": d.cle,
                "titre": d.titre,
                "score": score,
                "niveau": niveau,
                "phrase": f"{d.titre} : {score}/100, niveau {niveau.label.lower()} — {PHRASES_NIVEAU[niveau]}."
                if niveau
                else f"{d.titre} : non calculé (questions sans réponse).",
            }
        )
    return lignes


def construire(diagnostic, *, vue_conseiller=False, aujourdhui=None):
    """vue_conseiller : le conseiller voit ses ajustements en cours ; l'entreprise ne les voit qu'une fois validés.
    aujourdhui : la date des fenêtres de dépôt (par défaut celle du jour)."""
    aujourdhui = aujourdhui or dates.aujourdhui()
    ajustements_visibles = vue_conseiller or diagnostic.statut == StatutDiagnostic.VALIDE
    dimensions = q.questionnaire().dimensions
    maturite = _maturite(diagnostic, dimensions)
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
                raisons=[Raison.depuis(raison) for raison in r.raisons],
                horizon=horizon,
                horizon_libelle=Horizon(horizon).label,
                ai_act=_ai_act(cas),
                rgpd=_rgpd(cas),
                solutions=_solutions(cas, diagnostic),
                financements=_financements_projet(cas, dispositifs, entreprise, aujourdhui),
                demarrage=cas.exigences,
                motif_conseiller=r.motif_ajustement if ajustements_visibles else "",
            )
        )
    feuille = [
        {"horizon": h.value, "libelle": h.label, "lignes": [ligne for ligne in lignes if ligne.horizon == h.value]}
        for h in Horizon
    ]
    premieres = [ligne for groupe in feuille[:2] for ligne in groupe["lignes"]][:PREMIERES_ACTIONS]
    generaux = financements_generaux(dispositifs=dispositifs, entreprise=entreprise, aujourdhui=aujourdhui)
    scores_arrondis = {m["cle"]: m["score"] for m in maturite}
    score_global = arrondi(diagnostic.score_global)
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
        score_global=score_global,
        niveau_global=niveau_maturite(score_global),
        radar=radar_svg(
            [(d.titre, d.cle) for d in dimensions],
            scores_arrondis,
            {k: arrondi(v) for k, v in precedent.scores.items()} if precedent else None,
        ),
        recommandations=lignes,
        feuille_de_route=feuille,
        financements_generaux=generaux,
        formations=_formations(diagnostic, premieres),
        prochaines_etapes=_prochaines_etapes(diagnostic, lignes, generaux),
        evolution=evolution,
        premieres_actions=premieres,
        aides=_aides(diagnostic, premieres, generaux),
        prochaine_etape=_prochaine_etape(diagnostic, premieres),
        inventaire=list(diagnostic.inventaire.all()) if ajustements_visibles else [],
        version_questionnaire=q.questionnaire().version,
        source_questionnaire=q.questionnaire().source,
        version_ai_act=version(),
        ajustements_visibles=ajustements_visibles,
    )


def _formations(diagnostic, premieres):
    """Qui former, pour quoi : la sensibilisation de toute l'équipe si besoin, puis la personne qui portera chacune des
    premières actions (sans répéter les prérequis, détaillés avec chaque usage)."""
    formations = []
    humain = diagnostic.scores.get("humain")
    if humain is None or humain < 50:
        formations.append(
            "Sensibiliser toute l'équipe à l'IA, à ses limites et à ses règles (maîtrise de l'IA, article 4 du règlement "
            "européen sur l'IA) : c'est le premier pas, quel que soit l'usage choisi."
        )
    a_former = [f"« {ligne.cas.titre} »" for ligne in premieres if ligne.cas.exigence_competences != "aucune"]
    if a_former:
        formations.append(
            f"Former la personne qui suivra au quotidien {', '.join(a_former)} : demandez au fournisseur une prise en "
            "main sur place, souvent comprise dans l'offre."
        )
    return formations


def _aides(diagnostic, premieres, generaux):
    """Qui peut aider : le conseiller ou la CCI, les fournisseurs du catalogue pour les premières actions, et le
    diagnostic accompagné quand il est accessible."""
    aides = []
    if diagnostic.conseiller:
        aides.append(f"Votre conseiller, {diagnostic.conseiller.nom_affiche}, qui suit ce diagnostic.")
    else:
        aides.append(
            "Votre chambre de commerce et d'industrie (CCI) : ses conseillers accompagnent les entreprises du plan "
            "« Osez l'IA » ; partagez-lui ce diagnostic (rubrique « Partager »)."
        )
    avec_solutions = [ligne for ligne in premieres if ligne.solutions]
    if avec_solutions:
        noms = ", ".join(
            f"{len(ligne.solutions)} solution{'s' if len(ligne.solutions) > 1 else ''} pour « {ligne.cas.titre} »"
            for ligne in avec_solutions
        )
        aides.append(f"Des fournisseurs du catalogue osezia, comparés plus bas : {noms}.")
    diagnostic_accompagne = next((e for e in generaux if e.dispositif.slug == "diagnostic-data-ia"), None)
    if diagnostic_accompagne and diagnostic_accompagne.peut_aider:
        aides.append(
            f"Un expert du Diagnostic Data-IA (Bpifrance) : {diagnostic_accompagne.libelle.lower()} pour votre "
            "entreprise, voir les financements."
        )
    return aides


def _prochaine_etape(diagnostic, premieres):
    if not premieres:
        return "Parler de ce diagnostic avec votre CCI ou votre conseiller pour choisir un premier usage."
    titre = premieres[0].cas.titre
    if premieres[0].solutions:
        return f"Cette semaine : comparer deux ou trois solutions pour « {titre} » (liste plus bas) et en demander une démonstration."
    return f"Cette semaine : en parler avec votre CCI ou votre conseiller pour trouver qui peut réaliser « {titre} »."


def _prochaines_etapes(diagnostic, lignes, generaux):
    """Ce qui vient après les premières actions (celles-ci, l'aide et la prochaine étape sont dans « L'essentiel »)."""
    etapes = []
    plus_tard = [ligne for ligne in lignes if ligne.horizon == Horizon.PLUS_TARD]
    if plus_tard:
        etapes.append(
            "Revoir les usages « plus tard » quand leur condition sera remplie : la raison est donnée avec chacun."
        )
    etapes.append(
        f"Refaire le diagnostic dans six à douze mois et le comparer à celui {diagnostic.libelle} pour mesurer les progrès."
    )
    return etapes
