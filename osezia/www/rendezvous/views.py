from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from osezia.comptes.services import organisation_de
from osezia.rendezvous import creation, droits, exports, inscriptions, jour, selectors, services, suggestions
from osezia.rendezvous.enums import NatureParticipant, Priorite
from osezia.rendezvous.models import Evenement, Participant
from osezia.rendezvous.services import peut_planifier
from osezia.utils.texte import identifiant
from osezia.www.rendezvous.forms import FormulaireEvenement, FormulaireInscription, FormulaireSouhait

# Sous la limite d'une requête web (le solveur s'arrête plus tôt dès qu'il prouve l'optimum).
LIMITE_CALCUL_SECONDES = 20


def _fil(evenement, *suite):
    lien = reverse("rendezvous:evenement", args=[evenement.pk]) if suite else None
    return [("Rendez-vous d'affaires", reverse("rendezvous:liste")), (evenement.nom, lien), *suite]


def _erreurs_dans(formulaire, erreur):
    """Les erreurs d'un service rangées sous leur champ ; le reste (erreur générale) est rendu à part."""
    if not hasattr(erreur, "error_dict"):
        return " ".join(erreur.messages)
    for champ, liste in erreur.message_dict.items():
        formulaire.add_error(champ if champ in formulaire.fields else None, liste)
    return ""


def _participant_visible(request, pk):
    """404 pour qui n'a pas à voir cet agenda : on ne dit pas qu'il existe."""
    participant = get_object_or_404(
        Participant.objects.select_related("organisation", "evenement", "evenement__organisateur"), pk=pk
    )
    if not droits.peut_voir_agenda(request.user, participant):
        raise Http404("Cet agenda n'existe pas.")
    return participant


def _nom_de_fichier(participant, extension):
    return f"agenda-{participant.evenement.date:%Y-%m-%d}-{participant.organisation.slug}.{extension}"


def agenda(request, pk):
    participant = _participant_visible(request, pk)
    evenement = participant.evenement
    organisateur = peut_planifier(request.user, evenement)
    # L'organisateur voit aussi le planning calculé mais pas encore publié.
    lignes = selectors.agenda(participant, brouillon=organisateur)
    return render(
        request,
        "rendezvous/agenda.html",
        {
            "titre_page": f"Agenda — {participant.organisation.nom}",
            "fil_ariane": _fil(evenement, ("Agenda", None)),
            "participant": participant,
            "evenement": evenement,
            "lignes": lignes,
            "lieu": exports.lieu(evenement),
            "brouillon": organisateur,
            "nombre": sum(1 for ligne in lignes if ligne.rendez_vous and not ligne.annule),
        },
    )


def agenda_pdf(request, pk):
    participant = _participant_visible(request, pk)
    reponse = HttpResponse(exports.agenda_pdf(participant), content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="{_nom_de_fichier(participant, "pdf")}"'
    return reponse


def agenda_ics(request, pk):
    participant = _participant_visible(request, pk)
    reponse = HttpResponse(exports.agenda_ics(participant), content_type="text/calendar; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{_nom_de_fichier(participant, "ics")}"'
    return reponse


def evenement(request, pk):
    """La page de l'événement, avec l'inscription de l'organisation de la personne connectée."""
    evenement = get_object_or_404(Evenement.objects.select_related("organisateur"), pk=pk)
    organisation = organisation_de(request.user)
    participant = droits.participant_de(request.user, evenement)
    nature = inscriptions.NATURE_PAR_TYPE.get(organisation.type) if organisation else None
    ouvertes = inscriptions.inscriptions_ouvertes(evenement)
    formulaire, erreur_generale = None, ""
    if nature is not None and ouvertes:
        initial = {}
        if participant is not None:
            initial = {
                "disponibilites": participant.disponibilites.all(),
                "max_rendez_vous": participant.max_rendez_vous,
            }
        donnees = request.POST if request.method == "POST" else None
        formulaire = FormulaireInscription(donnees, evenement=evenement, initial=initial)
        if request.method == "POST" and formulaire.is_valid():
            try:
                participant = inscriptions.inscrire(
                    evenement=evenement,
                    organisation=organisation,
                    par=request.user,
                    disponibilites=list(formulaire.cleaned_data["disponibilites"]),
                    max_rendez_vous=formulaire.cleaned_data["max_rendez_vous"],
                    consentement=formulaire.cleaned_data["consentement"],
                )
            except ValidationError as erreur:
                erreur_generale = _erreurs_dans(formulaire, erreur)
            else:
                messages.success(request, f"{organisation.nom} est inscrite à « {evenement.nom} ».")
                return redirect("rendezvous:evenement", evenement.pk)
    elif request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if nature is not None:
            messages.error(request, "Les inscriptions à cet événement sont closes.")
            return redirect("rendezvous:evenement", evenement.pk)
        raise PermissionDenied("Votre organisation ne peut pas s'inscrire à cet événement.")
    return render(
        request,
        "rendezvous/evenement.html",
        {
            "titre_page": evenement.nom,
            "fil_ariane": _fil(evenement),
            "evenement": evenement,
            "lieu": exports.lieu(evenement),
            "creneaux": evenement.creneaux.order_by("ordre"),
            "organisateur": peut_planifier(request.user, evenement),
            "organisation": organisation,
            "participant": participant,
            "inscriptible": nature is not None,
            "nature": nature.label if nature else "",
            "ouvertes": ouvertes,
            "formulaire": formulaire,
            "erreur_generale": erreur_generale,
        },
    )


@login_required
@require_POST
def desister(request, pk):
    evenement = get_object_or_404(Evenement, pk=pk)
    participant = droits.participant_de(request.user, evenement)
    if participant is None:
        raise Http404("Votre organisation n'est pas inscrite à cet événement.")
    inscriptions.desister(participant=participant, par=request.user)
    messages.success(
        request, "Votre désistement est enregistré : vos rendez-vous seront annulés au prochain calcul du planning."
    )
    return redirect("rendezvous:evenement", evenement.pk)


def _mon_participant(request, evenement):
    participant = droits.participant_de(request.user, evenement)
    if participant is None or participant.desiste_le is not None:
        raise Http404("Votre organisation n'est pas inscrite à cet événement.")
    return participant


@login_required
def souhaits(request, pk):
    """Qui rencontrer : les inscrits de l'autre côté ; demander, accepter, retirer ou refuser un rendez-vous."""
    evenement = get_object_or_404(Evenement, pk=pk)
    participant = _mon_participant(request, evenement)
    if request.method == "POST":
        autre = (
            evenement.participants.filter(pk=identifiant(request.POST.get("autre")))
            .select_related("organisation")
            .first()
        )
        action = request.POST.get("action")
        if (
            autre is None
            or autre.nature == participant.nature
            or action not in ("demander", "retirer", "refuser", "ecarter")
        ):
            messages.error(request, "Choisissez un participant de la liste.")
            return redirect("rendezvous:souhaits", evenement.pk)
        try:
            if action == "demander":
                formulaire = FormulaireSouhait(request.POST)
                if not formulaire.is_valid():
                    raise ValidationError(formulaire.errors["priorite"])
                inscriptions.souhaiter(
                    demandeur=participant, autre=autre, priorite=formulaire.cleaned_data["priorite"], par=request.user
                )
                messages.success(request, f"Rendez-vous demandé avec {autre.organisation.nom}.")
            elif action == "ecarter":
                suggestions.ecarter(participant=participant, autre=autre, par=request.user)
                messages.success(request, f"{autre.organisation.nom} ne vous sera plus suggéré.")
            else:
                inscriptions.retirer_souhait(participant=participant, autre=autre, par=request.user)
                messages.success(
                    request,
                    f"Demande de {autre.organisation.nom} refusée."
                    if action == "refuser"
                    else f"Demande de rendez-vous avec {autre.organisation.nom} retirée.",
                )
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        return redirect("rendezvous:souhaits", evenement.pk)
    lignes = selectors.interlocuteurs(participant)
    return render(
        request,
        "rendezvous/souhaits.html",
        {
            "titre_page": f"Qui rencontrer à « {evenement.nom} »",
            "fil_ariane": _fil(evenement, ("Qui rencontrer", None)),
            "evenement": evenement,
            "participant": participant,
            "autre_cote": "fournisseurs de solutions IA"
            if participant.nature == NatureParticipant.ENTREPRISE
            else "entreprises",
            "demandes_recues": [ligne for ligne in lignes if ligne.de_lui and not ligne.de_moi],
            "suggestions": suggestions.suggestions(participant),
            "lignes": lignes,
            "priorites": Priorite.choices,
        },
    )


def _evenement_organise(request, pk):
    evenement = get_object_or_404(Evenement.objects.select_related("organisateur"), pk=pk)
    if not peut_planifier(request.user, evenement):
        raise PermissionDenied("Seuls l'organisateur de l'événement et les pilotes organisent la journée.")
    return evenement


@login_required
def organisation(request, pk):
    evenement = _evenement_organise(request, pk)
    participants = (
        evenement.participants.select_related("organisation")
        .annotate(
            nombre_creneaux=Count("disponibilites", distinct=True),
            souhaits_entreprise=Count("souhaits_emis", distinct=True),
            souhaits_fournisseur=Count("souhaits_recus", distinct=True),
        )
        .order_by("organisation__nom")
    )
    rendez_vous = evenement.rendez_vous.filter(annule_le__isnull=True)
    ecart = None
    if evenement.borne:
        ecart = 100 * (evenement.borne - (evenement.objectif or 0)) / evenement.borne
    return render(
        request,
        "rendezvous/organisation.html",
        {
            "titre_page": f"Organiser « {evenement.nom} »",
            "fil_ariane": _fil(evenement, ("Organisation", None)),
            "evenement": evenement,
            "entreprises": [p for p in participants if p.nature == NatureParticipant.ENTREPRISE],
            "fournisseurs": [p for p in participants if p.nature == NatureParticipant.FOURNISSEUR],
            "souhaits": evenement.souhaits.count(),
            "mutuels": evenement.souhaits.filter(mutuel=True).count(),
            "obstacles": services.verifier_capacite(evenement),
            "rendez_vous": rendez_vous.count(),
            "a_publier": rendez_vous.filter(notifie_le__isnull=True).count(),
            "ecart": ecart,
            "propositions": jour.proposer(evenement),
        },
    )


@login_required
@require_POST
def presence(request, pk):
    evenement = _evenement_organise(request, pk)
    participant = (
        evenement.participants.filter(pk=identifiant(request.POST.get("participant")))
        .select_related("organisation")
        .first()
    )
    action = request.POST.get("action")
    if participant is None or action not in ("arrive", "absent"):
        messages.error(request, "Choisissez un participant de la liste.")
    elif action == "arrive":
        jour.marquer_arrivee(participant=participant, par=request.user)
        messages.success(request, f"{participant.organisation.nom} est arrivé.")
    else:
        jour.marquer_absent(participant=participant, par=request.user)
        messages.success(request, f"{participant.organisation.nom} est absent : ses rendez-vous à venir sont annulés.")
    return redirect("rendezvous:organisation", evenement.pk)


@login_required
@require_POST
def accepter_proposition(request, pk):
    evenement = _evenement_organise(request, pk)
    creneau = evenement.creneaux.filter(pk=identifiant(request.POST.get("creneau"))).first()
    participants = evenement.participants.select_related("organisation")
    entreprise = participants.filter(
        pk=identifiant(request.POST.get("entreprise")), nature=NatureParticipant.ENTREPRISE
    ).first()
    fournisseur = participants.filter(
        pk=identifiant(request.POST.get("fournisseur")), nature=NatureParticipant.FOURNISSEUR
    ).first()
    if None in (creneau, entreprise, fournisseur):
        messages.error(request, "Cette proposition n'existe plus : rechargez la page.")
        return redirect("rendezvous:organisation", evenement.pk)
    try:
        rdv = jour.accepter(
            evenement=evenement, creneau=creneau, entreprise=entreprise, fournisseur=fournisseur, par=request.user
        )
    except ValidationError as erreur:
        for message in erreur.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            f"Rendez-vous ajouté à {creneau} entre {entreprise.organisation.nom} et {fournisseur.organisation.nom}, "
            f"table {rdv.table}.",
        )
    return redirect("rendezvous:organisation", evenement.pk)


@login_required
@require_POST
def calculer(request, pk):
    evenement = _evenement_organise(request, pk)
    obstacles = services.verifier_capacite(evenement)
    if obstacles:
        for obstacle in obstacles:
            messages.error(request, obstacle)
        return redirect("rendezvous:organisation", evenement.pk)
    try:
        resultat = services.planifier(evenement=evenement, par=request.user, limite_secondes=LIMITE_CALCUL_SECONDES)
    except ValidationError as erreur:
        for message in erreur.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            f"Planning calculé : {len(resultat.rendez_vous)} rendez-vous. Publiez les agendas pour prévenir les participants.",
        )
    return redirect("rendezvous:organisation", evenement.pk)


@login_required
@require_POST
def publier(request, pk):
    evenement = _evenement_organise(request, pk)
    try:
        nombre = services.publier(evenement=evenement, par=request.user)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(
            request,
            f"Agendas publiés : {nombre} participant{'s' if nombre > 1 else ''} prévenu{'s' if nombre > 1 else ''} par e-mail.",
        )
    return redirect("rendezvous:organisation", evenement.pk)


def liste(request):
    return render(
        request,
        "rendezvous/liste.html",
        {
            "titre_page": "Rendez-vous d'affaires",
            "fil_ariane": [("Rendez-vous d'affaires", None)],
            "evenements": Evenement.objects.order_by("-date", "nom"),
            "peut_creer": creation.peut_creer(request.user),
        },
    )


@login_required
def nouveau(request):
    """Une journée, ses créneaux et ses pauses : pour un pilote ou une structure d'accompagnement."""
    if not creation.peut_creer(request.user):
        raise PermissionDenied("Seuls les pilotes et les structures d'accompagnement créent des journées.")
    formulaire = FormulaireEvenement(request.POST or None, structures=creation.structures_organisatrices(request.user))
    if request.method == "POST" and formulaire.is_valid():
        try:
            evenement = creation.creer_evenement(par=request.user, **formulaire.cleaned_data)
        except ValidationError as erreur:
            formulaire.add_error(None, erreur)
        else:
            messages.success(request, "Journée créée : les entreprises et les fournisseurs peuvent s'inscrire.")
            return redirect("rendezvous:organisation", evenement.pk)
    return render(
        request,
        "rendezvous/nouveau.html",
        {
            "titre_page": "Nouvelle journée de rendez-vous d'affaires",
            "fil_ariane": [("Rendez-vous d'affaires", reverse("rendezvous:liste")), ("Nouvelle journée", None)],
            "formulaire": formulaire,
        },
        status=400 if request.method == "POST" else 200,
    )


app_name = "rendezvous"
urlpatterns = [
    path("", liste, name="liste"),
    path("nouveau/", nouveau, name="nouveau"),
    path("<int:pk>/", evenement, name="evenement"),
    path("<int:pk>/desistement/", desister, name="desister"),
    path("<int:pk>/souhaits/", souhaits, name="souhaits"),
    path("<int:pk>/organisation/", organisation, name="organisation"),
    path("<int:pk>/organisation/calcul/", calculer, name="calculer"),
    path("<int:pk>/organisation/publication/", publier, name="publier"),
    path("<int:pk>/organisation/presence/", presence, name="presence"),
    path("<int:pk>/organisation/rebrassage/", accepter_proposition, name="accepter_proposition"),
    path("participants/<int:pk>/agenda/", agenda, name="agenda"),
    path("participants/<int:pk>/agenda.pdf", agenda_pdf, name="agenda_pdf"),
    path("participants/<int:pk>/agenda.ics", agenda_ics, name="agenda_ics"),
]
