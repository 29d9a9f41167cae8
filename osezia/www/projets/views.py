from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from osezia.cas_usage.models import CasUsage
from osezia.comptes.enums import Role
from osezia.comptes.services import organisation_de
from osezia.diagnostic.models import Diagnostic, Recommandation
from osezia.organisations.models import Organisation
from osezia.projets import droits, graphique, relances, selectors, services, statistiques, transitions
from osezia.projets.enums import PARCOURS, Acteur, Etape, RangRelance, Unite
from osezia.projets.models import Projet, RelanceProjet
from osezia.utils import dates
from osezia.www.decorateurs import role_requis
from osezia.www.dossiers.views import financement_du_projet
from osezia.www.projets.forms import (
    FormulaireArret,
    FormulaireAvancement,
    FormulaireCommentaire,
    FormulaireDocument,
    FormulaireEtape,
    FormulaireFiltresPOC,
    FormulaireIndicateur,
    FormulaireMesure,
    FormulaireMesureRapide,
    FormulaireProjet,
)

FIL = ("Mes projets", "/projets/")


def _projet(request, pk):
    """Le projet s'il est visible (sinon 404, même s'il existe : on ne dit pas qu'il existe)."""
    return get_object_or_404(
        Projet.objects.visibles_par(request.user).select_related(
            "entreprise", "cas_usage", "responsable", "diagnostic", "recommandation"
        ),
        pk=pk,
    )


def _messages_erreur(request, erreur):
    if isinstance(erreur, PermissionDenied):
        messages.error(request, str(erreur) or "Action impossible.")
    else:
        for texte in erreur.messages:
            messages.error(request, texte)


def _erreurs_formulaire(request, formulaire):
    for champ, erreurs in formulaire.errors.items():
        libelle = formulaire.fields[champ].label if champ in formulaire.fields else ""
        for texte in erreurs:
            messages.error(request, f"{libelle} : {texte}" if libelle else texte)


@role_requis(Role.ENTREPRISE, Role.CONSEILLER)
def liste(request):
    entreprise = None
    if "entreprise" in request.GET:
        entreprise = (
            Organisation.objects.entreprises().filter(pk=request.GET["entreprise"]).first()
            if request.GET["entreprise"].isdigit()
            else None
        )
        if entreprise is None:
            raise Http404("Entreprise inconnue.")
    page = Paginator(selectors.liste(request.user, entreprise=entreprise), selectors.TAILLE_PAGE).get_page(
        request.GET.get("page")
    )
    lignes = [
        {
            "projet": p,
            "jalon": selectors.prochain_jalon(p),
            "indicateurs": [(i, selectors.derniere_mesure(i)) for i in p.indicateurs.all()],
        }
        for p in page
    ]
    organisation = organisation_de(request.user)
    est_entreprise = request.user.est_entreprise and organisation is not None
    if request.user.est_conseiller:
        titre = f"Projets de {entreprise.nom}" if entreprise else "Projets de mon portefeuille"
    elif request.user.est_pilote and not est_entreprise:
        titre = "Tous les projets IA"
    else:
        titre = "Mes projets"
    return render(
        request,
        "projets/liste.html",
        {
            "titre_page": titre,
            "fil_ariane": [(titre, None)],
            "page": page,
            "parametres": f"entreprise={entreprise.pk}" if entreprise else "",
            "lignes": lignes,
            "peut_creer": est_entreprise,
            "cas_usage": CasUsage.objects.publies().order_by("titre") if est_entreprise else [],
        },
    )


@role_requis(Role.ENTREPRISE, organisation=True)
def nouveau(request, organisation):
    """Création d'un projet : d'une recommandation (?recommandation=) ou d'un cas d'usage (?cas_usage=)."""
    if not droits.est_membre(request.user, organisation):
        raise PermissionDenied("Seuls les membres de l'entreprise créent ses projets.")
    recommandation, cas, initial = None, None, {"responsable": request.user, "date_debut": dates.aujourdhui()}
    # Le formulaire est envoyé à la même adresse : l'origine (recommandation ou cas d'usage) reste dans l'URL.
    source = request.GET
    if source.get("recommandation"):
        recommandation = get_object_or_404(
            Recommandation.objects.select_related("cas_usage", "diagnostic"),
            pk=source["recommandation"] if str(source["recommandation"]).isdigit() else 0,
            diagnostic__in=Diagnostic.objects.visibles_par(request.user).filter(entreprise=organisation),
        )
        suggestion = services.suggestion_depuis_recommandation(recommandation)
        cas = suggestion["cas_usage"]
        initial.update(suggestion)
    elif source.get("cas_usage"):
        cas = CasUsage.objects.publies().filter(slug=source["cas_usage"]).first()
        if cas is None:
            raise Http404("Cas d'usage inconnu.")
        initial.update({"cas_usage": cas, "titre": cas.titre})
    else:
        return redirect("projets:liste")
    formulaire = FormulaireProjet(request.POST or None, initial=initial, entreprise=organisation, cas_usage=cas)
    if request.method == "POST" and formulaire.is_valid():
        try:
            projet = services.creer_projet(
                utilisateur=request.user,
                entreprise=organisation,
                recommandation=recommandation,
                **formulaire.cleaned_data,
            )
        except (ValidationError, PermissionDenied) as erreur:
            _messages_erreur(request, erreur)
        else:
            messages.success(request, "Projet créé. Ajoutez un indicateur pour mesurer ce qu'il change.")
            return redirect(projet)
    return render(
        request,
        "projets/formulaire.html",
        {
            "titre_page": "Nouveau projet IA",
            "fil_ariane": [FIL, ("Nouveau projet", None)],
            "formulaire": formulaire,
            "recommandation": recommandation,
            "cas": cas,
        },
    )


@role_requis(Role.ENTREPRISE)
def modifier(request, pk):
    projet = _projet(request, pk)
    if not droits.peut_modifier(request.user, projet):
        raise PermissionDenied("Seuls les membres de l'entreprise modifient ce projet.")
    initial = {
        **{champ: getattr(projet, champ) for champ in services.CHAMPS_MODIFIABLES},
        "equipe": projet.equipe.all(),
        "solutions": projet.solutions.all(),
    }
    formulaire = FormulaireProjet(
        request.POST or None, initial=initial, entreprise=projet.entreprise, cas_usage=projet.cas_usage
    )
    if request.method == "POST" and formulaire.is_valid():
        try:
            services.modifier_projet(projet=projet, utilisateur=request.user, **formulaire.cleaned_data)
        except (ValidationError, PermissionDenied) as erreur:
            _messages_erreur(request, erreur)
        else:
            messages.success(request, "Projet enregistré.")
            return redirect(projet)
    return render(
        request,
        "projets/formulaire.html",
        {
            "titre_page": f"Modifier le projet « {projet.titre} »",
            "fil_ariane": [FIL, (projet.titre, projet.get_absolute_url()), ("Modifier", None)],
            "formulaire": formulaire,
            "projet": projet,
            "recommandation": None,
            "cas": projet.cas_usage,
        },
    )


def _repere(projet):
    """Le repère d'étapes : le parcours, l'étape courante, et l'état à part (pause, abandon)."""
    if projet.etape in PARCOURS:
        indice = PARCOURS.index(projet.etape)
    else:
        dernier = projet.changements.exclude(de__in=[Etape.EN_PAUSE, Etape.ABANDONNE]).order_by("-le", "-pk").first()
        indice = PARCOURS.index(dernier.de) if dernier and dernier.de in PARCOURS else 0
    return {
        "etapes": [{"libelle": e.label, "faite": i < indice, "courante": i == indice} for i, e in enumerate(PARCOURS)],
        "indice": indice + 1,
        "derniere": PARCOURS[indice].label,
        "nombre": len(PARCOURS),
        "hors_parcours": projet.etape not in PARCOURS,
    }


@role_requis(Role.ENTREPRISE, Role.CONSEILLER)
def detail(request, pk):
    projet = _projet(request, pk)
    qui = droits.acteur(request.user, projet)
    actions = [
        {
            "vers": Etape(vers),
            "avec_motif": vers in transitions.AVEC_MOTIF,
            "formulaire": FormulaireEtape(prefix=f"etape-{vers}"),
        }
        for vers in transitions.suivantes(projet.etape, qui)
    ]
    modifiable = qui is not None and droits.peut_modifier(request.user, projet)
    indicateurs = selectors.indicateurs_du_projet(projet)
    for ligne in indicateurs:
        ligne["formulaire"] = FormulaireMesure(
            initial={"date": dates.aujourdhui()}, prefix=f"mesure-{ligne['indicateur'].pk}"
        )
    return render(
        request,
        "projets/detail.html",
        {
            "titre_page": projet.titre,
            "fil_ariane": [FIL, (projet.titre, None)],
            "projet": projet,
            "repere": _repere(projet),
            "actions": actions,
            "modifiable": modifiable,
            "financement": financement_du_projet(request.user, projet),
            "peut_commenter": qui is not None,
            "indicateurs": indicateurs,
            "chronologie": selectors.chronologie(projet),
            "commentaires": projet.commentaires.select_related("auteur"),
            "documents": projet.documents.select_related("depose_par"),
            "changements": projet.changements.select_related("par"),
            "solutions": projet.solutions.select_related("fournisseur"),
            "equipe": projet.equipe.all(),
            "jalon": selectors.prochain_jalon(projet),
            # Le prochain rappel au responsable, que l'entreprise voit venir (l'alerte au conseiller n'est pas annoncée).
            "prochaine_relance": projet.prochaine_relance_le
            if modifiable and projet.prochain_rang in (RangRelance.PREMIERE, RangRelance.DEUXIEME)
            else None,
            "formulaire_indicateur": FormulaireIndicateur(
                initial={
                    "libelle": selectors.libelle_kpi(projet.cas_usage),
                    "du_cas_usage": True,
                    "date_reference": dates.aujourdhui(),
                    "unite": Unite.NOMBRE,
                },
                prefix="indicateur",
            ),
            "formulaire_commentaire": FormulaireCommentaire(prefix="commentaire"),
            "formulaire_document": FormulaireDocument(prefix="document"),
        },
    )


@require_POST
@role_requis(Role.ENTREPRISE, Role.CONSEILLER)
def etape(request, pk):
    projet = _projet(request, pk)
    vers = request.POST.get("vers", "")
    formulaire = FormulaireEtape(request.POST, prefix=f"etape-{vers}")
    formulaire.is_valid()  # le motif est vérifié par le service, qui connaît les étapes qui l'exigent
    donnees = formulaire.cleaned_data
    try:
        services.changer_etape(
            projet=projet, vers=vers, par=request.user, motif=donnees.get("motif", ""), detail=donnees.get("detail", "")
        )
    except (ValidationError, PermissionDenied) as erreur:
        _messages_erreur(request, erreur)
    else:
        messages.success(request, f"Le projet est passé à l'étape « {Etape(vers).label} ».")
    return redirect(projet)


@require_POST
@role_requis(Role.ENTREPRISE)
def indicateur(request, pk):
    projet = _projet(request, pk)
    formulaire = FormulaireIndicateur(request.POST, prefix="indicateur")
    if formulaire.is_valid():
        try:
            services.ajouter_indicateur(projet=projet, utilisateur=request.user, **formulaire.cleaned_data)
        except (ValidationError, PermissionDenied) as erreur:
            _messages_erreur(request, erreur)
        else:
            messages.success(request, "Indicateur ajouté.")
    else:
        _erreurs_formulaire(request, formulaire)
    return redirect(reverse("projets:detail", args=[projet.pk]) + "#indicateurs")


@require_POST
@role_requis(Role.ENTREPRISE)
def mesure(request, pk, indicateur_pk):
    projet = _projet(request, pk)
    indicateur = get_object_or_404(projet.indicateurs, pk=indicateur_pk)
    formulaire = FormulaireMesure(request.POST, prefix=f"mesure-{indicateur.pk}")
    if formulaire.is_valid():
        try:
            services.ajouter_mesure(indicateur=indicateur, utilisateur=request.user, **formulaire.cleaned_data)
        except (ValidationError, PermissionDenied) as erreur:
            _messages_erreur(request, erreur)
        else:
            messages.success(request, "Mesure enregistrée.")
    else:
        _erreurs_formulaire(request, formulaire)
    return redirect(reverse("projets:detail", args=[projet.pk]) + f"#indicateur-{indicateur.pk}")


@require_POST
@role_requis(Role.ENTREPRISE, Role.CONSEILLER)
def commentaire(request, pk):
    projet = _projet(request, pk)
    formulaire = FormulaireCommentaire(request.POST, prefix="commentaire")
    if formulaire.is_valid():
        try:
            services.commenter(projet=projet, auteur=request.user, texte=formulaire.cleaned_data["texte"])
        except (ValidationError, PermissionDenied) as erreur:
            _messages_erreur(request, erreur)
        else:
            messages.success(request, "Commentaire publié.")
    else:
        _erreurs_formulaire(request, formulaire)
    return redirect(reverse("projets:detail", args=[projet.pk]) + "#commentaires")


@require_POST
@role_requis(Role.ENTREPRISE)
def document(request, pk):
    projet = _projet(request, pk)
    formulaire = FormulaireDocument(request.POST, request.FILES, prefix="document")
    if formulaire.is_valid():
        try:
            services.deposer_document(
                projet=projet, utilisateur=request.user, fichier=formulaire.cleaned_data["fichier"]
            )
        except (ValidationError, PermissionDenied) as erreur:
            _messages_erreur(request, erreur)
        else:
            messages.success(request, "Document déposé.")
    else:
        _erreurs_formulaire(request, formulaire)
    return redirect(reverse("projets:detail", args=[projet.pk]) + "#documents")


@role_requis(Role.ENTREPRISE, Role.CONSEILLER)
def telecharger(request, pk, document_pk):
    projet = _projet(request, pk)
    fichier = get_object_or_404(projet.documents, pk=document_pk)
    reponse = FileResponse(
        fichier.fichier.open("rb"), as_attachment=True, filename=fichier.nom, content_type=fichier.type_contenu
    )
    reponse["X-Content-Type-Options"] = "nosniff"
    return reponse


def _lien_refuse(request, *, titre, message, projet_id=None, status):
    return render(
        request,
        "projets/ou_en_est_refuse.html",
        {"titre_page": titre, "message": message, "projet_id": projet_id},
        status=status,
    )


def ou_en_est(request, jeton):
    """« Où en est ce projet ? » : la page du lien d'un e-mail de relance. Le lien signé (30 jours, une personne, un
    projet) ouvre la page ; il ne connecte personne : agir demande d'être connecté avec le compte relancé, et les
    actions passent par les services (mêmes règles et droits que la page du projet)."""
    try:
        donnees = relances.lire_jeton(jeton)
    except relances.LienInvalide as erreur:
        return _lien_refuse(
            request,
            titre="Lien expiré" if erreur.expire else "Lien invalide",
            message=str(erreur),
            projet_id=erreur.projet_id,
            status=410 if erreur.expire else 400,
        )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.pk != donnees["u"]:
        return _lien_refuse(
            request,
            titre="Ce lien est personnel",
            message="Ce lien a été envoyé à une autre personne. Connectez-vous avec le compte qui a reçu l'e-mail, "
            "ou ouvrez le projet depuis « Mes projets ».",
            status=403,
        )
    projet = (
        Projet.objects.visibles_par(request.user)
        .select_related("entreprise", "cas_usage", "responsable")
        .filter(pk=donnees["p"])
        .first()
    )
    if projet is None or not droits.peut_modifier(request.user, projet):
        return _lien_refuse(
            request,
            titre="Projet inaccessible",
            message="Ce projet a été supprimé, ou vous ne faites plus partie de son entreprise.",
            status=404,
        )
    relance = RelanceProjet.objects.filter(pk=donnees["r"], projet=projet).first()
    possibles = transitions.suivantes(projet.etape, Acteur.ENTREPRISE)
    avancer = [e for e in possibles if e not in transitions.AVEC_MOTIF]
    arreter = [e for e in possibles if e in transitions.AVEC_MOTIF]
    indicateurs = projet.indicateurs.order_by("cree_le", "pk")
    donnees_post = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if donnees_post else None
    formulaires = {
        "etape": FormulaireAvancement(donnees_post if action == "etape" else None, etapes=avancer, prefix="avancement"),
        "mesure": FormulaireMesureRapide(
            donnees_post if action == "mesure" else None,
            indicateurs=indicateurs,
            initial={"date": dates.aujourdhui()},
            prefix="mesure",
        ),
        "arret": FormulaireArret(donnees_post if action == "arret" else None, etapes=arreter, prefix="arret"),
    }
    if action in formulaires:
        formulaire = formulaires[action]
        if formulaire.is_valid():
            donnees_formulaire = formulaire.cleaned_data
            try:
                if action == "mesure":
                    services.ajouter_mesure(
                        indicateur=donnees_formulaire["indicateur"],
                        utilisateur=request.user,
                        date=donnees_formulaire["date"],
                        valeur=donnees_formulaire["valeur"],
                    )
                    succes = "Mesure enregistrée. Merci : le projet est à jour."
                else:
                    services.changer_etape(
                        projet=projet,
                        vers=donnees_formulaire["vers"],
                        par=request.user,
                        motif=donnees_formulaire.get("motif", ""),
                        detail=donnees_formulaire.get("detail", ""),
                    )
                    succes = f"Le projet est passé à l'étape « {Etape(donnees_formulaire['vers']).label} ». Merci."
            except (ValidationError, PermissionDenied) as erreur:
                _messages_erreur(request, erreur)
            else:
                messages.success(request, succes)
                return redirect(projet)
    elif request.method == "POST":
        messages.error(request, "Choisissez l'une des trois réponses.")
    return render(
        request,
        "projets/ou_en_est.html",
        {
            "titre_page": f"Où en est le projet « {projet.titre} » ?",
            "fil_ariane": [FIL, (projet.titre, projet.get_absolute_url()), ("Où en est ce projet ?", None)],
            "projet": projet,
            "relance": relance,
            "formulaires": formulaires,
            "avancer": avancer,
            "arreter": arreter,
            "indicateurs": indicateurs.exists(),
            "partage": relances.structures_partagees(projet).exists(),
        },
    )


@role_requis(Role.ENTREPRISE, Role.CONSEILLER)
def sortie_du_poc(request):
    """Les cohortes de projets entrés en POC : l'entreprise ses projets, le conseiller son portefeuille (les
    entreprises qui partagent leurs données avec sa structure), le pilote tous les projets, avec des filtres."""
    projets = Projet.objects.visibles_par(request.user)
    formulaire = None
    pilote = request.user.est_pilote  # un pilote voit tous les projets (visibles_par), avec les filtres
    if pilote:
        formulaire = FormulaireFiltresPOC(request.GET or None)
        if request.GET and not formulaire.is_valid():
            projets = None
        elif request.GET:
            projets = formulaire.filtrer(projets)
    if request.user.est_conseiller:
        titre = "Sortie du POC dans mon portefeuille"
    elif pilote:
        titre = "Sortie du POC : tous les projets"
    else:
        titre = "Sortie du POC de vos projets"
    if projets is None:
        chiffres = None
    elif pilote:
        # Tous les projets, ou ceux des filtres : le calcul le plus coûteux, gardé en cache par version des données.
        cle = (
            "&".join(f"{k}={v}" for k, v in sorted((formulaire.cleaned_data or {}).items()) if v) if request.GET else ""
        )
        chiffres = statistiques.sortie_du_poc_en_cache(projets, cle=cle)
    else:
        chiffres = statistiques.sortie_du_poc(projets)
    return render(
        request,
        "projets/sortie_du_poc.html",
        {
            "titre_page": titre,
            "fil_ariane": [(titre, None)] if pilote else [FIL, ("Sortie du POC", None)],
            "formulaire": formulaire,
            "filtre": bool(request.GET),
            "chiffres": chiffres,
            "etapes": [Etape(e) for e in statistiques.ETAPES_MESUREES],
            "seuil": statistiques.SEUIL_POURCENTAGE,
            "graphique_parts": graphique.parts_poc_svg(chiffres.cohortes, identifiant="poc-parts")
            if chiffres and not chiffres.vide
            else None,
            "graphique_medianes": graphique.medianes_svg(chiffres.ensemble, identifiant="poc-medianes")
            if chiffres and not chiffres.vide
            else None,
        },
    )


app_name = "projets"
urlpatterns = [
    path("", liste, name="liste"),
    path("nouveau/", nouveau, name="nouveau"),
    path("sortie-du-poc/", sortie_du_poc, name="sortie_du_poc"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/modifier/", modifier, name="modifier"),
    path("<int:pk>/etape/", etape, name="etape"),
    path("<int:pk>/indicateurs/", indicateur, name="indicateur"),
    path("<int:pk>/indicateurs/<int:indicateur_pk>/mesures/", mesure, name="mesure"),
    path("<int:pk>/commentaires/", commentaire, name="commentaire"),
    path("<int:pk>/documents/", document, name="document"),
    path("<int:pk>/documents/<int:document_pk>/", telecharger, name="telecharger"),
    path("ou-en-est/<str:jeton>/", ou_en_est, name="ou_en_est"),
]
