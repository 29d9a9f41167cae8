"""Écritures des projets IA : création (d'une recommandation ou d'un cas d'usage), fiche, étapes, indicateurs et
mesures, commentaires, documents. Chaque écriture note un événement dans la chronologie du projet et date la
dernière activité ; les droits viennent de `droits.py`, les transitions de `transitions.py`."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from osezia.diagnostic.enums import Horizon
from osezia.diagnostic.services import est_dans_le_portefeuille
from osezia.notifications import services as notifications
from osezia.notifications.enums import Categorie
from osezia.projets import documents, droits, relances, transitions
from osezia.projets.enums import SANS_ACTIVITE, Acteur, Etape, MotifArret, TypeEvenement
from osezia.projets.models import (
    ChangementEtape,
    Commentaire,
    DocumentProjet,
    EvenementProjet,
    Indicateur,
    Mesure,
    Projet,
)
from osezia.recommandation.moteur import Raison
from osezia.utils import dates

# Date visée suggérée pour un projet tiré d'une recommandation, selon son horizon.
DELAI_PAR_HORIZON = {Horizon.RAPIDE: 90, Horizon.STRUCTURANT: 365, Horizon.PLUS_TARD: 540}


class TransitionRefusee(ValidationError):
    """Une transition qui ne se fait pas (interdite, déjà faite par quelqu'un d'autre, condition manquante)."""


def _exiger(condition, message):
    if not condition:
        raise PermissionDenied(message)


def noter(*, projet, type, acteur, texte, commentaire=None, document=None, dossier=None, le=None):
    """Un événement de la chronologie ; la dernière activité du projet avance avec lui, et le calendrier des relances
    repart de zéro, sauf pour une relance (elle signale le silence, elle n'y met pas fin) et les pas de l'instruction
    d'un dossier (`enums.SANS_ACTIVITE`)."""
    le = le or timezone.now()
    evenement = EvenementProjet.objects.create(
        projet=projet,
        type=type,
        acteur=acteur,
        texte=texte[:500],
        commentaire=commentaire,
        document=document,
        dossier=dossier,
        cree_le=le,
    )
    if type not in SANS_ACTIVITE:
        # Un nouveau silence commence : sa première relance est posée dans la même requête.
        Projet.objects.filter(pk=projet.pk).update(derniere_activite_le=le, **relances.apres_activite(le))
        projet.derniere_activite_le = le
    return evenement


def _valider_personnes(projet, responsable, equipe):
    membres = set(projet.entreprise.membres.values_list("utilisateur_id", flat=True))
    if responsable is not None and responsable.pk not in membres:
        raise ValidationError({"responsable": "Le responsable doit être membre de l'entreprise."})
    intrus = [personne for personne in equipe if personne.pk not in membres]
    if intrus:
        raise ValidationError({"equipe": "L'équipe ne compte que des membres de l'entreprise."})


def suggestion_depuis_recommandation(recommandation):
    """Ce que reprend le formulaire de création d'une recommandation : cas d'usage, raisons (en guise d'objectif à
    réécrire), date visée selon l'horizon, solutions proposées par le rapport, financements possibles."""
    from osezia.diagnostic.rapport import construire

    cas = recommandation.cas_usage
    raisons = [Raison.depuis(r).texte for r in recommandation.raisons]
    rapport = construire(recommandation.diagnostic)
    ligne = next((ligne for ligne in rapport.recommandations if ligne.recommandation.pk == recommandation.pk), None)
    solutions = [s["solution"] for s in ligne.solutions] if ligne else []
    financements = [f"{e.dispositif.nom} ({e.libelle.lower()})" for e in (ligne.financements if ligne else [])]
    horizon = ligne.horizon if ligne else recommandation.horizon_auto
    objectif = cas.resume
    if raisons:
        objectif = f"{cas.resume}\nPourquoi pour nous : " + " ; ".join(raisons) + "."
    return {
        "titre": cas.titre,
        "objectif": objectif[:5000],
        "cas_usage": cas,
        "date_cible": dates.aujourdhui() + timedelta(days=DELAI_PAR_HORIZON.get(horizon, 365)),
        "solutions": solutions,
        "financements_envisages": " ; ".join(financements)[:2000],
    }


@transaction.atomic
def creer_projet(
    *,
    utilisateur,
    entreprise,
    titre,
    objectif,
    cas_usage,
    recommandation=None,
    responsable=None,
    equipe=(),
    solutions=(),
    prestataires_libres="",
    budget_prevu=None,
    budget_depense=None,
    financements_envisages="",
    date_debut=None,
    date_cible=None,
    est_demo=False,
):
    _exiger(droits.est_membre(utilisateur, entreprise), "Seuls les membres de l'entreprise créent ses projets.")
    if recommandation is not None and recommandation.diagnostic.entreprise_id != entreprise.pk:
        raise ValidationError({"recommandation": "Cette recommandation vient du diagnostic d'une autre entreprise."})
    projet = Projet(
        entreprise=entreprise,
        titre=(titre or "").strip(),
        objectif=(objectif or "").strip(),
        cas_usage=cas_usage,
        recommandation=recommandation,
        diagnostic=recommandation.diagnostic if recommandation else None,
        responsable=responsable or utilisateur,
        prestataires_libres=(prestataires_libres or "").strip(),
        budget_prevu=budget_prevu,
        budget_depense=budget_depense,
        financements_envisages=(financements_envisages or "").strip(),
        date_debut=date_debut,
        date_cible=date_cible,
        cree_par=utilisateur,
        est_demo=est_demo,
    )
    _valider_personnes(projet, projet.responsable, equipe)
    projet.full_clean()
    projet.save()
    projet.equipe.set(equipe)
    projet.solutions.set(solutions)
    origine = f" à partir du diagnostic {recommandation.diagnostic.libelle}" if recommandation else ""
    noter(
        projet=projet,
        type=TypeEvenement.CREATION,
        acteur=utilisateur,
        texte=f"Projet créé{origine}.",
        le=projet.cree_le,
    )
    return projet


CHAMPS_MODIFIABLES = (
    "titre",
    "objectif",
    "cas_usage",
    "responsable",
    "prestataires_libres",
    "budget_prevu",
    "budget_depense",
    "financements_envisages",
    "date_debut",
    "date_cible",
)


@transaction.atomic
def modifier_projet(*, projet, utilisateur, equipe=None, solutions=None, **champs):
    """Change les champs donnés de la fiche (les autres restent) ; tout ou rien."""
    _exiger(droits.peut_modifier(utilisateur, projet), "Seuls les membres de l'entreprise modifient ce projet.")
    inconnus = set(champs) - set(CHAMPS_MODIFIABLES)
    if inconnus:
        raise ValidationError(f"Champs non modifiables : {', '.join(sorted(inconnus))}.")
    projet = Projet.objects.select_for_update().get(pk=projet.pk)
    for nom, valeur in champs.items():
        setattr(projet, nom, valeur.strip() if isinstance(valeur, str) else valeur)
    _valider_personnes(projet, projet.responsable, equipe if equipe is not None else projet.equipe.all())
    projet.full_clean()
    projet.save()
    if equipe is not None:
        projet.equipe.set(equipe)
    if solutions is not None:
        projet.solutions.set(solutions)
    noter(projet=projet, type=TypeEvenement.MODIFICATION, acteur=utilisateur, texte="Fiche du projet modifiée.")
    return projet


def _destinataires(projet, sauf):
    """Qui suit le projet : son responsable et son équipe, le conseiller du diagnostic d'origine s'il a encore accès,
    et les conseillers qui l'ont commenté (toujours avec accès) ; jamais l'auteur de l'action."""
    projet = Projet.objects.select_related("responsable", "diagnostic__conseiller", "entreprise").get(pk=projet.pk)
    personnes = {p.pk: p for p in projet.equipe.all()}
    if projet.responsable_id:
        personnes[projet.responsable_id] = projet.responsable
    conseillers = [
        c.auteur for c in projet.commentaires.select_related("auteur") if c.auteur and c.auteur.est_conseiller
    ]
    if projet.diagnostic_id and projet.diagnostic.conseiller_id:
        conseillers.append(projet.diagnostic.conseiller)
    for conseiller in conseillers:
        if est_dans_le_portefeuille(conseiller, projet.entreprise):
            personnes[conseiller.pk] = conseiller
    personnes.pop(getattr(sauf, "pk", None), None)
    return list(personnes.values())


@transaction.atomic
def changer_etape(*, projet, vers, par, motif="", detail=""):
    """Fait passer le projet à l'étape `vers` si la table des transitions le permet à `par`. Un motif est exigé pour
    une pause ou un abandon ; une mesure, pour la production. La mise à jour est conditionnelle à l'étape lue : de
    deux changements simultanés depuis la même étape, un seul s'applique."""
    if vers not in Etape.values:
        raise TransitionRefusee({"vers": f"Étape inconnue : « {vers} »."})
    vers, de = Etape(vers), Etape(projet.etape)
    qui = droits.acteur(par, projet)
    autorises = transitions.acteurs(de, vers)
    if not autorises:
        raise TransitionRefusee(
            {"vers": f"Un projet à l'étape « {de.label} » ne passe pas à l'étape « {vers.label} »."}
        )
    if qui not in autorises:
        if qui is None:
            raise PermissionDenied("Vous ne pouvez pas changer l'étape de ce projet.")
        raise PermissionDenied(
            f"Passer de « {de.label} » à « {vers.label} » est une décision de l'entreprise : votre conseiller ne "
            "peut pas le faire à sa place."
            if qui == Acteur.CONSEILLER
            else "Vous ne pouvez pas faire ce changement d'étape."
        )
    motif, detail = (motif or "").strip(), (detail or "").strip()
    if vers in transitions.AVEC_MOTIF:
        if motif not in MotifArret.values:
            raise TransitionRefusee({"motif": f"Choisissez pourquoi le projet passe à l'étape « {vers.label} »."})
        if motif == MotifArret.AUTRE and not detail:
            raise TransitionRefusee({"detail": "Précisez la raison : vous avez choisi « Autre raison »."})
    elif motif:
        raise TransitionRefusee({"motif": "Un motif ne s'indique que pour une pause ou un abandon."})
    if vers in transitions.AVEC_MESURE and not Mesure.objects.filter(indicateur__projet=projet).exists():
        raise TransitionRefusee(
            {
                "vers": "Mesurez au moins une fois un indicateur avant de passer en production : c'est ce qui montre "
                "que le projet produit un résultat."
            }
        )
    maintenant = timezone.now()
    if not Projet.objects.filter(pk=projet.pk, etape=de).update(etape=vers, etape_depuis=maintenant):
        raise TransitionRefusee(
            "L'étape du projet vient de changer (quelqu'un d'autre l'a modifiée) : rechargez la page et réessayez."
        )
    changement = ChangementEtape(projet=projet, de=de, vers=vers, par=par, motif=motif, detail=detail, le=maintenant)
    changement.full_clean()
    changement.save()
    projet.etape, projet.etape_depuis = vers, maintenant
    texte = f"Étape : {de.label} → {vers.label}"
    if motif:
        texte += f" ({MotifArret(motif).label.lower()}{' : ' + detail if detail else ''})"
    noter(projet=projet, type=TypeEvenement.ETAPE, acteur=par, texte=texte + ".", le=maintenant)
    notifications.notifier(
        utilisateurs=_destinataires(projet, sauf=par),
        categorie=Categorie.PROJET_ETAPE,
        titre=f"« {projet.titre} » passe à l'étape « {vers.label} »",
        message=f"{par.nom_affiche} a fait passer le projet de « {de.label} » à « {vers.label} ».",
        lien=reverse("projets:detail", args=[projet.pk]),
    )
    return changement


@transaction.atomic
def ajouter_indicateur(
    *, projet, utilisateur, libelle, unite, valeur_reference, date_reference, cible=None, sens, du_cas_usage=False
):
    _exiger(droits.peut_modifier(utilisateur, projet), "Seuls les membres de l'entreprise suivent ses indicateurs.")
    indicateur = Indicateur(
        projet=projet,
        libelle=(libelle or "").strip(),
        unite=unite,
        valeur_reference=valeur_reference,
        date_reference=date_reference,
        cible=cible,
        sens=sens,
        du_cas_usage=du_cas_usage,
    )
    indicateur.full_clean()
    indicateur.save()
    noter(
        projet=projet,
        type=TypeEvenement.INDICATEUR,
        acteur=utilisateur,
        texte=f"Indicateur suivi : {indicateur.libelle}.",
    )
    return indicateur


@transaction.atomic
def ajouter_mesure(*, indicateur, utilisateur, date, valeur, unite=None):
    """Une mesure dans l'unité de l'indicateur : une autre unité (l'API la précise) est refusée, pas convertie."""
    projet = indicateur.projet
    _exiger(droits.peut_modifier(utilisateur, projet), "Seuls les membres de l'entreprise saisissent ses mesures.")
    if unite is not None and unite != indicateur.unite:
        raise ValidationError(
            {
                "unite": f"Cet indicateur se mesure en « {indicateur.get_unite_display()} » : une mesure dans une autre "
                "unité n'est pas acceptée."
            }
        )
    mesure = Mesure(indicateur=indicateur, date=date, valeur=valeur, saisie_par=utilisateur)
    mesure.full_clean()
    mesure.save()
    noter(
        projet=projet,
        type=TypeEvenement.MESURE,
        acteur=utilisateur,
        texte=f"Mesure de « {indicateur.libelle} » : {formater(mesure.valeur)} {indicateur.get_unite_display()} "
        f"au {date.strftime('%d/%m/%Y')}.",
    )
    return mesure


def formater(nombre):
    """12.50 → « 12,5 » ; 1200.00 → « 1 200 » (espace fine insécable pour les milliers)."""
    texte = f"{nombre:,.2f}".rstrip("0").rstrip(".")
    return texte.replace(",", "\u202f").replace(".", ",")


@transaction.atomic
def commenter(*, projet, auteur, texte):
    _exiger(droits.peut_commenter(auteur, projet), "Vous ne pouvez pas commenter ce projet.")
    commentaire = Commentaire(projet=projet, auteur=auteur, texte=(texte or "").strip())
    commentaire.full_clean()
    commentaire.save()
    noter(
        projet=projet,
        type=TypeEvenement.COMMENTAIRE,
        acteur=auteur,
        texte=f"Commentaire de {auteur.nom_affiche}.",
        commentaire=commentaire,
    )
    notifications.notifier(
        utilisateurs=_destinataires(projet, sauf=auteur),
        categorie=Categorie.PROJET_COMMENTAIRE,
        titre=f"{auteur.nom_affiche} a commenté « {projet.titre} »",
        message=commentaire.texte[:300],
        lien=reverse("projets:detail", args=[projet.pk]) + "#commentaires",
    )
    return commentaire


@transaction.atomic
def deposer_document(*, projet, utilisateur, fichier):
    _exiger(droits.peut_modifier(utilisateur, projet), "Seuls les membres de l'entreprise déposent ses documents.")
    format_ = documents.verifier(fichier)
    document = DocumentProjet(
        projet=projet,
        nom=(fichier.name or "document")[-200:],
        type_contenu=format_.type_contenu,
        taille=fichier.size,
        depose_par=utilisateur,
    )
    document.full_clean(exclude=["fichier"])
    document.fichier.save(fichier.name, fichier, save=False)
    try:
        document.save()
        noter(
            projet=projet,
            type=TypeEvenement.DOCUMENT,
            acteur=utilisateur,
            texte=f"Document déposé : {document.nom}.",
            document=document,
        )
    except Exception:
        # Le fichier est écrit avant la ligne : si l'enregistrement échoue, rien ne reste à moitié sur le disque.
        document.fichier.delete(save=False)
        raise
    return document


@transaction.atomic
def supprimer_projet(*, projet, utilisateur):
    _exiger(droits.peut_modifier(utilisateur, projet), "Seuls les membres de l'entreprise suppriment ses projets.")
    fichiers = [d.fichier.name for d in projet.documents.all()]
    stockage = DocumentProjet._meta.get_field("fichier").storage
    projet.delete()
    transaction.on_commit(lambda: [stockage.delete(nom) for nom in fichiers])
