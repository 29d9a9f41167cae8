"""Pages des dossiers de financement : « Mes dossiers », demander une aide pour un projet, la page d'un dossier
(pièces, messages, état ; pour l'instruction : attribution, annotations privées, décision, versements), la file
d'instruction d'une structure et l'attestation de décision en PDF. Droits : `osezia.dossiers.droits`."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from osezia.comptes.enums import Role
from osezia.comptes.models import Utilisateur
from osezia.dossiers import chargement, droits, pdf, selectors, services, transitions
from osezia.dossiers.enums import Acteur, Etat
from osezia.dossiers.models import Dossier, Guichet
from osezia.financement.enums import StatutEligibilite
from osezia.projets.models import Projet
from osezia.referentiels.models import Region
from osezia.utils import dates
from osezia.utils.texte import identifiant
from osezia.www.decorateurs import role_requis

ROLES = (Role.ENTREPRISE, Role.CONSEILLER)


def _dossier(request, pk):
    """Le dossier s'il est visible (sinon 404, même s'il existe : on ne dit pas qu'il existe)."""
    return get_object_or_404(
        Dossier.objects.visibles_par(request.user).select_related(
            "projet", "entreprise", "dispositif", "operateur", "instructeur", "region"
        ),
        pk=pk,
    )


def _erreur(request, erreur):
    if isinstance(erreur, PermissionDenied):
        messages.error(request, str(erreur) or "Action impossible.")
    else:
        for texte in erreur.messages:
            messages.error(request, texte)


def _retour(dossier, ancre=""):
    return redirect(reverse("dossiers:detail", args=[dossier.pk]) + ancre)


def financement_du_projet(utilisateur, projet):
    """Ce que la page d'un projet montre de ses dossiers : chacun avec son état, le total des aides obtenues et sa
    part du coût prévu, le plafond de minimis de l'entreprise (alerte à l'approche) et le bouton pour demander."""
    dossiers = Dossier.objects.visibles_par(utilisateur).filter(projet=projet).select_related("dispositif")
    return {
        "dossiers": dossiers.order_by("-cree_le", "-pk"),
        "aides": selectors.aides_du_projet(projet),
        "de_minimis": selectors.de_minimis(projet.entreprise, aujourdhui=dates.aujourdhui()),
        "peut_demander": droits.est_membre(utilisateur, projet.entreprise) and utilisateur.est_entreprise,
    }


@role_requis(*ROLES)
def liste(request):
    dossiers = (
        Dossier.objects.visibles_par(request.user)
        .select_related("projet", "entreprise", "dispositif", "operateur")
        .order_by("-modifie_le", "-pk")
    )
    page = Paginator(dossiers, selectors.TAILLE_PAGE).get_page(request.GET.get("page"))
    titre = "Mes dossiers de financement" if request.user.est_entreprise else "Dossiers de financement"
    return render(
        request,
        "dossiers/liste.html",
        {
            "titre_page": titre,
            "fil_ariane": [(titre, None)],
            "page": page,
            "instructeur": droits.est_instructeur(request.user),
        },
    )


@role_requis(Role.ENTREPRISE)
def nouveau(request):
    """Choisir le dispositif pour un projet (?projet=) : chaque guichet ouvert, avec l'éligibilité du jour."""
    source = request.POST if request.method == "POST" else request.GET
    projet = get_object_or_404(
        Projet.objects.visibles_par(request.user).select_related("entreprise", "cas_usage"),
        pk=identifiant(source.get("projet")) or 0,
    )
    if not droits.est_membre(request.user, projet.entreprise):
        raise PermissionDenied("Seuls les membres de l'entreprise demandent une aide.")
    guichets = Guichet.objects.filter(operateur__isnull=False).select_related("dispositif", "operateur")
    if request.method == "POST":
        guichet = guichets.filter(dispositif__slug=request.POST.get("dispositif", "")).first()
        montant = identifiant(request.POST.get("montant_demande", "").replace(" ", "").replace("\u202f", ""))
        if guichet is None:
            messages.error(request, "Choisissez un dispositif qui reçoit des dossiers en ligne.")
        elif request.POST.get("montant_demande", "").strip() and montant is None:
            messages.error(request, "Montant demandé : écrivez un nombre entier d'euros, par exemple 20 000.")
        else:
            try:
                dossier = services.creer_dossier(
                    utilisateur=request.user,
                    projet=projet,
                    dispositif=guichet.dispositif,
                    montant_demande=montant,
                    objet=request.POST.get("objet", "")[:5000],
                )
            except (ValidationError, PermissionDenied) as erreur:
                _erreur(request, erreur)
            else:
                messages.success(request, "Brouillon créé : joignez les pièces demandées, puis déposez le dossier.")
                return _retour(dossier)
    lignes = [{"guichet": g, "eligibilite": services.evaluer(projet, g.dispositif)} for g in guichets]
    titre = f"Demander une aide pour « {projet.titre} »"
    return render(
        request,
        "dossiers/nouveau.html",
        {
            "titre_page": titre,
            "fil_ariane": [
                ("Mes projets", reverse("projets:liste")),
                (projet.titre, projet.get_absolute_url()),
                ("Demander une aide", None),
            ],
            "projet": projet,
            "lignes": lignes,
            "bloquants": [str(s) for s in services.STATUTS_BLOQUANTS],
        },
    )


@role_requis(*ROLES)
def detail(request, pk):
    dossier = _dossier(request, pk)
    guichet = Guichet.objects.get(dispositif=dossier.dispositif_id)
    qui = droits.acteur(request.user, dossier)
    pieces = list(dossier.pieces.select_related("depose_par"))
    demandees = [
        {
            **p,
            "jointe": next((x for x in pieces if x.code == p["code"]), None),
            "formats": chargement.libelles_types(p["types"]),
        }
        for p in guichet.pieces
    ]
    suivants = droits.etats_possibles(request.user, dossier)
    instruction = qui == Acteur.INSTRUCTEUR
    aujourdhui = dates.aujourdhui()
    contexte = {
        "titre_page": f"Dossier n° {dossier.pk} : {dossier.dispositif.nom}",
        "fil_ariane": [("Dossiers de financement", reverse("dossiers:liste")), (f"Dossier n° {dossier.pk}", None)],
        "dossier": dossier,
        "guichet": guichet,
        "demandees": demandees,
        "complements": [p for p in pieces if not p.code],
        "modifiable": droits.peut_modifier(request.user, dossier),
        "suivants": [
            {
                "vers": Etat(v),
                "motivation": v in transitions.AVEC_MOTIVATION,
                "message": v in transitions.AVEC_MESSAGE,
                "montant": v in transitions.AVEC_MONTANT_ACCORDE,
            }
            for v in suivants
            if v not in transitions.AVEC_VERSEMENT
        ],
        "versement_possible": any(v in transitions.AVEC_VERSEMENT for v in suivants),
        "reste_a_verser": (dossier.montant_accorde or 0) - dossier.total_verse,
        "versements": dossier.versements.all(),
        "changements": dossier.changements.select_related("par"),
        "messages_dossier": dossier.messages.select_related("auteur"),
        "peut_ecrire": droits.peut_ecrire_message(request.user, dossier),
        "instruction": instruction,
        "voit_annotations": droits.voit_annotations(request.user, dossier),
        "annotations": dossier.annotations.select_related("auteur")
        if droits.voit_annotations(request.user, dossier)
        else [],
        "instructeurs": Utilisateur.objects.filter(
            adhesions__organisation=dossier.operateur_id, adhesions__est_instructeur=True, role=Role.CONSEILLER
        ).order_by("last_name", "first_name", "pk")
        if instruction
        else [],
        "en_retard": dossier.en_retard(aujourdhui),
        "manquantes": services.pieces_manquantes(dossier) if dossier.etat == Etat.BROUILLON else [],
        "aujourdhui": aujourdhui,
        "statut_libelle": StatutEligibilite(dossier.eligibilite_statut).label if dossier.eligibilite_statut else "",
    }
    return render(request, "dossiers/detail.html", contexte)


@require_POST
@role_requis(Role.ENTREPRISE)
def supprimer(request, pk):
    dossier = _dossier(request, pk)
    try:
        services.supprimer_brouillon(dossier=dossier, utilisateur=request.user)
    except PermissionDenied as erreur:
        _erreur(request, erreur)
        return _retour(dossier)
    messages.success(request, "Brouillon supprimé.")
    return redirect("dossiers:liste")


@require_POST
@role_requis(Role.ENTREPRISE)
def piece(request, pk):
    dossier = _dossier(request, pk)
    fichier = request.FILES.get("fichier")
    if fichier is None:
        messages.error(request, "Choisissez un fichier à joindre.")
        return _retour(dossier, "#pieces")
    try:
        services.deposer_piece(
            dossier=dossier, utilisateur=request.user, fichier=fichier, code=request.POST.get("code", "")
        )
    except (ValidationError, PermissionDenied) as erreur:
        _erreur(request, erreur)
    else:
        messages.success(request, f"Pièce jointe : {fichier.name}.")
    return _retour(dossier, "#pieces")


@role_requis(*ROLES)
def telecharger(request, pk, piece_pk):
    dossier = _dossier(request, pk)
    fichier = get_object_or_404(dossier.pieces, pk=piece_pk)
    reponse = FileResponse(
        fichier.fichier.open("rb"), as_attachment=True, filename=fichier.nom, content_type=fichier.type_contenu
    )
    reponse["X-Content-Type-Options"] = "nosniff"
    return reponse


def _date(texte):
    try:
        return datetime.date.fromisoformat((texte or "").strip())
    except ValueError:
        return None


@require_POST
@role_requis(*ROLES)
def etat(request, pk):
    dossier = _dossier(request, pk)
    vers = request.POST.get("vers", "")
    brut = request.POST.get("montant", "").replace(" ", "").replace("\u202f", "")
    montant = identifiant(brut)
    if brut and montant is None:
        messages.error(request, "Montant : écrivez un nombre entier d'euros, par exemple 16 000.")
        return _retour(dossier)
    version = identifiant(request.POST.get("version")) or dossier.version
    try:
        if vers == "versement":
            date = _date(request.POST.get("date"))
            services.enregistrer_versement(
                dossier=dossier, par=request.user, montant=montant, date=date, version=version
            )
        else:
            services.changer_etat(
                dossier=dossier,
                vers=vers,
                par=request.user,
                texte=request.POST.get("texte", "")[:5000],
                montant=montant,
                version=version,
            )
    except (ValidationError, PermissionDenied) as erreur:
        _erreur(request, erreur)
    else:
        dossier.refresh_from_db()
        messages.success(request, f"Dossier « {dossier.get_etat_display()} ».")
    return _retour(dossier)


@require_POST
@role_requis(*ROLES)
def message(request, pk):
    dossier = _dossier(request, pk)
    try:
        services.ecrire_message(dossier=dossier, auteur=request.user, texte=request.POST.get("texte", "")[:5000])
    except (ValidationError, PermissionDenied) as erreur:
        _erreur(request, erreur)
    else:
        messages.success(request, "Message envoyé.")
    return _retour(dossier, "#messages")


@require_POST
@role_requis(Role.CONSEILLER)
def annotation(request, pk):
    dossier = _dossier(request, pk)
    try:
        services.annoter(dossier=dossier, auteur=request.user, texte=request.POST.get("texte", "")[:5000])
    except (ValidationError, PermissionDenied) as erreur:
        _erreur(request, erreur)
    else:
        messages.success(request, "Annotation enregistrée (l'entreprise ne la voit pas).")
    return _retour(dossier, "#annotations")


@require_POST
@role_requis(Role.CONSEILLER)
def attribuer(request, pk):
    dossier = _dossier(request, pk)
    choisi = identifiant(request.POST.get("instructeur"))
    instructeur = Utilisateur.objects.filter(pk=choisi).first() if choisi else None
    try:
        services.attribuer(dossier=dossier, par=request.user, instructeur=instructeur)
    except (ValidationError, PermissionDenied) as erreur:
        _erreur(request, erreur)
    else:
        messages.success(
            request,
            f"Dossier confié à {instructeur.nom_affiche}." if instructeur else "Dossier sans instructeur attribué.",
        )
    return _retour(dossier)


@role_requis(Role.CONSEILLER)
def instruction(request):
    """La file d'instruction : les dossiers des structures que l'on instruit, filtrés, triés par échéance."""
    if not droits.est_instructeur(request.user) and not request.user.est_pilote:
        raise PermissionDenied("Cette page est réservée aux instructeurs d'une structure qui instruit un dispositif.")
    aujourdhui = dates.aujourdhui()
    filtres = {cle: request.GET.get(cle, "") for cle in ("dispositif", "etat", "region", "age")}
    dossiers = selectors.file_instruction(request.user, aujourdhui=aujourdhui, **filtres)
    page = Paginator(dossiers, selectors.TAILLE_PAGE).get_page(request.GET.get("page"))
    structures = droits.structures_instruites(request.user)
    parametres = "&".join(f"{cle}={valeur}" for cle, valeur in filtres.items() if valeur)
    return render(
        request,
        "dossiers/instruction.html",
        {
            "titre_page": "File d'instruction",
            "fil_ariane": [("File d'instruction", None)],
            "page": page,
            "lignes": [{"dossier": d, "en_retard": d.en_retard(aujourdhui)} for d in page],
            "filtres": filtres,
            "parametres": parametres,
            "dispositifs": Guichet.objects.filter(operateur__in=structures).select_related("dispositif"),
            "etats": [e for e in Etat if e != Etat.BROUILLON],
            "regions": Region.objects.order_by("nom"),
            "ages": [(cle, libelle) for cle, (libelle, _, _) in selectors.AGES.items()],
        },
    )


@role_requis(*ROLES)
def attestation(request, pk):
    dossier = _dossier(request, pk)
    if dossier.decide_le is None:
        raise Http404("Ce dossier n'est pas encore décidé : pas d'attestation.")
    contenu, nom = pdf.attestation(dossier)
    reponse = HttpResponse(contenu, content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    reponse["X-Content-Type-Options"] = "nosniff"
    return reponse


app_name = "dossiers"
urlpatterns = [
    path("", liste, name="liste"),
    path("nouveau/", nouveau, name="nouveau"),
    path("instruction/", instruction, name="instruction"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/supprimer/", supprimer, name="supprimer"),
    path("<int:pk>/pieces/", piece, name="piece"),
    path("<int:pk>/pieces/<int:piece_pk>/", telecharger, name="telecharger"),
    path("<int:pk>/etat/", etat, name="etat"),
    path("<int:pk>/messages/", message, name="message"),
    path("<int:pk>/annotations/", annotation, name="annotation"),
    path("<int:pk>/attribuer/", attribuer, name="attribuer"),
    path("<int:pk>/attestation.pdf", attestation, name="attestation"),
]
