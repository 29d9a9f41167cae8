from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST

from osezia.comptes import services
from osezia.comptes.enums import Role
from osezia.rgpd.services import peut_gerer_les_donnees
from osezia.utils.texte import identifiant
from osezia.www.comptes.forms import (
    FormulaireConnexion,
    FormulaireFournisseur,
    FormulaireInscription,
    FormulaireJeton,
    FormulaireMotDePasseOublie,
    FormulaireNouveauMotDePasse,
    FormulaireOrganisation,
)
from osezia.www.decorateurs import limite_de_debit


@limite_de_debit("inscription")
def inscription(request):
    if request.user.is_authenticated:
        return redirect("comptes:tableau_de_bord")
    formulaire = FormulaireInscription(request.POST or None)
    if request.method == "POST" and formulaire.is_valid():
        donnees = formulaire.cleaned_data
        utilisateur = services.inscrire(
            email=donnees["email"],
            mot_de_passe=donnees["mot_de_passe"],
            prenom=donnees["prenom"],
            nom=donnees["nom"],
            role=donnees["role"],
            base_url=request.build_absolute_uri("/")[:-1],
        )
        login(request, utilisateur, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Votre compte est créé. Un lien de confirmation a été envoyé à {utilisateur.email}.")
        if utilisateur.est_entreprise:
            # Le diagnostic commence par le profil de l'entreprise : pas de formulaire en double.
            return redirect("diagnostic:demarrer")
        messages.info(request, "Renseignez maintenant votre organisation.")
        return redirect("comptes:organisation")
    return render(
        request,
        "comptes/inscription.html",
        {"titre_page": "Créer un compte", "fil_ariane": [("Créer un compte", None)], "formulaire": formulaire},
    )


def confirmer_email(request, jeton):
    utilisateur = services.confirmer_email(jeton)
    if utilisateur is None:
        messages.error(
            request, "Ce lien de confirmation est invalide ou a expiré. Demandez-en un nouveau depuis votre espace."
        )
    else:
        messages.success(request, "Votre adresse e-mail est confirmée. Merci !")
    return redirect("comptes:tableau_de_bord" if request.user.is_authenticated else "comptes:connexion")


@login_required
@require_POST
def renvoyer_confirmation(request):
    if request.user.email_verifie_le is None:
        services.envoyer_confirmation(request.user, base_url=request.build_absolute_uri("/")[:-1])
        messages.success(request, f"Un nouveau lien a été envoyé à {request.user.email}.")
    return redirect("comptes:tableau_de_bord")


@login_required
def tableau_de_bord(request):
    organisation = services.organisation_de(request.user)
    solutions = organisation.solutions.order_by("nom") if organisation and request.user.est_fournisseur else []
    return render(
        request,
        "comptes/tableau_de_bord.html",
        {
            "titre_page": "Mon espace",
            "fil_ariane": [("Mon espace", None)],
            "organisation": organisation,
            "solutions": solutions,
            "gere_les_donnees": bool(organisation) and peut_gerer_les_donnees(request.user, organisation),
        },
    )


@login_required
def organisation(request):
    utilisateur = request.user
    if utilisateur.role not in (Role.ENTREPRISE, Role.FOURNISSEUR):
        messages.info(request, "Votre organisation est gérée par un pilote du programme.")
        return redirect("comptes:tableau_de_bord")
    existante = services.organisation_de(utilisateur)
    classe = FormulaireFournisseur if utilisateur.est_fournisseur else FormulaireOrganisation
    formulaire = classe(
        request.POST or None, instance=existante, type_organisation=services.TYPE_PAR_ROLE[utilisateur.role]
    )
    if request.method == "POST" and formulaire.is_valid():
        services.enregistrer_organisation(utilisateur=utilisateur, formulaire=formulaire)
        messages.success(request, "Votre organisation est enregistrée.")
        return redirect("comptes:tableau_de_bord")
    titre = "Mon organisation" if existante else "Renseigner mon organisation"
    return render(
        request,
        "comptes/organisation.html",
        {
            "titre_page": titre,
            "fil_ariane": [("Mon espace", reverse_lazy("comptes:tableau_de_bord")), (titre, None)],
            "formulaire": formulaire,
            "organisation": existante,
        },
    )


class Connexion(auth_views.LoginView):
    template_name = "comptes/connexion.html"
    authentication_form = FormulaireConnexion
    redirect_authenticated_user = True
    extra_context = {"titre_page": "Se connecter", "fil_ariane": [("Se connecter", None)]}


class MotDePasseOublie(auth_views.PasswordResetView):
    template_name = "comptes/mot_de_passe_oublie.html"
    form_class = FormulaireMotDePasseOublie
    email_template_name = "comptes/emails/reinitialisation.txt"
    subject_template_name = "comptes/emails/reinitialisation_sujet.txt"
    success_url = reverse_lazy("comptes:mot_de_passe_envoye")
    extra_context = {"titre_page": "Mot de passe oublié", "fil_ariane": [("Mot de passe oublié", None)]}


class MotDePasseEnvoye(auth_views.PasswordResetDoneView):
    template_name = "comptes/mot_de_passe_envoye.html"
    extra_context = {"titre_page": "Vérifiez vos e-mails", "fil_ariane": [("Mot de passe oublié", None)]}


class NouveauMotDePasse(auth_views.PasswordResetConfirmView):
    template_name = "comptes/nouveau_mot_de_passe.html"
    form_class = FormulaireNouveauMotDePasse
    success_url = reverse_lazy("comptes:mot_de_passe_change")
    extra_context = {"titre_page": "Nouveau mot de passe", "fil_ariane": [("Nouveau mot de passe", None)]}


class MotDePasseChange(auth_views.PasswordResetCompleteView):
    template_name = "comptes/mot_de_passe_change.html"
    extra_context = {"titre_page": "Mot de passe changé", "fil_ariane": [("Mot de passe changé", None)]}


app_name = "comptes"
urlpatterns = [
    path("inscription/", inscription, name="inscription"),
    path("connexion/", Connexion.as_view(), name="connexion"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="deconnexion"),
    path("confirmer/<str:jeton>/", confirmer_email, name="confirmer_email"),
    path("confirmer-de-nouveau/", renvoyer_confirmation, name="renvoyer_confirmation"),
    path("", tableau_de_bord, name="tableau_de_bord"),
    path("organisation/", organisation, name="organisation"),
    path(
        "mot-de-passe/oublie/",
        limite_de_debit("mot_de_passe_oublie")(MotDePasseOublie.as_view()),
        name="mot_de_passe_oublie",
    ),
    path("mot-de-passe/envoye/", MotDePasseEnvoye.as_view(), name="mot_de_passe_envoye"),
    path("mot-de-passe/nouveau/<uidb64>/<token>/", NouveauMotDePasse.as_view(), name="nouveau_mot_de_passe"),
    path("mot-de-passe/change/", MotDePasseChange.as_view(), name="mot_de_passe_change"),
]


def _creation_de_jeton(request):
    return request.method == "POST" and "revoquer" not in request.POST


@login_required
@limite_de_debit("creation_jeton", compte=_creation_de_jeton)
def jetons(request):
    """Jetons personnels d'accès à l'API : la valeur n'est affichée qu'une fois, à la création."""
    from osezia.comptes.models import JetonAPI

    nouveau = None
    if request.method == "POST":
        if "revoquer" in request.POST:
            jeton = (
                JetonAPI.objects.actifs()
                .filter(pk=identifiant(request.POST["revoquer"]), utilisateur=request.user)
                .first()
            )
            if jeton:
                services.revoquer_jeton(jeton=jeton, utilisateur=request.user)
                messages.success(request, f"Le jeton « {jeton.nom} » est révoqué.")
            else:
                messages.error(request, "Ce jeton n'existe pas ou a déjà été révoqué.")
            return redirect("comptes:jetons")
        formulaire = FormulaireJeton(request.POST)
        if formulaire.is_valid():
            donnees = formulaire.cleaned_data
            _, nouveau = services.creer_jeton(
                utilisateur=request.user,
                nom=donnees["nom"],
                duree_jours=donnees["duree_jours"],
                lecture_seule=donnees["droits"] == "lecture",
            )
            formulaire = FormulaireJeton()
    else:
        formulaire = FormulaireJeton()
    return render(
        request,
        "comptes/jetons.html",
        {
            "titre_page": "Jetons d'accès à l'API",
            "fil_ariane": [("Mon espace", reverse_lazy("comptes:tableau_de_bord")), ("Jetons d'API", None)],
            "jetons": request.user.jetons_api.actifs(),
            "nouveau": nouveau,
            "formulaire": formulaire,
            "maintenant": timezone.now(),
        },
    )


urlpatterns.append(path("jetons-api/", jetons, name="jetons"))
