from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from osezia.comptes.services import TYPE_PAR_ROLE, organisation_de
from osezia.diagnostic import pdf, services
from osezia.diagnostic import questionnaire as q
from osezia.diagnostic.enums import StatutDiagnostic, StatutFichierPDF
from osezia.diagnostic.models import Diagnostic
from osezia.diagnostic.rapport import construire
from osezia.organisations.enums import TypeOrganisation
from osezia.organisations.models import Consentement, Membre, Organisation
from osezia.utils.texte import identifiant
from osezia.www.diagnostic.forms import FormulaireDimension, FormulaireProfilEntreprise, FormulaireTextesDiagnostic

NOMBRE_ETAPES = 1 + len(q.questionnaire().dimensions)


def _titres_etapes():
    return ["Votre entreprise"] + [d.titre for d in q.questionnaire().dimensions]


def _diagnostic_visible(request, pk):
    return get_object_or_404(
        Diagnostic.objects.visibles_par(request.user).select_related("entreprise", "naf", "region"), pk=pk
    )


def accueil(request):
    if request.user.is_authenticated and request.user.est_conseiller:
        return redirect("conseiller:portefeuille")
    organisation = organisation_de(request.user) if request.user.is_authenticated else None
    diagnostics = organisation.diagnostics.order_by("-numero") if organisation else []
    en_cours = next((d for d in diagnostics if d.statut == StatutDiagnostic.BROUILLON), None)
    return render(
        request,
        "diagnostic/accueil.html",
        {
            "titre_page": "Diagnostic IA de votre entreprise",
            "fil_ariane": [("Diagnostic", None)],
            "organisation": organisation,
            "diagnostics": diagnostics,
            "en_cours": en_cours,
            "nombre_questions": len(q.questionnaire().questions),
        },
    )


@login_required
def demarrer(request):
    """Étape « profil » d'un nouveau diagnostic : l'organisation (créée si besoin) et les deux textes libres."""
    utilisateur = request.user
    if not utilisateur.est_entreprise:
        raise PermissionDenied("Le diagnostic se fait depuis un compte entreprise (ou par un conseiller).")
    organisation = organisation_de(utilisateur)
    en_cours = Diagnostic.objects.brouillon_de(organisation) if organisation else None
    if en_cours:
        return redirect("diagnostic:etape", en_cours.pk, en_cours.etape)
    precedent = organisation.diagnostics.order_by("-numero").first() if organisation else None
    formulaire_organisation = FormulaireProfilEntreprise(
        request.POST or None, instance=organisation, type_organisation=TYPE_PAR_ROLE[utilisateur.role], prefix="org"
    )
    formulaire_textes = FormulaireTextesDiagnostic(
        request.POST or None, initial={"description": precedent.description if precedent else ""}, prefix="txt"
    )
    if request.method == "POST" and formulaire_organisation.is_valid() & formulaire_textes.is_valid():
        with transaction.atomic():
            nouvelle = organisation is None
            organisation = formulaire_organisation.save(commit=False)
            if nouvelle:
                organisation.type = TypeOrganisation.ENTREPRISE
                organisation.full_clean(exclude=["slug"])
                organisation.save()
                Membre.objects.create(utilisateur=utilisateur, organisation=organisation, est_administrateur=True)
            diagnostic = services.demarrer(utilisateur=utilisateur, entreprise=organisation)
            services.enregistrer_profil(
                diagnostic=diagnostic,
                utilisateur=utilisateur,
                organisation=organisation,
                description=formulaire_textes.cleaned_data["description"],
                besoins=formulaire_textes.cleaned_data["besoins"],
            )
        return redirect("diagnostic:etape", diagnostic.pk, 1)
    return _rendre_profil(request, None, formulaire_organisation, formulaire_textes)


def _rendre_profil(request, diagnostic, formulaire_organisation, formulaire_textes):
    return render(
        request,
        "diagnostic/etape_profil.html",
        {
            "titre_page": "Diagnostic — votre entreprise",
            "fil_ariane": [("Diagnostic", reverse("diagnostic:accueil")), ("Votre entreprise", None)],
            "diagnostic": diagnostic,
            "formulaire_organisation": formulaire_organisation,
            "formulaire_textes": formulaire_textes,
            **_stepper(0),
        },
    )


def _stepper(indice):
    titres = _titres_etapes()
    return {
        "etape": indice,
        "etape_numero": indice + 1,
        "nombre_etapes": NOMBRE_ETAPES,
        "etape_titre": titres[indice],
        "etape_suivante": titres[indice + 1] if indice + 1 < NOMBRE_ETAPES else "Votre rapport",
    }


@login_required
def etape(request, pk, indice):
    diagnostic = _diagnostic_visible(request, pk)
    if not 0 <= indice < NOMBRE_ETAPES:
        raise Http404("Étape inconnue.")
    if not services.peut_modifier(request.user, diagnostic):
        messages.info(request, "Ce diagnostic ne se modifie plus : voici son rapport.")
        return redirect(diagnostic)
    if indice == 0:
        return _etape_profil(request, diagnostic)
    dimension = q.questionnaire().dimensions[indice - 1]
    formulaire = FormulaireDimension(request.POST or None, dimension=dimension, reponses=diagnostic.reponses)
    if request.method == "POST":
        reponses = formulaire.reponses_valides()
        complet = formulaire.verifier_completude({**diagnostic.reponses, **reponses})
        suivante = indice + 1 if complet else None
        diagnostic = services.enregistrer_reponses(
            diagnostic=diagnostic,
            utilisateur=request.user,
            reponses=reponses,
            etape_suivante=suivante,
        )
        if request.htmx:
            return render(request, "diagnostic/_enregistre.html", {"heure": timezone.localtime()})
        if "plus_tard" in request.POST:
            messages.success(
                request, "Vos réponses sont enregistrées : reprenez quand vous voulez depuis « Diagnostic »."
            )
            return redirect("diagnostic:accueil")
        if complet:
            if indice + 1 < NOMBRE_ETAPES:
                return redirect("diagnostic:etape", diagnostic.pk, indice + 1)
            return _terminer(request, diagnostic)
        formulaire = FormulaireDimension(request.POST, dimension=dimension, reponses=diagnostic.reponses)
        formulaire.verifier_completude(diagnostic.reponses)
    return render(
        request,
        "diagnostic/etape_dimension.html",
        {
            "titre_page": f"Diagnostic — {dimension.titre}",
            "fil_ariane": [("Diagnostic", reverse("diagnostic:accueil")), (dimension.titre, None)],
            "diagnostic": diagnostic,
            "dimension": dimension,
            "formulaire": formulaire,
            **_stepper(indice),
        },
    )


def _etape_profil(request, diagnostic):
    organisation = diagnostic.entreprise
    formulaire_organisation = FormulaireProfilEntreprise(
        request.POST or None, instance=organisation, type_organisation=TypeOrganisation.ENTREPRISE, prefix="org"
    )
    formulaire_textes = FormulaireTextesDiagnostic(
        request.POST or None,
        initial={"description": diagnostic.description, "besoins": diagnostic.besoins},
        prefix="txt",
    )
    if request.method == "POST" and formulaire_organisation.is_valid() & formulaire_textes.is_valid():
        services.enregistrer_profil(
            diagnostic=diagnostic,
            utilisateur=request.user,
            organisation=formulaire_organisation.save(commit=False),
            description=formulaire_textes.cleaned_data["description"],
            besoins=formulaire_textes.cleaned_data["besoins"],
        )
        return redirect("diagnostic:etape", diagnostic.pk, 1)
    return _rendre_profil(request, diagnostic, formulaire_organisation, formulaire_textes)


def _terminer(request, diagnostic):
    try:
        services.terminer(diagnostic=diagnostic, utilisateur=request.user)
    except ValidationError as erreur:
        for texte in erreur.messages:
            messages.error(request, texte)
        premiere = next(
            (
                i
                for i, d in enumerate(q.questionnaire().dimensions, 1)
                if any(x.cle not in diagnostic.reponses for x in d.questions)
            ),
            0,
        )
        return redirect("diagnostic:etape", diagnostic.pk, premiere)
    messages.success(request, "Votre diagnostic est prêt.")
    return redirect(diagnostic)


@login_required
def rapport(request, pk):
    diagnostic = _diagnostic_visible(request, pk)
    if diagnostic.statut == StatutDiagnostic.BROUILLON:
        messages.info(request, "Terminez le questionnaire pour obtenir votre rapport.")
        return redirect("diagnostic:etape", diagnostic.pk, diagnostic.etape)
    vue_conseiller = request.user.est_conseiller or request.user.est_pilote
    return render(
        request,
        "diagnostic/rapport.html",
        {
            "titre_page": f"Rapport de diagnostic {diagnostic.libelle} — {diagnostic.entreprise.nom}",
            "fil_ariane": [("Diagnostic", reverse("diagnostic:accueil")), (f"Rapport {diagnostic.libelle}", None)],
            "rapport": construire(diagnostic, vue_conseiller=vue_conseiller),
            "peut_modifier": services.peut_modifier(request.user, diagnostic),
            # « En faire un projet » : les membres de l'entreprise seulement (la page, jamais le PDF).
            "projets_possibles": request.user.est_entreprise and diagnostic.entreprise.a_pour_membre(request.user),
        },
    )


@login_required
def rapport_en_pdf(request, pk):
    diagnostic = _diagnostic_visible(request, pk)
    if diagnostic.statut == StatutDiagnostic.BROUILLON:
        raise Http404("Le rapport n'existe pas encore : terminez le questionnaire.")
    fichier = pdf.demander(diagnostic=diagnostic, vue_conseiller=request.user.est_conseiller or request.user.est_pilote)
    if fichier.statut == StatutFichierPDF.PRET:
        reponse = HttpResponse(pdf.contenu(fichier), content_type="application/pdf")
        reponse["Content-Disposition"] = (
            f'attachment; filename="osezia-diagnostic-{diagnostic.libelle}-{diagnostic.entreprise.slug}.pdf"'
        )
        return reponse
    return render(
        request,
        "diagnostic/pdf_en_preparation.html",
        {
            "titre_page": f"Rapport PDF {diagnostic.libelle} en préparation",
            "fil_ariane": [
                ("Diagnostic", reverse("diagnostic:accueil")),
                (f"Rapport {diagnostic.libelle}", reverse("diagnostic:rapport", args=[diagnostic.pk])),
                ("PDF", None),
            ],
            "diagnostic": diagnostic,
            "fichier": fichier,
        },
    )


@login_required
def etat_pdf(request, pk, fichier_pk):
    """Fragment interrogé par htmx toutes les 2 secondes tant que le PDF se prépare."""
    diagnostic = _diagnostic_visible(request, pk)
    fichier = get_object_or_404(diagnostic.fichiers_pdf, pk=fichier_pk)
    return render(request, "diagnostic/_etat_pdf.html", {"diagnostic": diagnostic, "fichier": fichier})


@login_required
def partage(request):
    organisation = organisation_de(request.user)
    if organisation is None or organisation.type != TypeOrganisation.ENTREPRISE:
        raise PermissionDenied("Le partage concerne les comptes entreprise.")
    if request.method == "POST":
        if "retirer" in request.POST:
            # Un partage suspendu par un effacement programmé se retire aussi.
            consentement = Consentement.objects.filter(
                pk=identifiant(request.POST.get("retirer")), entreprise=organisation, retire_le__isnull=True
            ).first()
            if consentement is None:
                messages.error(request, "Ce partage n'existe pas ou a déjà été retiré.")
            else:
                services.retirer_partage(consentement=consentement, utilisateur=request.user)
                messages.success(request, f"Le partage avec {consentement.structure.nom} est retiré.")
        else:
            structure = Organisation.objects.structures().filter(pk=identifiant(request.POST.get("structure"))).first()
            if organisation.effacement_demande_le is not None:
                messages.error(request, "L'effacement de votre organisation est programmé : annulez-le pour partager.")
            elif structure is None:
                messages.error(request, "Choisissez une structure dans la liste.")
            else:
                services.partager(entreprise=organisation, structure=structure, utilisateur=request.user)
                messages.success(request, f"Vos diagnostics sont partagés avec {structure.nom}.")
        return redirect("diagnostic:partage")
    actifs = organisation.consentements.filter(retire_le__isnull=True).select_related("structure")
    return render(
        request,
        "diagnostic/partage.html",
        {
            "titre_page": "Partager mes diagnostics avec un conseiller",
            "fil_ariane": [("Diagnostic", reverse("diagnostic:accueil")), ("Partager", None)],
            "consentements": actifs,
            "suspendus": organisation.effacement_demande_le is not None,
            "structures": Organisation.objects.structures().exclude(pk__in=actifs.values("structure")).order_by("nom"),
        },
    )


@login_required
@require_POST
def nouveau(request):
    """Refaire un diagnostic (T1, T2…) : le profil est repris, les réponses repartent de zéro."""
    organisation = organisation_de(request.user)
    if organisation is None:
        return redirect("diagnostic:demarrer")
    if Diagnostic.objects.brouillon_de(organisation):
        return redirect("diagnostic:demarrer")
    diagnostic = services.demarrer(utilisateur=request.user, entreprise=organisation)
    return redirect("diagnostic:etape", diagnostic.pk, 0)


app_name = "diagnostic"
urlpatterns = [
    path("", accueil, name="accueil"),
    path("demarrer/", demarrer, name="demarrer"),
    path("nouveau/", nouveau, name="nouveau"),
    path("partage/", partage, name="partage"),
    path("<int:pk>/", rapport, name="rapport"),
    path("<int:pk>/rapport.pdf", rapport_en_pdf, name="rapport_pdf"),
    path("<int:pk>/pdf/<int:fichier_pk>/etat/", etat_pdf, name="etat_pdf"),
    path("<int:pk>/etape/<int:indice>/", etape, name="etape"),
]
