"""L'OpenAPI servi est le contrat de l'API : on y complète ce que django-ninja ne peut pas dire seul.

- Les valeurs permises tirées de la base (fonctions, secteurs, cas d'usage, régions, codes NAF) : un schéma marqué
  `x-valeurs-en-base` reçoit son `enum` au moment où l'OpenAPI est demandé, jamais au chargement du code.
- Les textes reçus (paramètres et corps) ne portent pas de caractère nul : `RefusCaractereNulMiddleware` le refuse
  (400), le schéma le dit par un `pattern`."""

import copy

from ninja import NinjaAPI

SANS_CARACTERE_NUL = "^[^\\x00]*$"
CLE_VALEURS = "x-valeurs-en-base"


def _fonctions():
    from osezia.cas_usage.models import FonctionMetier

    return list(FonctionMetier.objects.order_by("slug").values_list("slug", flat=True))


def _secteurs_de_filtre():
    from osezia.referentiels.enums import NiveauNAF
    from osezia.referentiels.models import SecteurNAF

    return list(
        SecteurNAF.objects.filter(niveau__in=[NiveauNAF.SECTION, NiveauNAF.DIVISION])
        .order_by("code")
        .values_list("code", flat=True)
    )


def _cas_publies():
    from osezia.cas_usage.models import CasUsage

    return list(CasUsage.objects.publies().order_by("slug").values_list("slug", flat=True))


def _regions():
    from osezia.referentiels.models import Region

    return list(Region.objects.order_by("code").values_list("code", flat=True))


def _naf_de_profil():
    from osezia.referentiels.enums import NiveauNAF
    from osezia.referentiels.models import SecteurNAF

    codes = SecteurNAF.objects.filter(niveau__in=[NiveauNAF.SOUS_CLASSE, NiveauNAF.DIVISION]).order_by("code")
    return list(codes.values_list("code", flat=True))


VALEURS_EN_BASE = {
    "fonctions": _fonctions,
    "secteurs": _secteurs_de_filtre,
    "cas": _cas_publies,
    "regions": _regions,
    "naf": _naf_de_profil,
}


def valeurs_en_base(nom, *, vide_permis=False):
    """À mettre dans le schéma d'un texte dont les valeurs permises sont en base ; `vide_permis` : "" l'est aussi."""
    return {CLE_VALEURS: nom, **({"x-vide-permis": True} if vide_permis else {})}


def _completer(noeud, valeurs, *, entree):
    if isinstance(noeud, list):
        for element in noeud:
            _completer(element, valeurs, entree=entree)
        return
    if not isinstance(noeud, dict):
        return
    nom = noeud.pop(CLE_VALEURS, None)
    vide_permis = noeud.pop("x-vide-permis", False)
    if nom is not None:
        if nom not in valeurs:
            valeurs[nom] = VALEURS_EN_BASE[nom]()
        noeud["enum"] = ([""] if vide_permis else []) + valeurs[nom]
    elif entree and noeud.get("type") == "string" and not ({"enum", "const", "pattern", "format"} & set(noeud)):
        noeud["pattern"] = SANS_CARACTERE_NUL
    for cle, valeur in noeud.items():
        if cle != "enum":
            _completer(valeur, valeurs, entree=entree)


def _schemas_d_entree(schema):
    """Les noms des composants lus dans les corps de requête (et ceux qu'ils référencent)."""
    composants = schema.get("components", {}).get("schemas", {})
    a_voir, vus = [], set()

    def references(noeud):
        if isinstance(noeud, dict):
            ref = noeud.get("$ref", "")
            if ref.startswith("#/components/schemas/"):
                a_voir.append(ref.rsplit("/", 1)[1])
            for valeur in noeud.values():
                references(valeur)
        elif isinstance(noeud, list):
            for valeur in noeud:
                references(valeur)

    for operations in schema["paths"].values():
        for operation in operations.values():
            references(operation.get("requestBody", {}))
    while a_voir:
        nom = a_voir.pop()
        if nom not in vus and nom in composants:
            vus.add(nom)
            references(composants[nom])
    return vus


class APIOsezia(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        # Une copie : les dictionnaires des décorateurs (openapi_extra) y sont repris tels quels, ils restent intacts.
        schema = copy.deepcopy(dict(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)))
        valeurs = {}
        entrees = _schemas_d_entree(schema)
        for operations in schema["paths"].values():
            for operation in operations.values():
                _completer(operation.get("parameters", []), valeurs, entree=True)
                _completer(operation.get("requestBody", {}), valeurs, entree=True)
                _completer(operation.get("responses", {}), valeurs, entree=False)
        for nom, composant in schema.get("components", {}).get("schemas", {}).items():
            _completer(composant, valeurs, entree=nom in entrees)
        return schema
