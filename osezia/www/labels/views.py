"""Pages des labels : le registre public ; pour un fournisseur, « Labels » dans son espace (candidater, joindre les
preuves, déposer, suivre) ; pour un évaluateur (pilote ou structure déléguée), la file des candidatures, la décision
motivée critère par critère et le changement de statut d'un label. Droits : `osezia.labels.droits`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from osezia.catalogue.models import Solution
from osezia.comptes.enums import Role
from osezia.labels import droits, selectors, services, transitions
from osezia.labels.enums import Acteur, StatutCandidature, StatutLabel
from osezia.labels.models import Candidature, Delegation, Label, RegimeLabel
from osezia.organisations.models import Organisation
from osezia.utils import dates
from osezia.utils.texte import identifiant
from osezia.www.decorateurs import pilote_requis, role_requis
from osezia.www.labels.forms import FormulaireDelegation, FormulaireRevocation


def _erreur(request, erreur):
    if isinstance(erreur, PermissionDenied):
        messages.error(request, str(erreur) or "Action impossible.")
    else:
        for texte in erreur.messages:
            messages.error(request, texte)


def _candidature(request, pk):
    """La candidature si elle est visible (sinon 404 : on ne dit pas qu'elle existe)."""
    return get_object_or_404(
        Candidature.objects.visibles_par(request.user).select_related("regime", "fournisseur"), pk=pk
    )


def registre(request):
    statut = request.GET.get("statut", "")
    if statut not in StatutLabel.values:
        statut = ""
    labels = selectors.registre(statut=statut or None)
    return render(
        request,
        "labels/registre.html",
        {
            "titre_page": "Registre des labels de confiance",
            "fil_ariane": [("Registre des labels", None)],
            "labels": labels,
            "statuts": StatutLabel.choices,
            "statut": statut,
            "regimes": RegimeLabel.objects.all(),
        },
    )


def _fournisseurs(utilisateur):
    return Organisation.objects.filter(pk__in=droits.fournisseurs_de(utilisateur)).order_by("nom")


@role_requis(Role.FOURNISSEUR)
def mes_labels(request):
    fournisseurs = list(_fournisseurs(request.user))
    if request.method == "POST":
        fournisseur = next((f for f in fournisseurs if f.pk == identifiant(request.POST.get("fournisseur"))), None)
        regime = RegimeLabel.objects.filter(code=request.POST.get("regime", "")).first()
        if fournisseur is None or regime is None:
            messages.error(request, "Choisissez le label demandé.")
        else:
            ids = [i for i in map(identifiant, request.POST.getlist("solutions")) if i]
            try:
                candidature = services.creer_candidature(
                    utilisateur=request.user,
                    fournisseur=fournisseur,
                    regime=regime,
                    solutions=Solution.objects.filter(pk__in=ids),
                )
            except (ValidationError, PermissionDenied) as erreur:
                _erreur(request, erreur)
            else:
                messages.success(
                    request, "Candidature créée : joignez une preuve pour chaque critère, puis déposez-la."
                )
                return redirect("labels:candidature", candidature.pk)
    ids = [f.pk for f in fournisseurs]
    return render(
        request,
        "labels/mes_labels.html",
        {
            "titre_page": "Labels de mon organisation",
            "fil_ariane": [("Espace fournisseur", reverse("espace_fournisseur:solutions")), ("Labels", None)],
            "fournisseurs": fournisseurs,
            "candidatures": Candidature.objects.filter(fournisseur__in=ids).select_related("regime", "fournisseur"),
            "labels": Label.objects.filter(fournisseur__in=ids).select_related("regime").prefetch_related("solutions"),
            "regimes": RegimeLabel.objects.all(),
            "solutions": Solution.objects.filter(fournisseur__in=ids).order_by("nom"),
        },
    )


def _page_candidature(request, c, *, erreurs_preuve=None, critere_choisi="", status=200):
    """La page d'une candidature ; `erreurs_preuve` ({"critere"|"fichier": message}) : la preuve refusée, dont l'erreur
    s'affiche à côté du champ."""
    preuves = {p.critere: p for p in c.preuves.all()}
    decisions = {d.critere: d for d in c.decisions.all()}
    criteres = [
        {
            **critere,
            "preuve_jointe": preuves.get(critere["code"]),
            "decision": decisions.get(critere["code"]),
            "formats": services.libelles_formats(critere),
        }
        for critere in c.regime.criteres
    ]
    return render(
        request,
        "labels/candidature.html",
        {
            "titre_page": f"Candidature à « {c.regime.nom} »",
            "fil_ariane": [
                ("Labels", reverse("labels:mes_labels"))
                if droits.est_membre(request.user, c.fournisseur_id)
                else ("Labels à évaluer", reverse("labels:file")),
                (c.regime.nom, None),
            ],
            "candidature": c,
            "criteres": criteres,
            "modifiable": droits.peut_modifier(request.user, c),
            "voit_preuves": droits.voit_preuves(request.user, c),
            "manquantes": services.preuves_manquantes(c),
            "label": Label.objects.filter(candidature=c).prefetch_related("changements").first(),
            "erreurs_preuve": erreurs_preuve or {},
            "critere_choisi": critere_choisi,
        },
        status=status,
    )


@role_requis(Role.FOURNISSEUR, Role.CONSEILLER)
def candidature(request, pk):
    return _page_candidature(request, _candidature(request, pk))


@require_POST
@role_requis(Role.FOURNISSEUR)
def preuve(request, pk):
    c = _candidature(request, pk)
    critere = request.POST.get("critere", "")
    fichier = request.FILES.get("fichier")
    if fichier is None:
        erreurs = {"fichier": "Choisissez le fichier à joindre."}
    else:
        try:
            services.deposer_preuve(candidature=c, utilisateur=request.user, critere=critere, fichier=fichier)
        except PermissionDenied as erreur:
            _erreur(request, erreur)
            return redirect("labels:candidature", c.pk)
        except ValidationError as erreur:
            erreurs = (
                {champ: " ".join(textes) for champ, textes in erreur.message_dict.items()}
                if hasattr(erreur, "error_dict")
                else {"fichier": " ".join(erreur.messages)}
            )
        else:
            messages.success(request, "Preuve jointe.")
            return redirect("labels:candidature", c.pk)
    # Les erreurs qui ne sont ni du critère ni du fichier (nom trop long…) se lisent à côté du fichier.
    autres = [texte for champ, texte in erreurs.items() if champ not in ("critere", "fichier")]
    erreurs = {champ: texte for champ, texte in erreurs.items() if champ in ("critere", "fichier")}
    if autres:
        erreurs["fichier"] = " ".join([erreurs.get("fichier", ""), *autres]).strip()
    return _page_candidature(request, c, erreurs_preuve=erreurs, critere_choisi=critere, status=400)


@require_POST
@role_requis(Role.FOURNISSEUR)
def deposer(request, pk):
    c = _candidature(request, pk)
    try:
        services.deposer(candidature=c, utilisateur=request.user)
    except (ValidationError, PermissionDenied) as erreur:
        _erreur(request, erreur)
    else:
        messages.success(request, "Candidature déposée : les évaluateurs du label en sont prévenus.")
    return redirect("labels:candidature", c.pk)


@role_requis(Role.FOURNISSEUR, Role.CONSEILLER)
def telecharger(request, pk, preuve_pk):
    c = _candidature(request, pk)
    if not droits.voit_preuves(request.user, c):
        raise Http404("Preuve introuvable.")
    p = get_object_or_404(c.preuves, pk=preuve_pk)
    reponse = FileResponse(p.fichier.open("rb"), as_attachment=True, filename=p.nom, content_type=p.type_contenu)
    reponse["X-Content-Type-Options"] = "nosniff"
    return reponse


@role_requis(Role.CONSEILLER)
def file(request):
    if not droits.est_evaluateur(request.user):
        raise PermissionDenied("Aucune évaluation de label ne vous est déléguée.")
    regimes = droits.regimes_evalues(request.user)
    a_evaluer = (
        Candidature.objects.visibles_par(request.user)
        .filter(regime__in=regimes, statut=StatutCandidature.DEPOSEE)
        .select_related("regime", "fournisseur")
        .order_by("deposee_le", "pk")
    )
    return render(
        request,
        "labels/file.html",
        {
            "titre_page": "Candidatures aux labels à évaluer",
            "fil_ariane": [("Labels à évaluer", None)],
            "candidatures": a_evaluer,
            "labels": Label.objects.filter(regime__in=regimes, statut__in=[StatutLabel.VALIDE, StatutLabel.SUSPENDU])
            .select_related("regime", "fournisseur")
            .order_by("expire_le"),
        },
    )


@role_requis(Role.CONSEILLER)
def decision(request, pk):
    c = _candidature(request, pk)
    if not droits.evalue(request.user, c.regime_id, c.fournisseur_id):
        raise Http404("Candidature introuvable.")
    erreurs, saisie = {}, {}
    if request.method == "POST":
        for critere in c.regime.criteres:
            code = critere["code"]
            valeur = request.POST.get(f"satisfait_{code}", "")
            saisie[code] = {
                "satisfait": {"oui": True, "non": False}.get(valeur),
                "motivation": request.POST.get(f"motivation_{code}", ""),
            }
        try:
            label = services.decider(candidature=c, par=request.user, avis=saisie)
        except ValidationError as erreur:
            erreurs = erreur.message_dict if hasattr(erreur, "error_dict") else {"__all__": erreur.messages}
        except PermissionDenied as erreur:
            _erreur(request, erreur)
            return redirect("labels:candidature", c.pk)
        else:
            messages.success(request, "Label accordé et inscrit au registre." if label else "Candidature refusée.")
            return redirect("labels:candidature", c.pk)
    preuves = {p.critere: p for p in c.preuves.all()}
    criteres = [
        {
            **critere,
            "preuve_jointe": preuves.get(critere["code"]),
            "erreur_satisfait": (erreurs.get(f"satisfait_{critere['code']}") or [""])[0],
            "erreur_motivation": (erreurs.get(f"motivation_{critere['code']}") or [""])[0],
            "saisie": saisie.get(critere["code"], {"satisfait": None, "motivation": ""}),
        }
        for critere in c.regime.criteres
    ]
    return render(
        request,
        "labels/decision.html",
        {
            "titre_page": f"Évaluer la candidature de {c.fournisseur.nom}",
            "fil_ariane": [("Labels à évaluer", reverse("labels:file")), (c.fournisseur.nom, None)],
            "candidature": c,
            "criteres": criteres,
            "peut_decider": droits.peut_decider(request.user, c),
            "erreurs_generales": erreurs.get("__all__", []) + erreurs.get("avis", []),
        },
        status=400 if erreurs else 200,
    )


@role_requis(Role.CONSEILLER)
def statut(request, pk):
    label = get_object_or_404(Label.objects.select_related("regime", "fournisseur", "candidature"), pk=pk)
    if droits.acteur_label(request.user, label) is None:
        raise Http404("Label introuvable.")
    erreur_motif = ""
    if request.method == "POST":
        try:
            services.changer_statut(
                label=label, vers=request.POST.get("vers", ""), par=request.user, motif=request.POST.get("motif", "")
            )
        except ValidationError as erreur:
            erreur_motif = " ".join(erreur.messages)
        except PermissionDenied as erreur:
            erreur_motif = str(erreur)
        else:
            messages.success(request, "Statut du label changé ; le fournisseur en est prévenu.")
            return redirect("labels:statut", label.pk)
    label.refresh_from_db()
    return render(
        request,
        "labels/statut.html",
        {
            "titre_page": f"« {label.regime.nom} » : {label.fournisseur.nom}",
            "fil_ariane": [("Labels à évaluer", reverse("labels:file")), (label.fournisseur.nom, None)],
            "label": label,
            "suivants": transitions.suivants(label.statut, Acteur.EVALUATEUR),
            "erreur_motif": erreur_motif,
            "changements": label.changements.select_related("par"),
        },
        status=400 if erreur_motif else 200,
    )


def _page_delegations(request, formulaire=None, revocation=None, status=200):
    """`revocation` : (délégation, formulaire lié) quand une révocation est refusée, pour montrer l'erreur à côté."""
    listes = selectors.delegations()
    actuelles = []
    for delegation in listes["actuelles"]:
        if revocation and revocation[0].pk == delegation.pk:
            delegation.formulaire = revocation[1]
        else:
            delegation.formulaire = FormulaireRevocation(prefix=f"revocation-{delegation.pk}")
        actuelles.append(delegation)
    return render(
        request,
        "labels/delegations.html",
        {
            "titre_page": "Délégations de l'évaluation des labels",
            "fil_ariane": [("Labels à évaluer", reverse("labels:file")), ("Délégations", None)],
            "formulaire": formulaire or FormulaireDelegation(),
            "actuelles": actuelles,
            "passees": listes["passees"],
            "aujourdhui": dates.aujourdhui(),
        },
        status=status,
    )


@pilote_requis
def delegations(request):
    if request.method != "POST":
        return _page_delegations(request)
    formulaire = FormulaireDelegation(request.POST)
    if formulaire.is_valid():
        donnees = formulaire.cleaned_data
        try:
            delegation = services.deleguer(
                pilote=request.user,
                regime=donnees["regime"],
                structure=donnees["structure"],
                debut=donnees["debut"],
                fin=donnees["fin"],
            )
        except ValidationError as erreur:
            formulaire.add_error(None, erreur)
        else:
            messages.success(
                request,
                f"{delegation.structure.nom} évalue désormais « {delegation.regime.nom} » (à partir du "
                f"{dates.date_lisible(delegation.debut)}).",
            )
            return redirect("labels:delegations")
    return _page_delegations(request, formulaire=formulaire, status=400)


@require_POST
@pilote_requis
def revoquer_delegation(request, pk):
    delegation = get_object_or_404(Delegation.objects.select_related("regime", "structure"), pk=pk)
    formulaire = FormulaireRevocation(request.POST, prefix=f"revocation-{delegation.pk}")
    if formulaire.is_valid():
        try:
            services.revoquer_delegation(
                pilote=request.user, delegation=delegation, motif=formulaire.cleaned_data["motif"]
            )
        except ValidationError as erreur:
            if hasattr(erreur, "error_dict"):
                formulaire.add_error(None, erreur)
            else:
                messages.error(request, " ".join(erreur.messages))
                return redirect("labels:delegations")
        else:
            messages.success(
                request, f"Délégation révoquée : {delegation.structure.nom} n'évalue plus « {delegation.regime.nom} »."
            )
            return redirect("labels:delegations")
    return _page_delegations(request, revocation=(delegation, formulaire), status=400)


app_name = "labels"
urlpatterns = [
    path("", registre, name="registre"),
    path("mes-labels/", mes_labels, name="mes_labels"),
    path("candidatures/<int:pk>/", candidature, name="candidature"),
    path("candidatures/<int:pk>/preuves/", preuve, name="preuve"),
    path("candidatures/<int:pk>/preuves/<int:preuve_pk>/", telecharger, name="telecharger"),
    path("candidatures/<int:pk>/deposer/", deposer, name="deposer"),
    path("candidatures/<int:pk>/decision/", decision, name="decision"),
    path("evaluation/", file, name="file"),
    path("delegations/", delegations, name="delegations"),
    path("delegations/<int:pk>/revoquer/", revoquer_delegation, name="revoquer_delegation"),
    path("<int:pk>/statut/", statut, name="statut"),
]
