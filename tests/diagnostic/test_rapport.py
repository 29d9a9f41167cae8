"""Le rapport qu'un dirigeant pressé lit : l'essentiel d'abord, des chiffres arrondis une fois, huit pages au plus."""

import re
import shutil
import subprocess

import pytest
from weasyprint import HTML

from osezia.diagnostic.pdf import POLICES
from osezia.diagnostic.rapport import arrondi, construire
from tests.diagnostic.factories import diagnostic, membre_entreprise

pytestmark = pytest.mark.django_db

BESOINS = (
    "Les plannings des vendeuses sont un casse-tête chaque semaine, on jette trop de pain le soir et les commandes "
    "de gâteaux arrivent par SMS, par téléphone et sur Facebook."
)


@pytest.fixture
def boulangerie():
    membre = membre_entreprise(naf_id="10.71C", effectif=8, chiffre_affaires=650_000, nom="Boulangerie des Halles")
    return membre, diagnostic(membre, description="Boulangerie-pâtisserie artisanale, un fournil et une boutique.",
                              besoins=BESOINS)  # fmt: skip


def test_arrondi_a_l_unite_la_moitie_vers_le_haut():
    assert [arrondi(v) for v in (62.5, 62.49, 0.5, None)] == [63, 62, 1, None]


def test_l_essentiel_d_abord_et_des_chiffres_identiques_partout(client, boulangerie):
    membre, diag = boulangerie
    diag.scores = {**diag.scores, "strategie": 62.5}
    diag.save()
    client.force_login(membre.utilisateur)
    html = client.get(diag.get_absolute_url()).content.decode()
    assert html.index("L'essentiel") < html.index("Votre maturité numérique en détail")
    assert "Stratégie numérique : 63/100" in html
    radar = re.search(r"<svg.*?</svg>", html, re.S).group()
    assert ">63</tspan>" in radar and ">62</tspan>" not in radar
    assert '<th scope="row">Stratégie numérique</th>\n              <td>63</td>' in html
    # Les mots de l'entreprise qui ont fait choisir l'usage sont marqués.
    assert "« les <mark>commandes</mark> de gâteaux arrivent par <mark>SMS</mark> »" in html
    # « T0 » comme mot : un jeton CSRF aléatoire de la page peut contenir ces deux lettres.
    assert not re.search(r"\bT[0-9]\b", html) and f"Rapport de diagnostic {diag.libelle}" in html


def test_trois_premieres_actions_avec_cout_et_delai(boulangerie):
    _, diag = boulangerie
    rapport = construire(diag)
    assert len(rapport.premieres_actions) == 3
    assert all(ligne.horizon != "plus-tard" for ligne in rapport.premieres_actions)
    assert rapport.aides and rapport.prochaine_etape
    fournisseurs = next(aide for aide in rapport.aides if aide.startswith("Des fournisseurs"))
    premiere = rapport.premieres_actions[0]
    nombre = len(premiere.solutions)
    assert f"{nombre} solution{'s' if nombre > 1 else ''} pour « {premiere.cas.titre} »" in fournisseurs
    slugs = {ligne.cas.slug for ligne in rapport.recommandations if ligne.horizon != "plus-tard"}
    assert not slugs & {"maintenance-predictive", "planification-production", "controle-qualite-vision"}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils absent (installé par .ci/run)")
def test_huit_pages_au_plus_avec_une_couverture(boulangerie):
    from django.template.loader import render_to_string

    _, diag = boulangerie
    rapport = construire(diag)
    assert len(rapport.recommandations) == 8
    html = render_to_string("diagnostic/rapport_pdf.html", {"rapport": rapport, "polices": POLICES.as_uri()})
    document = HTML(string=html, base_url=str(POLICES)).render()
    assert len(document.pages) <= 8
    pdf = document.write_pdf()
    couverture = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Boulangerie des Halles" in couverture and f"Diagnostic {diag.libelle}" in couverture
