import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape

from osezia.diagnostic import services
from osezia.diagnostic.models import Diagnostic
from osezia.organisations.models import Consentement
from tests.comptes.factories import UtilisateurFactory
from tests.diagnostic.factories import conseiller_avec_portefeuille, diagnostic, membre_entreprise
from tests.organisations.factories import MembreFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def suivi():
    membre = membre_entreprise(naf_id="46.31Z")
    diag = diagnostic(membre)
    conseiller, structure = conseiller_avec_portefeuille(membre.organisation)
    return membre, diag, conseiller, structure


def test_sans_consentement_le_conseiller_ne_voit_rien(client):
    diag = diagnostic()
    conseiller = MembreFactory(
        utilisateur=UtilisateurFactory(conseiller=True), organisation=OrganisationFactory(structure=True)
    ).utilisateur
    assert not Diagnostic.objects.visibles_par(conseiller).exists()
    client.force_login(conseiller)
    assert client.get(reverse("conseiller:diagnostic", args=[diag.pk])).status_code == 404
    assert diag.entreprise.nom not in client.get(reverse("conseiller:portefeuille")).content.decode()
    with pytest.raises(PermissionDenied):
        services.prendre_en_charge(diagnostic=diag, conseiller=conseiller)


def test_l_entreprise_partage_puis_retire_son_consentement(client, suivi):
    membre, diag, conseiller, structure = suivi
    client.force_login(conseiller)
    assert membre.organisation.nom in client.get(reverse("conseiller:portefeuille")).content.decode()
    consentement = Consentement.objects.get(entreprise=membre.organisation)
    client.force_login(membre.utilisateur)
    client.post(reverse("diagnostic:partage"), {"retirer": consentement.pk})
    assert not Diagnostic.objects.visibles_par(conseiller).exists()
    client.post(reverse("diagnostic:partage"), {"structure": structure.pk})
    assert Diagnostic.objects.visibles_par(conseiller).get() == diag


def test_ajustements_motives_visibles_par_l_entreprise_apres_validation(client, suivi):
    membre, diag, conseiller, _ = suivi
    client.force_login(conseiller)
    client.post(reverse("conseiller:prendre_en_charge", args=[diag.pk]))
    client.post(
        reverse("conseiller:inventaire", args=[diag.pk]),
        {"categorie": "outils", "libelle": "Logiciel de gestion commerciale", "detail": "Depuis 2019"},
    )
    derniere = diag.recommandations.order_by("-rang_auto").first()
    prefixe = f"r{derniere.pk}"
    sans_motif = client.post(
        reverse("conseiller:ajuster", args=[diag.pk, derniere.pk]),
        {f"{prefixe}-rang": "1", f"{prefixe}-retenue": "on", f"{prefixe}-motif": ""},
        follow=True,
    )
    assert "Indiquez pourquoi" in sans_motif.content.decode()
    derniere.refresh_from_db()
    assert derniere.rang_conseiller is None
    client.post(
        reverse("conseiller:ajuster", args=[diag.pk, derniere.pk]),
        {
            f"{prefixe}-rang": "1",
            f"{prefixe}-horizon": "rapide",
            f"{prefixe}-retenue": "on",
            f"{prefixe}-motif": "Priorité du dirigeant en entretien.",
        },
    )
    client.post(reverse("conseiller:synthese", args=[diag.pk]), {"synthese": "Commencer par la saisie des commandes."})

    client.force_login(membre.utilisateur)
    avant = client.get(diag.get_absolute_url()).content.decode()
    assert "Priorité du dirigeant en entretien." not in avant and "Un conseiller travaille" in avant

    client.force_login(conseiller)
    client.post(reverse("conseiller:valider", args=[diag.pk]))
    diag.refresh_from_db()
    assert diag.statut == "valide" and diag.valide_par == conseiller

    client.force_login(membre.utilisateur)
    apres = client.get(diag.get_absolute_url()).content.decode()
    assert "Priorité du dirigeant en entretien." in apres and "Commencer par la saisie des commandes." in apres
    assert "Logiciel de gestion commerciale" in apres
    feuille = apres[apres.index("Votre feuille de route") :]
    # L'usage remonté par le conseiller est dans les actions rapides, avant les projets structurants.
    rapides = feuille.split('<h3 class="r-horizon">Action rapide', 1)[1].split('<h3 class="r-horizon">', 1)[0]
    assert escape(derniere.cas_usage.titre) in rapides
    # Validé : plus rien ne se modifie, ni par l'entreprise ni par le conseiller.
    assert client.get(reverse("diagnostic:etape", args=[diag.pk, 1])).status_code == 302
    with pytest.raises(ValidationError):
        services.ajuster(recommandation=derniere, conseiller=conseiller, rang=2, motif="x")


def test_le_conseiller_ouvre_un_diagnostic_pour_une_entreprise_du_portefeuille(client, suivi):
    membre, _, conseiller, _ = suivi
    client.force_login(conseiller)
    reponse = client.post(reverse("conseiller:ouvrir", args=[membre.organisation.pk]))
    nouveau = Diagnostic.objects.get(entreprise=membre.organisation, numero=1)
    assert reponse.url == reverse("diagnostic:etape", args=[nouveau.pk, 0])
    assert nouveau.conseiller == conseiller
    hors_portefeuille = membre_entreprise().organisation
    reponse = client.post(reverse("conseiller:ouvrir", args=[hors_portefeuille.pk]), follow=True)
    assert "pas dans votre portefeuille" in reponse.content.decode()


def test_un_autre_conseiller_ne_peut_pas_ajuster(suivi):
    _, diag, conseiller, _ = suivi
    services.prendre_en_charge(diagnostic=diag, conseiller=conseiller)
    intrus = MembreFactory(
        utilisateur=UtilisateurFactory(conseiller=True), organisation=OrganisationFactory(structure=True)
    ).utilisateur
    with pytest.raises(PermissionDenied):
        services.ajuster(recommandation=diag.recommandations.first(), conseiller=intrus, rang=1, motif="x")


def test_une_entreprise_n_a_pas_de_portefeuille(client):
    client.force_login(membre_entreprise().utilisateur)
    assert client.get(reverse("conseiller:portefeuille")).status_code == 403
