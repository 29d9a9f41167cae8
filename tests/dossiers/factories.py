"""Fabriques des dossiers : par les services, comme le site, pour un historique cohérent."""

from django.core.files.uploadedfile import SimpleUploadedFile

from osezia.dossiers import services
from osezia.dossiers.enums import Etat
from osezia.dossiers.models import Guichet
from osezia.financement.models import DispositifFinancement
from osezia.organisations.models import Membre
from osezia.utils import dates
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.factories import membre_entreprise
from tests.organisations.factories import MembreFactory, OrganisationFactory
from tests.projets.factories import projet as fabriquer_projet

DISPOSITIF = "ia-booster-france-2030"
# Un cas d'usage « sur mesure » : le genre de projet qu'IA Booster aide.
CAS_USAGE = "controle-qualite-vision"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fichier_pdf(nom="devis.pdf", contenu=PDF):
    return SimpleUploadedFile(nom, contenu, content_type="application/pdf")


def instructeur(structure=None, *, dispositif=DISPOSITIF):
    """Un conseiller instructeur d'une structure (créée si elle manque) qui instruit le dispositif."""
    structure = structure or OrganisationFactory(structure=True)
    utilisateur = UtilisateurFactory(conseiller=True)
    Membre.objects.create(utilisateur=utilisateur, organisation=structure, est_instructeur=True)
    Guichet.objects.filter(dispositif__slug=dispositif).update(operateur=structure, est_demo=False)
    return utilisateur, structure


def brouillon(membre=None, *, dispositif=DISPOSITIF, pieces=True, **champs):
    membre = membre or membre_entreprise(naf_id="46.31Z")
    p = champs.pop("projet", None) or fabriquer_projet(
        membre, cas_usage=CAS_USAGE, budget_prevu=champs.pop("budget", 50_000)
    )
    dossier = services.creer_dossier(
        utilisateur=membre.utilisateur,
        projet=p,
        dispositif=DispositifFinancement.objects.get(slug=dispositif),
        montant_demande=champs.pop("montant_demande", 20_000),
        objet="Accompagnement pour un contrôle qualité par vision.",
    )
    if pieces:
        guichet = Guichet.objects.get(dispositif=dossier.dispositif)
        for piece in guichet.pieces:
            if piece["obligatoire"]:
                services.deposer_piece(
                    dossier=dossier,
                    utilisateur=membre.utilisateur,
                    fichier=fichier_pdf(f"{piece['code']}.pdf"),
                    code=piece["code"],
                )
    return dossier


# Le chemin d'un dossier jusqu'à chaque état : (état visé, options).
CHEMIN = {
    Etat.BROUILLON: [],
    Etat.DEPOSE: [Etat.DEPOSE],
    Etat.EN_INSTRUCTION: [Etat.DEPOSE, Etat.EN_INSTRUCTION],
    Etat.COMPLEMENT_DEMANDE: [Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.COMPLEMENT_DEMANDE],
    Etat.ACCORDE: [Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.ACCORDE],
    Etat.REFUSE: [Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.REFUSE],
    Etat.SANS_SUITE: [Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.SANS_SUITE],
    Etat.VERSE_PARTIELLEMENT: [Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.ACCORDE, Etat.VERSE_PARTIELLEMENT],
    Etat.VERSE: [Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.ACCORDE, Etat.VERSE],
}
OPTIONS = {
    Etat.COMPLEMENT_DEMANDE: {"texte": "Joignez le devis signé."},
    Etat.ACCORDE: {"montant": 16_000},
    Etat.REFUSE: {"texte": "Le projet ne relève pas du dispositif."},
    Etat.SANS_SUITE: {"texte": "Demande retirée."},
    Etat.VERSE_PARTIELLEMENT: {"montant": 6_000},
    Etat.VERSE: {"montant": 16_000},
}


def options(vers, dossier=None):
    valeurs = dict(OPTIONS.get(vers, {}))
    if vers in (Etat.VERSE_PARTIELLEMENT, Etat.VERSE):
        valeurs["date"] = dates.aujourdhui()
        if dossier is not None and vers == Etat.VERSE:
            valeurs["montant"] = (dossier.montant_accorde or 0) - dossier.total_verse
    return valeurs


def dossier(membre=None, *, etat=Etat.DEPOSE, instruction=None, **champs):
    """Un dossier mené jusqu'à `etat` ; `instruction` : (instructeur, structure) déjà fabriqués."""
    membre = membre or membre_entreprise(naf_id="46.31Z")
    qui, _ = instruction or instructeur()
    resultat = brouillon(membre, **champs)
    for vers in CHEMIN[etat]:
        par = membre.utilisateur if vers == Etat.DEPOSE else qui
        services.changer_etat(dossier=resultat, vers=vers, par=par, **options(vers, resultat))
        resultat.refresh_from_db()
    return resultat


def autre_membre(entreprise):
    return MembreFactory(organisation=entreprise).utilisateur
