from datetime import date, datetime

from ninja import Field, Schema


class Erreur(Schema):
    detail: str = Field(description="le problème, en français")
    erreurs: dict[str, list[str]] | None = Field(None, description="{champ: [messages]} quand des champs sont en cause")


def erreurs(*codes):
    """Les réponses d'erreur qu'une opération peut donner, toutes au format Erreur."""
    return dict.fromkeys(codes, Erreur)


class Source(Schema):
    titre: str
    statut: str = Field(description="lu (le document a été lu) ou a_confirmer (cité sans relecture)")
    document: str = Field(description="le document lu : seeds/… (documents du plan) ou un fichier du dépôt")
    passage: str = Field(description="la partie du document qui porte le fait")
    date: str = Field(description="date du document (AAAA-MM-JJ, AAAA-MM ou AAAA), jamais une date de consultation")
    note: str


class FonctionResume(Schema):
    slug: str
    nom: str


class CasUsageResume(Schema):
    slug: str
    titre: str
    resume: str
    fonction: FonctionResume
    risque_ai_act: str
    url: str


class Pertinence(Schema):
    division: str
    libelle: str
    force: int


class Echeance(Schema):
    date: date
    libelle: str
    reference: str
    date_initiale: date | None = None


class AdequationTaille(Schema):
    taille: str = Field(description="TPE, PME, ETI ou GE")
    adequation: str = Field(description="adaptee, sous-conditions ou inadaptee")
    condition_ou_raison: str


class CasUsageDetail(CasUsageResume):
    ce_que_ca_fait: str
    exemple: str
    benefices: list[str]
    kpi: str
    prerequis: dict[str, str]
    effort: str
    cout: str
    delai: str
    maturite_offre: str
    ai_act: dict[str, str]
    ai_act_echeance: Echeance
    ai_act_version: str
    rgpd: dict[str, str]
    transversal: bool
    exigences: dict[str, str] = Field(description="equipement, donnees, competences : ce qu'il faut pour démarrer")
    tailles: list[AdequationTaille]
    secteurs: list[Pertinence]
    mots_cles: list[str]
    sources: list[Source]
    nombre_solutions: int


class ListeCasUsage(Schema):
    nombre: int
    resultats: list[CasUsageResume]


class SecteurNoeud(Schema):
    code: str
    niveau: str
    libelle: str
    enfants: list["SecteurNoeud"] = []


class UsageDuSecteur(Schema):
    slug: str
    titre: str
    force: int = Field(description="3 prioritaire, 2 fréquent, 1 utile, 0 utile partout (transversal)")
    adequation_taille: str = Field(description="adaptee, sous-conditions ou inadaptee pour la taille demandée")
    condition_ou_raison: str = Field(description="la condition à remplir, ou pourquoi l'usage ne convient pas")


class SecteurDetail(Schema):
    code: str
    niveau: str
    libelle: str
    parent: str | None
    division: str | None
    section: str | None
    enfants: list[dict[str, str]]
    metier: str | None = Field(description="le métier dont la connaissance s'applique (sinon celle de la division)")
    taille: str | None = Field(description="la taille demandée (TPE, PME, ETI, GE), qui classe les usages")
    cas_usage: list[UsageDuSecteur] = Field(
        description="adaptés à la taille d'abord (les plus fréquents et les plus simples à démarrer), puis sous "
        "condition, puis inadaptés ; les usages utiles partout en dernier"
    )


class FournisseurResume(Schema):
    slug: str
    nom: str
    region: str | None
    categorie_taille: str
    est_demo: bool
    url: str


class FournisseurDetail(FournisseurResume):
    siren: str | None
    description: str
    site_web: str
    labels: list[str]
    source: str
    solutions: list[dict[str, str]]


class Completude(Schema):
    score: int = Field(description="0 à 100 : part des informations utiles renseignées")
    complete: bool = Field(description="« fiche complète » : fournisseur, prix, hébergement et accord RGPD connus")
    manque: list[str] = Field(description="ce que la fiche ne dit pas")


class SolutionResume(Schema):
    slug: str
    nom: str
    description_courte: str
    fournisseur: FournisseurResume | None
    cas_usage: list[str]
    tranche_prix: str
    hebergement: str
    est_demo: bool
    origine: str
    completude: Completude
    url: str


class SolutionDetail(SolutionResume):
    description: str
    secteurs: list[str]
    tailles_cibles: list[str]
    modele_tarifaire: str
    deploiement: str
    certifications: list[str]
    dpa_rgpd: bool | None
    role_ai_act: str
    langues: list[str]
    references: str
    site_web: str
    source: str
    source_url: str
    credit: str
    publiee_le: datetime | None


class ValeurFacette(Schema):
    valeur: str
    libelle: str
    nombre: int
    selectionnee: bool


class Facette(Schema):
    cle: str
    libelle: str
    valeurs: list[ValeurFacette]


class ResultatRecherche(Schema):
    type: str
    slug: str
    titre: str
    resume: str
    extrait: str
    score: float
    url: str


class PageSolutions(Schema):
    nombre: int
    page: int
    pages: int
    par_page: int
    requete_corrigee: str
    tous_les_mots: bool
    resultats: list[SolutionResume]
    facettes: list[Facette]


class PageRecherche(Schema):
    nombre: int
    page: int
    pages: int
    par_page: int
    requete_corrigee: str
    tous_les_mots: bool
    resultats: list[ResultatRecherche]
    facettes: list[Facette]


class PageFournisseurs(Schema):
    nombre: int
    page: int
    pages: int
    resultats: list[FournisseurResume]
