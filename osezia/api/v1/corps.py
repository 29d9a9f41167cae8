"""Corps des écritures de l'API : du JSON seulement (415 sinon), lisible (400 sinon), en texte Unicode valide."""

import json

from ninja.errors import HttpError
from ninja.params.models import Body, BodyModel

from osezia.utils.texte import un_texte_json

TYPE_JSON = "application/json"


def _encodable(texte):
    try:
        texte.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _demi_paire_isolee(valeur):
    """Vrai si un texte du JSON porte une demi-paire UTF-16 isolée (« \\ud800 ») : aucune base ne l'enregistre."""
    return un_texte_json(valeur, lambda texte: not _encodable(texte))


class CorpsJSONModel(BodyModel):
    @classmethod
    def get_request_data(cls, request, api, path_params):
        type_contenu = (request.content_type or "").lower()
        a_un_corps = int(request.META.get("CONTENT_LENGTH") or 0) > 0
        # Le type se vérifie avant de lire le corps : un formulaire multipart déjà lu n'a plus de corps brut.
        if type_contenu != TYPE_JSON and (a_un_corps or type_contenu):
            raise HttpError(
                415,
                f"Type de contenu non accepté : « {type_contenu or 'aucun'} ». Envoyez du JSON avec l'en-tête "
                f"Content-Type: {TYPE_JSON}.",
            )
        if not request.body:
            return None
        try:
            donnees = json.loads(request.body)
        except ValueError:
            raise HttpError(
                400, "Le corps de la requête n'est pas du JSON valide (vérifiez les guillemets et les virgules)."
            )
        if _demi_paire_isolee(donnees):
            raise HttpError(
                400, "Le corps de la requête contient un caractère invalide (demi-paire UTF-16 isolée) : retirez-le."
            )
        nom = getattr(cls, "__read_from_single_attr__", None)
        return {nom: donnees} if nom else donnees


class CorpsJSON(Body):
    """À la place de Body : `donnees: Annotated[Schema, CorpsJSON(...)]`."""

    _model = CorpsJSONModel

    @classmethod
    def _param_source(cls):
        return "body"
