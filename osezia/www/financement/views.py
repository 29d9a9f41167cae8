from django.shortcuts import render
from django.urls import path

from osezia.financement.selectors import dispositifs_actifs, fiche
from osezia.utils import dates


def liste(request):
    """Les dispositifs, tels que le rapport les juge : ce qu'ils financent, pour qui, quand, et d'où vient chaque
    chiffre — pour qu'un·e dirigeant·e ou un conseiller vérifie ce que dit le rapport."""
    aujourdhui = dates.aujourdhui()
    return render(
        request,
        "financement/liste.html",
        {
            "titre_page": "Financer un projet d'IA : les dispositifs",
            "fil_ariane": [("Financements", None)],
            "fiches": [fiche(d, aujourdhui=aujourdhui) for d in dispositifs_actifs()],
            "aujourdhui": dates.date_lisible(aujourdhui),
        },
    )


app_name = "financement"
urlpatterns = [path("", liste, name="liste")]
