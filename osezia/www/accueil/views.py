from django.shortcuts import render

from osezia.cas_usage.models import CasUsage, FonctionMetier
from osezia.catalogue.models import Solution
from osezia.referentiels.models import SecteurNAF

# Chiffres du plan « Osez l'IA », annoncé le 1er juillet 2025 (dossier de presse repris par la presse).
CHIFFRES_PLAN = {
    "source": "Plan national « Osez l'IA », annoncé le 1er juillet 2025 (presse du 1er juillet 2025)",
    "usage": [("8 %", "des TPE utilisent une solution d'IA"), ("13 %", "des PME utilisent une solution d'IA")],
    "objectifs": [("50 %", "des TPE"), ("80 %", "des PME et ETI"), ("100 %", "des grandes entreprises")],
}

# Sections NAF proposées d'emblée (les autres restent accessibles depuis « L'IA dans mon secteur »).
SECTIONS_ACCUEIL = ["A", "C", "F", "G", "H", "I", "J", "M", "N", "Q", "S"]


def accueil(request):
    return render(
        request,
        "accueil/accueil.html",
        {
            "titre_page": "Accueil",
            "fonctions": FonctionMetier.objects.all(),
            "sections": SecteurNAF.objects.filter(code__in=SECTIONS_ACCUEIL),
            "nombre_cas_usage": CasUsage.objects.publies().count(),
            "nombre_solutions": Solution.objects.publiees().count(),
            "chiffres": CHIFFRES_PLAN,
        },
    )
