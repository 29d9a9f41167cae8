from osezia.api.v1 import besoins, diagnostics, dossiers, erreurs, financements, labels, projets, routes
from osezia.api.v1.openapi import APIOsezia

api = APIOsezia(
    title="API osezia",
    version="1",
    description=(
        "Référentiel des cas d'usage de l'IA par fonction et par secteur (NAF rév. 2), catalogue des solutions "
        "et des fournisseurs publiés : lecture publique, sans compte. Recommandations pour un profil d'entreprise "
        "(POST /diagnostics/recommandations, sans compte, rien n'est enregistré), avec le statut de chaque dispositif de "
        "financement pour chaque recommandation ; dispositifs et sources de chaque fait : GET /financements/. Diagnostics de l'utilisateur : "
        "session du site ou jeton personnel (en-tête Authorization: Bearer …, créé dans « Mon espace »). "
        "Projets IA de l'entreprise (fiche, étapes, indicateurs et mesures, commentaires, chronologie) : /projets/, "
        "mêmes droits que le site. Dossiers de financement (création, pièces en multipart, dépôt, messages ; file "
        "d'instruction, annotations privées, décisions) : /dossiers/. Labels de confiance (registre public en JSON et en CSV ; candidatures, preuves en multipart, décisions motivées par critère) : /labels/. "
        "Mise en relation : besoins de l'entreprise avec les fournisseurs proposés et pourquoi, envoi avec consentement "
        "(/besoins/) ; demandes reçues par un fournisseur, réduites aux champs que l'entreprise montre (/demandes/). Les erreurs sont des objets JSON {detail, erreurs} en français. Les écritures reçoivent du JSON "
        "(Content-Type: application/json ; un autre type : 415). Un jeton personnel expire (401 une fois expiré) "
        "et peut être limité à la lecture (403 pour toute écriture)."
    ),
    urls_namespace="api-v1",
)
erreurs.installer(api)
erreurs.installer_parametres(api)
erreurs.installer_limites(api)
api.add_router("/cas-usage/", routes.cas_usage)
api.add_router("/secteurs/", routes.secteurs)
api.add_router("/solutions/", routes.solutions)
api.add_router("/fournisseurs/", routes.fournisseurs)
api.add_router("/recherche/", routes.recherche)
api.add_router("/export/", routes.export)
api.add_router("/diagnostics/", diagnostics.router)
api.add_router("/financements/", financements.router)
api.add_router("/projets/", projets.router)
api.add_router("/dossiers/", dossiers.router)
api.add_router("/labels/", labels.router)
api.add_router("/besoins/", besoins.besoins)
api.add_router("/demandes/", besoins.demandes)
