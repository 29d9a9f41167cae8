from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from osezia.notifications import services
from osezia.notifications.enums import CATEGORIES_SECURITE, Categorie, StatutCourriel
from osezia.notifications.models import Courriel, Desabonnement, Notification
from osezia.utils.formulaires import FormulaireDsfr
from osezia.www.decorateurs import pilote_requis

MON_ESPACE = ("Mon espace", reverse_lazy("comptes:tableau_de_bord"))


@login_required
def liste(request):
    page = Paginator(Notification.objects.filter(utilisateur=request.user), 20).get_page(request.GET.get("page"))
    reponse = render(
        request,
        "notifications/liste.html",
        {
            "titre_page": "Notifications",
            "fil_ariane": [MON_ESPACE, ("Notifications", None)],
            "page": page,
            "non_lues": {n.pk for n in page if n.lue_le is None},
        },
    )
    # Vues une fois affichées : le compteur de l'en-tête baisse à la page suivante.
    services.marquer_lues(utilisateur=request.user, notifications=list(page))
    return reponse


class FormulaireReglages(FormulaireDsfr):
    categories = forms.MultipleChoiceField(
        label="Recevoir par e-mail",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(c.value, c.label) for c in Categorie if c not in CATEGORIES_SECURITE],
        help_text="Les notifications restent visibles dans le site. Les e-mails de sécurité du compte "
        "(confirmation de l'adresse, mot de passe) sont toujours envoyés.",
    )


@login_required
def reglages(request):
    coupees = set(Desabonnement.objects.filter(utilisateur=request.user).values_list("categorie", flat=True))
    initiales = [c for c, _ in FormulaireReglages.base_fields["categories"].choices if c not in coupees]
    formulaire = FormulaireReglages(request.POST or None, initial={"categories": initiales})
    if request.method == "POST" and formulaire.is_valid():
        services.choisir_courriels(utilisateur=request.user, categories_voulues=formulaire.cleaned_data["categories"])
        messages.success(request, "Vos choix d'e-mails sont enregistrés.")
        return redirect("notifications:reglages")
    return render(
        request,
        "notifications/reglages.html",
        {
            "titre_page": "Mes e-mails",
            "fil_ariane": [MON_ESPACE, ("Notifications", reverse_lazy("notifications:liste")), ("Mes e-mails", None)],
            "formulaire": formulaire,
        },
    )


# Le lien d'un e-mail suffit (jeton signé) : sans compte ouvert, et en POST direct du logiciel de messagerie
# (désabonnement en un clic, RFC 8058), qui n'a pas de jeton CSRF.
@csrf_exempt
def desabonnement(request, jeton):
    lu = services.lire_jeton_desabonnement(jeton)
    if lu is None:
        return render(
            request,
            "notifications/desabonnement.html",
            {"titre_page": "Lien de désabonnement invalide", "invalide": True},
            status=400,
        )
    utilisateur, categorie = lu
    fait = request.method == "POST"
    if fait:
        services.se_desabonner(utilisateur=utilisateur, categorie=categorie)
    return render(
        request,
        "notifications/desabonnement.html",
        {"titre_page": "Se désabonner", "categorie": categorie, "fait": fait, "invalide": False},
    )


@pilote_requis
def courriels(request):
    statut = request.GET.get("statut", "echec")
    qs = Courriel.objects.select_related("utilisateur")
    qs = qs.en_echec() if statut == "echec" else qs
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/courriels.html",
        {
            "titre_page": "E-mails envoyés par la plateforme",
            "fil_ariane": [("Pilotage", reverse_lazy("pilotage:moderation")), ("E-mails", None)],
            "page": page,
            "statut": statut,
            "en_echec": Courriel.objects.en_echec().count(),
            "abandonnes": Courriel.objects.filter(statut=StatutCourriel.ABANDONNE).count(),
        },
    )


@pilote_requis
@require_POST
def renvoyer(request, pk):
    courriel = get_object_or_404(Courriel, pk=pk)
    if services.renvoyer(courriel=courriel, pilote=request.user):
        messages.success(request, f"L'e-mail à {courriel.destinataire} est remis en file d'envoi.")
    else:
        messages.info(request, "Cet e-mail n'est pas en échec : rien à relancer.")
    return redirect("notifications:courriels")


app_name = "notifications"
urlpatterns = [
    path("", liste, name="liste"),
    path("reglages/", reglages, name="reglages"),
    path("desabonnement/<str:jeton>/", desabonnement, name="desabonnement"),
    path("courriels/", courriels, name="courriels"),
    path("courriels/<int:pk>/renvoyer/", renvoyer, name="renvoyer"),
]
