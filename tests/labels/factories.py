"""Fabriques des labels : par les services, comme le site, pour un historique cohérent."""

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from osezia.labels import services
from osezia.labels.models import Delegation, RegimeLabel
from osezia.organisations.models import Membre
from tests.catalogue.factories import SolutionFactory
from tests.comptes.factories import UtilisateurFactory
from tests.organisations.factories import MembreFactory, OrganisationFactory

REGIME = "iso-42001"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fichier_pdf(nom="certificat.pdf", contenu=PDF):
    return SimpleUploadedFile(nom, contenu, content_type="application/pdf")


class MembreFournisseurFactory(MembreFactory):
    utilisateur = factory.SubFactory(UtilisateurFactory, fournisseur=True, email_verifie=True)
    organisation = factory.SubFactory(OrganisationFactory, fournisseur=True)


def evaluateur_delegue(regime=REGIME):
    """Un conseiller d'une structure à qui l'évaluation du régime est déléguée."""
    structure = OrganisationFactory(structure=True)
    utilisateur = UtilisateurFactory(conseiller=True)
    Membre.objects.create(utilisateur=utilisateur, organisation=structure)
    Delegation.objects.create(regime=RegimeLabel.objects.get(code=regime), structure=structure)
    return utilisateur


def brouillon(membre=None, *, regime=REGIME, preuves=True):
    membre = membre or MembreFournisseurFactory()
    solution = SolutionFactory(publiee=True, fournisseur=membre.organisation)
    candidature = services.creer_candidature(
        utilisateur=membre.utilisateur,
        fournisseur=membre.organisation,
        regime=RegimeLabel.objects.get(code=regime),
        solutions=[solution],
    )
    if preuves:
        for critere in candidature.regime.criteres:
            if critere["obligatoire"]:
                services.deposer_preuve(
                    candidature=candidature,
                    utilisateur=membre.utilisateur,
                    critere=critere["code"],
                    fichier=fichier_pdf(f"{critere['code']}.pdf"),
                )
    return candidature


def deposee(membre=None, **options):
    candidature = brouillon(membre, **options)
    return services.deposer(candidature=candidature, utilisateur=candidature.cree_par)


def avis_favorable(candidature):
    return {c["code"]: {"satisfait": True, "motivation": "Pièce lue et conforme."} for c in candidature.regime.criteres}


def label_accorde(membre=None, *, par=None, **options):
    candidature = deposee(membre, **options)
    par = par or UtilisateurFactory(pilote=True)
    return services.decider(candidature=candidature, par=par, avis=avis_favorable(candidature))
