"""Fabriques du diagnostic : on passe par les services, comme le fait le site, pour des données cohérentes."""

from osezia.diagnostic import questionnaire as q
from osezia.diagnostic import services
from osezia.organisations.models import Consentement
from tests.comptes.factories import UtilisateurFactory
from tests.organisations.factories import MembreFactory, OrganisationFactory


def reponses(indice=1):
    """Une réponse à chaque question : le choix n° indice (sans « Je ne sais pas »), la case n° indice des cases."""
    resultat = {}
    for question in q.questionnaire().questions.values():
        choix = question.choix[:-1] if question.type == "unique" else question.choix
        resultat[question.cle] = (
            [choix[min(indice, len(choix) - 1)].cle]
            if question.type == "multiple"
            else choix[min(indice, len(choix) - 1)].cle
        )
    return resultat


def membre_entreprise(**kwargs):
    return MembreFactory(utilisateur=UtilisateurFactory(), organisation=OrganisationFactory(**kwargs))


def diagnostic(
    membre=None,
    *,
    termine=True,
    description="Grossiste en fruits et légumes",
    besoins="Les commandes arrivent par SMS et par téléphone, on les ressaisit.",
    indice=1,
):
    membre = membre or membre_entreprise(naf_id="46.31Z")
    utilisateur, entreprise = membre.utilisateur, membre.organisation
    resultat = services.demarrer(utilisateur=utilisateur, entreprise=entreprise)
    services.enregistrer_profil(
        diagnostic=resultat, utilisateur=utilisateur, organisation=entreprise, description=description, besoins=besoins
    )
    if termine:
        resultat = services.enregistrer_reponses(
            diagnostic=resultat, utilisateur=utilisateur, reponses=reponses(indice)
        )
        resultat = services.terminer(diagnostic=resultat, utilisateur=utilisateur)
    return resultat


def conseiller_avec_portefeuille(entreprise):
    structure = OrganisationFactory(structure=True)
    conseiller = MembreFactory(utilisateur=UtilisateurFactory(conseiller=True), organisation=structure).utilisateur
    Consentement.objects.create(
        entreprise=entreprise, structure=structure, accorde_par=entreprise.membres.first().utilisateur
    )
    return conseiller, structure
