"""Dossiers de démonstration : un compte d'instructeur de la structure fictive de la démonstration (elle instruit les
guichets `demo: true`), un compte de dirigeant d'une entreprise de démonstration, trois projets de cette entreprise et
six dossiers sur ces projets, à des états variés et datés dans les quatre derniers mois : une file d'instruction, un
échange de messages, une demande de complément, un accord avec versement, un refus motivé (l'attestation se rend au
téléchargement).

Les dossiers sont écrits directement, datés dans le passé, avec leurs changements d'état, messages, pièces et
événements de chronologie (les textes de `evenements.py`) : ni notification, ni e-mail, ni entrée du journal des
actions — personne n'a rien fait. Idempotent : les comptes sont retrouvés par leur adresse (le mot de passe n'est posé
qu'à la création) et les dossiers ne sont créés que si la structure n'en a aucun."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from osezia.cas_usage.models import CasUsage
from osezia.catalogue.demo import charger_structure_demo
from osezia.comptes.enums import Role
from osezia.comptes.models import Utilisateur
from osezia.dossiers import evenements, services
from osezia.dossiers.enums import Etat
from osezia.dossiers.models import ChangementEtat, Dossier, Guichet, MessageDossier, PieceDossier, Versement
from osezia.organisations.enums import TypeOrganisation
from osezia.organisations.models import Membre, Organisation
from osezia.projets.enums import PARCOURS, Etape, TypeEvenement
from osezia.projets.models import ChangementEtape, EvenementProjet, Projet

SOURCE = "Données de démonstration osezia (fictives)"
ENTREPRISE = "Démo — Menuiserie du Lac"
# Comptes de démonstration, documentés dans le README : à n'utiliser que sur une instance de démonstration.
INSTRUCTEUR = {"email": "instruction.demo@osezia.invalid", "prenom": "Camille", "nom": "Démo (instruction)"}
DIRIGEANT = {"email": "entreprise.demo@osezia.invalid", "prenom": "Dominique", "nom": "Démo (Menuiserie du Lac)"}
MOT_DE_PASSE = "demo-osezia-2026"
GUICHETS = ["fonds-garantie-ia", "ia-booster-france-2030"]

# Chaque dossier : (montant demandé, étapes). Une étape : (jours avant aujourd'hui, vers, texte, montant) ; « message »
# et « piece » sont un message de l'entreprise et une pièce complémentaire, pas des changements d'état.
SCENARIOS = [
    (18_000, [(6, Etat.DEPOSE, "", None)]),
    (40_000, [(52, Etat.DEPOSE, "", None)]),
    (25_000, [(30, Etat.DEPOSE, "", None), (21, Etat.EN_INSTRUCTION, "", None)]),
    (
        30_000,
        [
            (40, Etat.DEPOSE, "", None),
            (33, Etat.EN_INSTRUCTION, "", None),
            (31, Etat.COMPLEMENT_DEMANDE, "Joignez le devis signé du prestataire et le planning du pilote.", None),
        ],
    ),
    (
        20_000,
        [
            (120, Etat.DEPOSE, "", None),
            (112, Etat.EN_INSTRUCTION, "", None),
            (
                110,
                Etat.COMPLEMENT_DEMANDE,
                "Merci de préciser le coût de la formation des équipes et de joindre le devis correspondant.",
                None,
            ),
            (105, "message", "La formation coûte 3 200 € ; le devis du prestataire est joint au dossier.", None),
            (105, "piece", "devis-formation.pdf", None),
            (105, Etat.DEPOSE, "", None),
            (98, Etat.EN_INSTRUCTION, "", None),
            (
                84,
                Etat.ACCORDE,
                "Projet conforme au cahier des charges ; aide plafonnée au coût hors formation.",
                16_000,
            ),
            (40, Etat.VERSE_PARTIELLEMENT, "", 8_000),
        ],
    ),
    (
        60_000,
        [
            (75, Etat.DEPOSE, "", None),
            (70, Etat.EN_INSTRUCTION, "", None),
            (60, Etat.REFUSE, "Le projet relève d'un achat de logiciel standard, que le dispositif n'aide pas.", None),
        ],
    ),
]


def pdf_texte(lignes):
    """Un PDF d'une page (PDF 1.4, police Helvetica) qui porte ces lignes : les pièces de démonstration."""

    def echapper(ligne):
        return ligne.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252")

    flux = b"BT /F1 12 Tf 56 780 Td 16 TL " + b" ".join(b"(" + echapper(ligne) + b") '" for ligne in lignes) + b" ET"
    objets = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(flux) + flux + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    sortie, positions = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for numero, objet in enumerate(objets, 1):
        positions.append(len(sortie))
        sortie += b"%d 0 obj\n" % numero + objet + b"\nendobj\n"
    debut = len(sortie)
    sortie += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objets) + 1)
    sortie += b"".join(b"%010d 00000 n \n" % p for p in positions)
    sortie += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objets) + 1, debut)
    return bytes(sortie)


def compte_de_demonstration(donnees, role, maintenant):
    """Le compte de démonstration de cette adresse (README), créé avec le mot de passe documenté s'il manque."""
    utilisateur = Utilisateur.objects.filter(email=donnees["email"]).first()
    if utilisateur is None:
        utilisateur = Utilisateur.objects.create_user(
            donnees["email"],
            MOT_DE_PASSE,
            first_name=donnees["prenom"],
            last_name=donnees["nom"],
            role=role,
            email_verifie_le=maintenant,
        )
    return utilisateur


def _piece(dossier, *, code, nom, par, le):
    contenu = pdf_texte([f"{nom} : pièce de démonstration (fictive).", dossier.entreprise.nom, "osezia"])
    piece = PieceDossier(
        dossier=dossier, code=code, nom=nom, type_contenu="application/pdf", taille=len(contenu), depose_par=par
    )
    piece.depose_le = le
    piece.fichier.save(nom, ContentFile(contenu), save=False)
    piece.save()
    return piece


def _dossier(projet, guichet, montant, etapes, *, dirigeant, instructeur, maintenant):
    debut = maintenant - datetime.timedelta(days=etapes[0][0] + 5)
    dossier = Dossier.objects.create(
        projet=projet,
        entreprise=projet.entreprise,
        dispositif=guichet.dispositif,
        operateur=guichet.operateur,
        region=projet.entreprise.region,
        montant_demande=montant,
        objet=f"Démonstration (fictif) : {projet.titre}"[:5000],
        cree_par=dirigeant,
        cree_le=debut,
        modifie_le=debut,
        est_demo=True,
    )
    lignes = [
        EvenementProjet(
            projet=projet,
            type=TypeEvenement.DOSSIER_CREE,
            acteur=dirigeant,
            texte=evenements.texte_creation(dossier),
            dossier=dossier,
            cree_le=debut,
        )
    ]
    for piece in guichet.pieces:
        if piece["obligatoire"]:
            _piece(dossier, code=piece["code"], nom=f"{piece['code']}.pdf", par=dirigeant, le=debut)
    for jours, vers, texte, montant_etape in etapes:
        le = maintenant - datetime.timedelta(days=jours)
        if vers == "message":
            MessageDossier.objects.create(dossier=dossier, auteur=dirigeant, texte=texte, cree_le=le)
            continue
        if vers == "piece":
            _piece(dossier, code="", nom=texte, par=dirigeant, le=le)
            continue
        de = Etat(dossier.etat)
        par = dirigeant if vers == Etat.DEPOSE else instructeur
        _appliquer(dossier, de, vers, texte, montant_etape, le, par, guichet)
        if vers == Etat.COMPLEMENT_DEMANDE:
            MessageDossier.objects.create(dossier=dossier, auteur=par, de_l_instruction=True, texte=texte, cree_le=le)
        ChangementEtat.objects.create(
            dossier=dossier, de=de, vers=vers, par=par, texte=texte, montant=montant_etape, le=le
        )
        texte_evenement = evenements.texte_changement(
            dossier, de, vers, texte=texte, montant=montant_etape, date=timezone.localdate(le)
        )
        lignes.append(
            EvenementProjet(
                projet=projet,
                type=evenements.type_changement(de, vers),
                acteur=par,
                texte=texte_evenement,
                dossier=dossier,
                cree_le=le,
            )
        )
    EvenementProjet.objects.bulk_create(lignes)
    return dossier


def _appliquer(dossier, de, vers, texte, montant, le, par, guichet):
    dossier.etat, dossier.version, dossier.modifie_le = vers, dossier.version + 1, le
    if vers == Etat.DEPOSE and de == Etat.BROUILLON:
        resultat = services.evaluer(dossier.projet, dossier.dispositif, aujourdhui=timezone.localdate(le))
        dossier.eligibilite_statut = resultat.statut
        dossier.eligibilite_raisons = [
            {"statut": v.statut, "texte": v.texte, "confirme": v.confirme} for v in resultat.decisives
        ]
        dossier.eligibilite_le = timezone.localdate(le)
        dossier.depose_le = le
        dossier.echeance = timezone.localdate(le) + datetime.timedelta(days=guichet.delai_decision_jours)
    if vers == Etat.EN_INSTRUCTION and dossier.instructeur_id is None:
        dossier.instructeur = par
    if vers == Etat.ACCORDE:
        dossier.montant_accorde = montant
    if vers in (Etat.ACCORDE, Etat.REFUSE, Etat.SANS_SUITE):
        dossier.decide_le, dossier.decide_par, dossier.motivation = le, par, texte
    if vers in (Etat.VERSE_PARTIELLEMENT, Etat.VERSE):
        Versement.objects.create(dossier=dossier, montant=montant, date=timezone.localdate(le), saisi_par=par)
    dossier.full_clean()
    dossier.save()


# Les projets de l'entreprise de démonstration qui demandent des aides : des cas d'usage « sur mesure », ceux que les
# guichets de démonstration aident (un projet tiré au hasard par projets/demo serait « non adapté » : pas de dépôt).
PROJETS = [
    ("controle-qualite-vision", "Contrôle qualité des panneaux par vision", Etape.PILOTE, 200),
    ("optimisation-procede", "Optimisation de la découpe des panneaux", Etape.POC, 160),
    ("controle-qualite-vision", "Détection des défauts de finition", Etape.POC, 130),
]
# Le projet et le guichet (rang dans `guichets`) de chaque scénario.
AFFECTATION = [(0, 1), (1, 1), (2, 0), (1, 0), (0, 0), (2, 1)]


def _projets(entreprise, dirigeant, maintenant):
    projets = []
    for slug, titre, etape, jours in PROJETS:
        cas = CasUsage.objects.get(slug=slug)
        cree = maintenant - datetime.timedelta(days=jours)
        parcours = PARCOURS[: PARCOURS.index(etape) + 1]
        dates = [cree + datetime.timedelta(days=10 * (rang + 1)) for rang in range(len(parcours) - 1)]
        projet = Projet.objects.create(
            entreprise=entreprise,
            titre=titre,
            objectif=f"Projet de démonstration (fictif) : {cas.resume}"[:5000],
            cas_usage=cas,
            responsable=dirigeant,
            etape=etape,
            etape_depuis=dates[-1],
            cree_par=dirigeant,
            cree_le=cree,
            derniere_activite_le=dates[-1],
            est_demo=True,
        )
        lignes = [EvenementProjet(projet=projet, type=TypeEvenement.CREATION, texte="Projet créé.", cree_le=cree)]
        for de, vers, le in zip(parcours[:-1], parcours[1:], dates, strict=True):
            ChangementEtape.objects.create(projet=projet, de=de, vers=vers, par=dirigeant, le=le)
            texte = f"Étape : {Etape(de).label} → {Etape(vers).label}."
            lignes.append(
                EvenementProjet(projet=projet, type=TypeEvenement.ETAPE, acteur=dirigeant, texte=texte, cree_le=le)
            )
        EvenementProjet.objects.bulk_create(lignes)
        projets.append(projet)
    return projets


@transaction.atomic
def charger_demo_dossiers(maintenant=None):
    """Crée ce qui manque ; renvoie {"projets": n nouveaux, "dossiers": n nouveaux}."""
    maintenant = maintenant or timezone.now()
    # La structure fictive du catalogue de démonstration, à qui `charger_demo` confie les guichets `demo: true`.
    structure = charger_structure_demo()
    instructeur = compte_de_demonstration(INSTRUCTEUR, Role.CONSEILLER, maintenant)
    Membre.objects.get_or_create(utilisateur=instructeur, organisation=structure, defaults={"est_instructeur": True})
    entreprise = Organisation.objects.filter(type=TypeOrganisation.ENTREPRISE, nom=ENTREPRISE, est_demo=True).first()
    # Un compte effacé (inactivité, RGPD) revient au chargement suivant, comme dans un `make run` neuf.
    dirigeant = compte_de_demonstration(DIRIGEANT, Role.ENTREPRISE, maintenant)
    if entreprise is not None:
        Membre.objects.get_or_create(
            utilisateur=dirigeant, organisation=entreprise, defaults={"est_administrateur": True}
        )
    # Les guichets que les projets ci-dessous peuvent demander (« Pionniers » ne leur est pas adapté).
    guichets = list(
        Guichet.objects.filter(operateur=structure, dispositif__slug__in=GUICHETS)
        .select_related("dispositif", "operateur")
        .order_by("dispositif__slug")
    )
    if entreprise is None or not guichets or Dossier.objects.filter(operateur=structure).exists():
        return {"projets": 0, "dossiers": 0}
    projets = _projets(entreprise, dirigeant, maintenant)
    for (montant, etapes), (projet, guichet) in zip(SCENARIOS, AFFECTATION, strict=True):
        guichet = guichets[guichet % len(guichets)]
        _dossier(
            projets[projet],
            guichet,
            montant,
            etapes,
            dirigeant=dirigeant,
            instructeur=instructeur,
            maintenant=maintenant,
        )
    return {"projets": len(projets), "dossiers": len(SCENARIOS)}
