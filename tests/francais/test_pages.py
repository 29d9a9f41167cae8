"""Le français de chaque type de page, avec le vrai contenu (référentiel, démonstration, un vrai diagnostic),
et du rapport PDF : règles du projet et Grammalecte, moins les exceptions relues d'exceptions.yaml."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from osezia.cas_usage.models import CasUsage, FonctionMetier
from osezia.catalogue.models import Solution
from osezia.comptes.models import Utilisateur
from osezia.diagnostic.models import Diagnostic
from osezia.notifications.enums import Categorie
from osezia.notifications.models import Courriel
from osezia.organisations.models import Organisation
from osezia.projets import relances
from osezia.projets import services as projets_services
from osezia.projets.models import Projet
from osezia.rgpd import services as rgpd
from tests.catalogue.factories import SolutionFactory
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic import factories as diagnostics
from tests.francais.verificateur import pdftotext_disponible, rapport, regles_du_projet, texte_html, texte_pdf
from tests.organisations.factories import MembreFactory
from tests.projets import factories as projets_factories

SECTEURS = [
    # Sections, divisions, groupes, classes, sous-classes : artisans, commerce, services, industrie.
    "C", "F", "G", "I", "S",
    "10", "43", "47", "56", "96",
    "10.7", "10.71", "10.71C", "10.71A", "96.02A", "43.22A", "47.11F", "49.41A", "56.10A", "45.20A",
]  # fmt: skip
RECHERCHES = ["factures", "boulangerie", "facturs", "planning du personnel", "zzzzzz"]
# Chaque test porte la marque : sans elle, pytest-django ne crée pas la base de test si ce module tourne seul.
pytestmark = pytest.mark.django_db

BOULANGERIE = {
    "description": "Boulangerie-pâtisserie artisanale, deux boutiques et un laboratoire, huit salariés.",
    "besoins": (
        "Les plannings des vendeuses sont un casse-tête, les commandes de gâteaux arrivent par SMS "
        "et nous jetons trop d'invendus le soir."
    ),
}


def _lire(client, url, **options):
    reponse = client.get(url, **options)
    assert reponse.status_code == 200, f"{url} : {reponse.status_code}"
    return reponse


def _pages_publiques():
    urls = ["/", "/plan-du-site/", "/accessibilite/", "/mentions-legales/", "/donnees-personnelles/", "/cookies/"]
    urls += ["/donnees-ouvertes/", "/cas-usage/", "/secteurs/", "/secteurs/?q=boulangerie", "/solutions/"]
    urls += ["/solutions/?q=devis&taille=TPE", "/fournisseurs/", "/diagnostic/"]
    urls += ["/comptes/inscription/", "/comptes/connexion/", "/comptes/mot-de-passe/oublie/"]
    urls += ["/comptes/mot-de-passe/envoye/"]
    urls += [cas.get_absolute_url() for cas in CasUsage.objects.order_by("slug")]
    urls += [reverse("cas_usage:fonction", args=[f.slug]) for f in FonctionMetier.objects.order_by("slug")]
    urls += [reverse("secteurs:detail", args=[code]) for code in SECTEURS]
    urls += [f"/recherche/?q={mots}" for mots in RECHERCHES]
    # Démonstration seulement : les fiches importées (#uneIAparjour) sont des textes de tiers (exceptions.yaml).
    demos = Solution.objects.publiees().filter(est_demo=True).select_related("fournisseur").order_by("slug")
    urls += [solution.get_absolute_url() for solution in demos]
    urls += sorted({solution.fournisseur.get_absolute_url() for solution in demos})
    return urls


def _erreurs_de_formulaire(client):
    """Les messages d'erreur écrits par le projet : un formulaire d'inscription et un profil mal remplis."""
    inscription = client.post("/comptes/inscription/", {"email": "pas-une-adresse", "password1": "a", "password2": "b"})
    return {"/comptes/inscription/ (erreurs)": inscription}


@pytest.fixture(scope="module")
def textes(django_db_setup, django_db_blocker):
    """{page: paragraphes visibles} ; tout ce qui est créé pour l'occasion est annulé à la fin."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            resultat, cree = _lire_les_pages()
            transaction.set_rollback(True)
        assert not Diagnostic.objects.filter(pk__in=cree).exists()
    return resultat


def _lire_les_pages():
    """Chaque type de page, lu comme le lirait son public (anonyme, entreprise, conseiller, fournisseur, pilote)."""
    anonyme = Client()
    pages = {url: _lire(anonyme, url) for url in _pages_publiques()}
    pages.update(_erreurs_de_formulaire(anonyme))
    pages["404"] = anonyme.get("/cette-page-n-existe-pas/")

    # Une boulangerie de 8 personnes : deux diagnostics (le rapport montre alors l'évolution), un brouillon.
    boulangerie = diagnostics.membre_entreprise(naf_id="10.71C", effectif=8, chiffre_affaires=650_000)
    diagnostics.diagnostic(boulangerie, indice=1, **BOULANGERIE)
    rapport_diag = diagnostics.diagnostic(boulangerie, indice=2, **BOULANGERIE)
    entreprise = Client()
    entreprise.force_login(boulangerie.utilisateur)
    for url in ("/comptes/", "/comptes/organisation/", "/comptes/jetons-api/", "/comptes/mot-de-passe/change/"):
        pages[url] = _lire(entreprise, url)
    donnees = reverse("rgpd:donnees", args=[boulangerie.organisation.pk])
    pages["données de l'organisation"] = _lire(entreprise, donnees)
    pages["données de l'organisation (erreurs)"] = entreprise.post(donnees, {"nom": "Autre", "mot_de_passe": "x"})
    pages["/comptes/supprimer-mon-compte/"] = _lire(entreprise, reverse("rgpd:supprimer_compte"))
    pages["/comptes/supprimer-mon-compte/ (erreurs)"] = entreprise.post(reverse("rgpd:supprimer_compte"), {})
    pages["/diagnostic/ (entreprise)"] = _lire(entreprise, "/diagnostic/")
    pages["/diagnostic/partage/"] = _lire(entreprise, reverse("diagnostic:partage"))
    pages["rapport"] = _lire(entreprise, rapport_diag.get_absolute_url())

    nouvelle = Client()
    nouvelle.force_login(UtilisateurFactory())
    pages["/diagnostic/demarrer/"] = _lire(nouvelle, reverse("diagnostic:demarrer"))
    erreurs = nouvelle.post(reverse("diagnostic:demarrer"), {"org-naf": "00.00X", "org-siren": "123456788"})
    pages["/diagnostic/demarrer/ (erreurs)"] = erreurs
    coiffure = diagnostics.membre_entreprise(naf_id="96.02A", effectif=3, chiffre_affaires=180_000)
    brouillon = diagnostics.diagnostic(coiffure, termine=False)
    salon = Client()
    salon.force_login(coiffure.utilisateur)
    for indice in range(7):
        url = reverse("diagnostic:etape", args=[brouillon.pk, indice])
        pages[f"étape {indice}"] = _lire(salon, url)
    # Effacement programmé : l'encadré de la page et le bandeau de chaque page (nom lisible, pas « Martin2 »).
    Utilisateur.objects.filter(pk=coiffure.utilisateur.pk).update(last_name="Martin")
    coiffure.utilisateur.refresh_from_db()
    rgpd.demander_effacement(organisation=coiffure.organisation, utilisateur=coiffure.utilisateur)
    pages["données de l'organisation (effacement programmé)"] = _lire(
        salon, reverse("rgpd:donnees", args=[coiffure.organisation.pk])
    )
    pages["/comptes/ (effacement programmé)"] = _lire(salon, "/comptes/")
    pages["/diagnostic/partage/ (effacement programmé)"] = _lire(salon, reverse("diagnostic:partage"))

    # Un projet né d'une recommandation du rapport : indicateur mesuré, commentaire, document, étapes.
    boulangerie.utilisateur.last_name = "Martin"
    boulangerie.utilisateur.save(update_fields=["last_name"])
    recommandation = rapport_diag.recommandations.order_by("rang_auto").first()
    creation = f"{reverse('projets:nouveau')}?recommandation={recommandation.pk}"
    pages["projets : nouveau (recommandation)"] = _lire(entreprise, creation)
    pages["projets : nouveau (cas d'usage)"] = _lire(
        entreprise, f"{reverse('projets:nouveau')}?cas_usage=prevision-demande"
    )
    suggestion = pages["projets : nouveau (recommandation)"].context["formulaire"].initial
    entreprise.post(
        creation,
        {
            "titre": "Commandes de gâteaux en ligne",
            "objectif": "Ne plus recopier les commandes reçues par SMS dans le cahier du laboratoire.",
            "cas_usage": suggestion["cas_usage"].pk,
            "responsable": boulangerie.utilisateur.pk,
            "budget_prevu": "4 500",
            "date_debut": "2026-02-02",
            "date_cible": suggestion["date_cible"].isoformat(),
        },
    )
    boulangerie_projet = Projet.objects.get(entreprise=boulangerie.organisation)
    projets_factories.indicateur(boulangerie_projet, boulangerie.utilisateur, avec_mesure=True)
    projets_services.commenter(
        projet=boulangerie_projet, auteur=boulangerie.utilisateur, texte="Le devis du prestataire est arrivé."
    )
    projets_services.deposer_document(
        projet=boulangerie_projet,
        utilisateur=boulangerie.utilisateur,
        fichier=SimpleUploadedFile("Devis.PDF", b"%PDF-1.4\n%%EOF\n"),
    )
    for vers in ("cadrage", "poc"):
        projets_services.changer_etape(projet=boulangerie_projet, vers=vers, par=boulangerie.utilisateur)
    pages["/projets/"] = _lire(entreprise, reverse("projets:liste"))
    pages["projet"] = _lire(entreprise, boulangerie_projet.get_absolute_url())
    pages["projet : modifier"] = _lire(entreprise, reverse("projets:modifier", args=[boulangerie_projet.pk]))
    pages["projet (erreurs)"] = entreprise.post(
        reverse("projets:modifier", args=[boulangerie_projet.pk]), {"budget_depense": "-20", "date_debut": "hier"}
    )
    projets_services.changer_etape(
        projet=boulangerie_projet, vers="en_pause", par=boulangerie.utilisateur, motif="competences"
    )
    pages["projet en pause"] = _lire(entreprise, boulangerie_projet.get_absolute_url())
    pages["registre IA (vide)"] = _lire(entreprise, reverse("registre_ia:page"))
    declaration = reverse("registre_ia:declarer", args=[boulangerie_projet.pk])
    pages["registre IA : déclarer"] = _lire(entreprise, declaration)
    pages["registre IA : déclarer (erreurs)"] = entreprise.post(
        declaration, {"nom": "", "role": "deployeur", "niveau_risque": "haut-risque"}
    )
    entreprise.post(
        declaration,
        {
            "nom": "Assistant de prévision des ventes",
            "fournisseur": "Éditeur du logiciel de caisse",
            "role": "deployeur",
            "niveau_risque": "transparence",
            "motif_ajustement": "Le système répond aussi aux clients par messagerie.",
        },
    )
    pages["registre IA"] = _lire(entreprise, reverse("registre_ia:page"))

    # Un POC sans nouvelles depuis 50 jours : l'e-mail de relance, la page de son lien et ses refus.
    poc = projets_factories.projet(boulangerie, etape="poc", titre="Prévoir la production du matin")
    projets_factories.indicateur(poc, boulangerie.utilisateur)
    maintenant = timezone.now()
    relances.relancer(poc.pk, maintenant + timedelta(days=50))
    courriels = {"e-mail de relance": Courriel.objects.filter(categorie=Categorie.PROJET_RELANCE).latest("pk")}
    lien = re.search(r"/projets/ou-en-est/[^/\s]+/", courriels["e-mail de relance"].corps).group(0)
    pages["projet : où en est"] = _lire(entreprise, lien)
    pages["projet : où en est (erreurs)"] = entreprise.post(lien, {"action": "arret", "arret-vers": "en_pause"})
    pages["projet : où en est (lien invalide)"] = entreprise.get(reverse("projets:ou_en_est", args=["faux"]))
    pages["projet : où en est (autre personne)"] = salon.get(lien)

    conseiller, _ = diagnostics.conseiller_avec_portefeuille(boulangerie.organisation)
    cci = Client()
    cci.force_login(conseiller)
    conseiller.last_name = "Martin"
    conseiller.save(update_fields=["last_name"])
    pages["/conseiller/"] = _lire(cci, reverse("conseiller:portefeuille"))
    pages["projet (conseiller)"] = _lire(cci, boulangerie_projet.get_absolute_url())
    pages["/projets/ (conseiller)"] = _lire(cci, reverse("projets:liste"))
    pages["sortie du POC (conseiller)"] = _lire(cci, reverse("projets:sortie_du_poc"))
    pages["sortie du POC (entreprise)"] = _lire(entreprise, reverse("projets:sortie_du_poc"))
    pages["conseiller : diagnostic"] = _lire(cci, reverse("conseiller:diagnostic", args=[rapport_diag.pk]))
    # Deuxième relance, puis alerte des conseillers : leurs e-mails et la chronologie qui les garde.
    relances.relancer(poc.pk, maintenant + timedelta(days=71))
    courriels["e-mail de deuxième relance"] = Courriel.objects.filter(categorie=Categorie.PROJET_RELANCE).latest("pk")
    relances.relancer(poc.pk, maintenant + timedelta(days=95))
    courriels["e-mail d'alerte au conseiller"] = Courriel.objects.get(categorie=Categorie.PROJET_SANS_NOUVELLES)
    pages["projet relancé (conseiller)"] = _lire(cci, poc.get_absolute_url())
    # Le conseiller prend le diagnostic en charge : l'entreprise en est notifiée (nom lisible, pas « Martin3 »).
    cci.post(reverse("conseiller:prendre_en_charge", args=[rapport_diag.pk]))
    pages["/notifications/"] = _lire(entreprise, reverse("notifications:liste"))
    pages["/notifications/reglages/"] = _lire(entreprise, reverse("notifications:reglages"))

    # Un dossier de financement : demande depuis un projet, brouillon, instruction, décision.
    from tests.dossiers import factories as dossiers_factories

    atelier = diagnostics.membre_entreprise(naf_id="25.62B")
    Utilisateur.objects.filter(pk=atelier.utilisateur.pk).update(last_name="Martin")
    instructrice, structure = dossiers_factories.instructeur()
    Utilisateur.objects.filter(pk=instructrice.pk).update(last_name="Martin")
    instructrice.refresh_from_db()
    atelier_client, instruction = Client(), Client()
    atelier_client.force_login(atelier.utilisateur)
    instruction.force_login(instructrice)
    a_deposer = dossiers_factories.brouillon(atelier, pieces=False)
    pages["dossiers : nouveau"] = _lire(atelier_client, f"{reverse('dossiers:nouveau')}?projet={a_deposer.projet_id}")
    pages["dossier (brouillon)"] = _lire(atelier_client, a_deposer.get_absolute_url())
    instruit = dossiers_factories.dossier(atelier, etat="en_instruction", instruction=(instructrice, structure))
    pages["dossier (instruction)"] = _lire(instruction, instruit.get_absolute_url())
    pages["/dossiers/instruction/"] = _lire(instruction, reverse("dossiers:instruction"))
    accorde = dossiers_factories.dossier(atelier, etat="verse_partiellement", instruction=(instructrice, structure))
    pages["dossier (versé en partie)"] = _lire(atelier_client, accorde.get_absolute_url())
    pages["/dossiers/"] = _lire(atelier_client, reverse("dossiers:liste"))
    pages["projet (aides obtenues)"] = _lire(atelier_client, accorde.projet.get_absolute_url())

    fournisseur = Organisation.objects.filter(solutions__est_demo=True).first()
    editeur = Client()
    editeur.force_login(
        MembreFactory(utilisateur=UtilisateurFactory(fournisseur=True), organisation=fournisseur).utilisateur
    )
    pages["/espace-fournisseur/solutions/"] = _lire(editeur, reverse("espace_fournisseur:solutions"))
    pages["/espace-fournisseur/solutions/nouvelle/"] = _lire(editeur, reverse("espace_fournisseur:nouvelle"))

    # Les labels : registre public, candidature du fournisseur, décision (avec une erreur) et statut d'un label.
    from tests.labels import factories as labels_factories

    pages["/labels/"] = _lire(Client(), reverse("labels:registre"))
    pages["/labels/mes-labels/"] = _lire(editeur, reverse("labels:mes_labels"))
    candidature = labels_factories.deposee()
    evaluatrice = Client()
    evaluatrice.force_login(labels_factories.evaluateur_delegue())
    pages["label : candidature déposée"] = _lire(evaluatrice, reverse("labels:candidature", args=[candidature.pk]))
    pages["label : décision (erreurs)"] = evaluatrice.post(
        reverse("labels:decision", args=[candidature.pk]), {"satisfait_certificat": "oui"}
    )
    pages["/labels/evaluation/"] = _lire(evaluatrice, reverse("labels:file"))
    label = labels_factories.label_accorde(par=UtilisateurFactory(pilote=True, last_name="Martin"))
    pages["label : statut"] = _lire(evaluatrice, reverse("labels:statut", args=[label.pk]))

    soumise = SolutionFactory(soumise=True, fournisseur=fournisseur)
    pilote = Client()
    pilote.force_login(UtilisateurFactory(pilote=True))
    pages["/pilotage/moderation/"] = _lire(pilote, reverse("pilotage:moderation"))
    pages["/projets/ (pilote)"] = _lire(pilote, reverse("projets:liste"))
    # La démonstration fournit des cohortes (entreprises fictives) : graphiques, tableaux, parts et motifs.
    pages["sortie du POC (pilote)"] = _lire(pilote, reverse("projets:sortie_du_poc"))
    pages["sortie du POC (pilote, filtrée)"] = _lire(pilote, reverse("projets:sortie_du_poc"), data={"taille": "PME"})
    pages["sortie du POC (pilote, erreurs)"] = _lire(
        pilote, reverse("projets:sortie_du_poc"), data={"region": "999", "secteur": "99"}
    )
    pages["pilotage : décision"] = _lire(pilote, reverse("pilotage:decision", args=[soumise.slug]))
    pages["/notifications/courriels/"] = _lire(pilote, reverse("notifications:courriels"))
    # Le journal montre déjà la prise en charge du conseiller ; on y ajoute un renvoi motivé et un jeton d'API.
    pilote.post(
        reverse("pilotage:decision", args=[soumise.slug]),
        {"decision": "refuser", "motif": "Précisez où sont hébergées les données de vos clients."},
    )
    entreprise.post(reverse("comptes:jetons"), {"nom": "Logiciel de caisse", "duree_jours": 90, "droits": "lecture"})
    pages["/pilotage/journal/"] = _lire(pilote, reverse("pilotage:journal"))
    pages["/pilotage/journal/ (erreurs)"] = _lire(
        pilote, reverse("pilotage:journal"), data={"action": "inconnue", "du": "2026-03-10", "au": "2026-03-01"}
    )

    # Mise en relation : un besoin de la démonstration (envoyé, ses réponses), un nouveau besoin et sa liste proposée,
    # la boîte du fournisseur de démonstration, le tunnel du pilote.
    from osezia.relations import demo as demo_relations
    from osezia.relations.models import Besoin, MiseEnRelation
    from osezia.relations.transitions import RECUES

    menuiserie = Client()
    menuiserie.force_login(Utilisateur.objects.get(email="entreprise.demo@osezia.invalid"))
    envoye = Besoin.objects.filter(entreprise__membres__utilisateur__email="entreprise.demo@osezia.invalid").first()
    pages["/besoins/"] = _lire(menuiserie, reverse("relations:liste"))
    pages["besoin : erreurs"] = menuiserie.post(reverse("relations:nouveau"), {"intervention_sur_place": "on"})
    pages["besoin envoyé"] = _lire(menuiserie, reverse("relations:besoin", args=[envoye.pk]))
    menuiserie.post(reverse("relations:nouveau"), {
        "cas_usage": CasUsage.objects.get(slug="optimisation-stocks").pk, "budget": "a-definir",
        "hebergement": "indifferent", "description": "Nous tombons en rupture de panneaux deux fois par mois.",
    })  # fmt: skip
    propose = Besoin.objects.filter(entreprise=envoye.entreprise).latest("pk")
    pages["besoin : liste proposée"] = _lire(menuiserie, reverse("relations:besoin", args=[propose.pk]))
    pages["besoin : consentement manquant"] = menuiserie.post(reverse("relations:envoyer", args=[propose.pk]), {})
    suivie = envoye.relations.filter(statut__in=RECUES).first()
    pages["mise en relation (entreprise)"] = _lire(menuiserie, reverse("relations:relation", args=[suivie.pk]))
    calanque = Client()
    calanque.force_login(Utilisateur.objects.get(email=demo_relations.FOURNISSEUR["email"]))
    pages["/espace-fournisseur/demandes/"] = _lire(calanque, reverse("espace_fournisseur:demandes"))
    recue = MiseEnRelation.objects.filter(fournisseur__nom=demo_relations.FOURNISSEUR_DU_COMPTE, statut__in=RECUES)
    if recue.exists():
        pages["demande reçue"] = _lire(calanque, reverse("espace_fournisseur:demande", args=[recue.first().pk]))
    pages["/pilotage/mises-en-relation/"] = _lire(pilote, reverse("tunnel:pilote"), data={"origine": "demo"})

    resultat = {page: texte_html(reponse.content.decode()) for page, reponse in pages.items()}
    for nom, courriel in courriels.items():
        # Le texte de l'e-mail, paragraphe par paragraphe, sans ses adresses web.
        lignes = [ligne for ligne in courriel.corps.splitlines() if "http" not in ligne and ligne.strip() != "--"]
        resultat[nom] = [courriel.sujet] + [p.strip() for p in "\n".join(lignes).split("\n\n") if p.strip()]
    if pdftotext_disponible():
        pdf = _lire(entreprise, reverse("diagnostic:rapport_pdf", args=[rapport_diag.pk])).content
        resultat["rapport PDF"] = texte_pdf(pdf)
        resultat["registre IA (PDF)"] = texte_pdf(_lire(entreprise, reverse("registre_ia:pdf")).content)
    return resultat, [rapport_diag.pk, brouillon.pk]


def _fautes_du_projet(textes):
    return [faute for page, paragraphes in textes.items() for p in paragraphes for faute in regles_du_projet(page, p)]


def _fautes_grammalecte(textes, grammalecte):
    return [faute for page, paragraphes in textes.items() for p in paragraphes for faute in grammalecte.fautes(page, p)]


def test_chaque_type_de_page_est_lu(textes):
    assert len([page for page in textes if page.startswith("/cas-usage/") and "fonction" not in page]) > 45
    assert all(textes.values()), [page for page, paragraphes in textes.items() if not paragraphes]
    assert any("boulangerie" in p.lower() for p in textes["rapport"])


def test_regles_du_projet_sur_chaque_page(textes, exceptions):
    fautes = [faute for faute in _fautes_du_projet(textes) if not exceptions.excuse(faute)]
    assert not fautes, rapport(fautes)


def test_grammalecte_sur_chaque_page(textes, grammalecte, exceptions):
    fautes = [faute for faute in _fautes_grammalecte(textes, grammalecte) if not exceptions.excuse(faute)]
    assert not fautes, rapport(fautes, grammalecte)


def test_le_texte_du_rapport_pdf_est_controle(textes, pdftotext):
    """Le PDF est lu par les deux tests ci-dessus ; ici, on vérifie qu'il l'est vraiment."""
    texte = " ".join(textes["rapport PDF"])
    assert "Votre feuille de route" in texte and len(texte) > 2000


def test_chaque_exception_est_justifiee_et_sert_encore(textes, grammalecte, pdftotext, exceptions):
    for faute in _fautes_du_projet(textes) + _fautes_grammalecte(textes, grammalecte):
        exceptions.excuse(faute)
    inutilisees = exceptions.inutilisees()
    assert not inutilisees, "Exceptions qui n'excusent plus rien, à retirer d'exceptions.yaml : " + ", ".join(
        inutilisees
    )
