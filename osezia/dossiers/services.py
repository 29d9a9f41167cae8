"""Écritures des dossiers de financement : création, pièces, changements d'état (dépôt, instruction, complément,
décision, versements), attribution, messages et annotations. Les droits viennent de `droits.py`, les transitions de
`transitions.py` ; chaque écriture est tout ou rien (`transaction.atomic`).

Deux instructeurs qui décident en même temps : la mise à jour est conditionnelle à l'état et à la version lus ; la
seconde ne s'applique pas et reçoit un message clair (jamais d'écrasement silencieux)."""

import datetime
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from osezia.dossiers import droits, evenements, transitions
from osezia.dossiers.enums import Acteur, Etat
from osezia.dossiers.models import AnnotationPrivee, ChangementEtat, Dossier, Guichet, MessageDossier, PieceDossier
from osezia.financement import eligibilite
from osezia.financement.enums import StatutEligibilite
from osezia.journal.enums import Action
from osezia.journal.services import consigner
from osezia.notifications import services as notifications
from osezia.notifications.enums import Categorie
from osezia.organisations.enums import MONTANT_MAX_EUR
from osezia.organisations.models import Membre
from osezia.projets import documents
from osezia.utils import dates
from osezia.utils.texte import euros

# Un dossier ne se dépose pas quand l'éligibilité calculée sur des sources lues l'exclut.
STATUTS_BLOQUANTS = frozenset({StatutEligibilite.NON_ADAPTE, StatutEligibilite.NON_ELIGIBLE, StatutEligibilite.FERME})


class TransitionRefusee(ValidationError):
    """Un changement d'état qui ne se fait pas (interdit, déjà fait par quelqu'un d'autre, condition manquante)."""


def _exiger(condition, message):
    if not condition:
        raise PermissionDenied(message)


def entreprise_eligibilite(organisation):
    """L'entreprise vue par l'éligibilité, depuis sa fiche."""
    naf = organisation.naf
    return eligibilite.Entreprise(
        effectif=organisation.effectif,
        chiffre_affaires=organisation.chiffre_affaires,
        categorie=None if organisation.categorie_taille == "inconnue" else organisation.categorie_taille,
        naf=organisation.naf_id or "",
        section=naf.section_id if naf else "",
        region=organisation.region_id or "",
    )


def evaluer(projet, dispositif, aujourdhui=None):
    """L'éligibilité du jour du projet à ce dispositif (statut et raisons)."""
    return eligibilite.evaluer(
        dispositif,
        entreprise_eligibilite(projet.entreprise),
        aujourdhui=aujourdhui or dates.aujourdhui(),
        projet=eligibilite.Projet.du_cas_usage(projet.cas_usage),
    )


@transaction.atomic
def creer_dossier(*, utilisateur, projet, dispositif, montant_demande=None, objet="", est_demo=False):
    _exiger(droits.est_membre(utilisateur, projet.entreprise), "Seuls les membres de l'entreprise demandent une aide.")
    guichet = Guichet.objects.select_related("operateur").filter(dispositif=dispositif).first()
    if guichet is None or not guichet.ouvert:
        raise ValidationError(
            {
                "dispositif": f"« {dispositif.nom} » ne reçoit pas encore de dossier en ligne sur osezia : aucune "
                "structure ne l'y instruit. Adressez-vous à son porteur."
            }
        )
    if montant_demande is not None and not 0 < montant_demande <= MONTANT_MAX_EUR:
        raise ValidationError({"montant_demande": "Le montant demandé est un nombre d'euros positif."})
    dossier = Dossier(
        projet=projet,
        entreprise=projet.entreprise,
        dispositif=dispositif,
        operateur=guichet.operateur,
        region=projet.entreprise.region,
        montant_demande=montant_demande,
        objet=(objet or "").strip(),
        cree_par=utilisateur,
        est_demo=est_demo or projet.est_demo,
    )
    dossier.full_clean()
    dossier.save()
    evenements.noter_creation(dossier, par=utilisateur)
    return dossier


@transaction.atomic
def modifier_dossier(*, dossier, utilisateur, montant_demande=None, objet=None):
    _exiger(droits.peut_modifier(utilisateur, dossier), "Ce dossier ne se modifie plus : il est en instruction.")
    if montant_demande is not None:
        if not 0 < montant_demande <= MONTANT_MAX_EUR:
            raise ValidationError({"montant_demande": "Le montant demandé est un nombre d'euros positif."})
        dossier.montant_demande = montant_demande
    if objet is not None:
        dossier.objet = objet.strip()
    dossier.modifie_le = timezone.now()
    dossier.full_clean()
    Dossier.objects.filter(pk=dossier.pk).update(
        montant_demande=dossier.montant_demande, objet=dossier.objet, modifie_le=dossier.modifie_le
    )
    return dossier


def _verifier_piece(guichet, code, fichier):
    """Le Format du fichier, contrôlé par ses premiers octets (projets.documents) puis par ce que le guichet accepte
    pour cette pièce (types et poids)."""
    format_ = documents.verifier(fichier)
    if not code:
        return format_
    piece = guichet.piece(code)
    if piece is None:
        raise ValidationError({"code": f"Pièce inconnue pour ce dispositif : « {code} »."})
    acceptes = [e for t in piece["types"] for e in documents.FORMATS if f".{t}" in e.extensions]
    if format_ not in acceptes:
        libelles = ", ".join(dict.fromkeys(f.libelle for f in acceptes))
        raise ValidationError({"fichier": f"« {piece['nom']} » se dépose en {libelles}, pas en {format_.libelle}."})
    if fichier.size > piece["taille_max_mo"] * 1024 * 1024:
        poids = f"{fichier.size / 1024 / 1024:.1f}".replace(".", ",")
        raise ValidationError(
            {"fichier": f"Ce fichier pèse {poids} Mo : « {piece['nom']} » en accepte {piece['taille_max_mo']} au plus."}
        )
    return format_


@transaction.atomic
def deposer_piece(*, dossier, utilisateur, fichier, code=""):
    """Joint un fichier au dossier (brouillon, ou complément demandé). Une pièce demandée déjà jointe est remplacée."""
    _exiger(
        droits.peut_modifier(utilisateur, dossier),
        "Seuls les membres de l'entreprise joignent des pièces, à un brouillon ou pour un complément demandé.",
    )
    guichet = Guichet.objects.get(dispositif=dossier.dispositif_id)
    format_ = _verifier_piece(guichet, code or "", fichier)
    piece = PieceDossier(
        dossier=dossier,
        code=code or "",
        nom=(fichier.name or "document")[-200:],
        type_contenu=format_.type_contenu,
        taille=fichier.size,
        depose_par=utilisateur,
    )
    piece.full_clean(exclude=["fichier"])
    remplacees = list(dossier.pieces.filter(code=code)) if code else []
    piece.fichier.save(fichier.name, fichier, save=False)
    try:
        piece.save()
        for ancienne in remplacees:
            nom = ancienne.fichier.name
            ancienne.delete()
            transaction.on_commit(lambda nom=nom: piece.fichier.storage.delete(nom))
        Dossier.objects.filter(pk=dossier.pk).update(modifie_le=timezone.now())
    except Exception:
        # Le fichier est écrit avant la ligne : si l'enregistrement échoue, rien ne reste à moitié sur le disque.
        piece.fichier.delete(save=False)
        raise
    return piece


def pieces_manquantes(dossier):
    guichet = Guichet.objects.get(dispositif=dossier.dispositif_id)
    jointes = set(dossier.pieces.values_list("code", flat=True))
    return [p for p in guichet.pieces if p["obligatoire"] and p["code"] not in jointes]


def _destinataires(dossier, *, cote, sauf):
    """Qui prévenir : côté entreprise, l'auteur du dossier et le responsable du projet (encore membres) ; côté
    instruction, l'instructeur attribué, sinon tous les instructeurs de la structure."""
    personnes = {}
    if cote == Acteur.ENTREPRISE:
        for personne in (dossier.cree_par, dossier.projet.responsable):
            if personne is not None and droits.est_membre(personne, dossier.entreprise):
                personnes[personne.pk] = personne
    elif dossier.instructeur_id and droits.instruit(dossier.instructeur, dossier):
        personnes[dossier.instructeur_id] = dossier.instructeur
    else:
        for membre in Membre.objects.filter(organisation=dossier.operateur_id, est_instructeur=True).select_related(
            "utilisateur"
        ):
            if membre.utilisateur.est_conseiller:
                personnes[membre.utilisateur_id] = membre.utilisateur
    personnes.pop(getattr(sauf, "pk", None), None)
    return list(personnes.values())


def _conflit(dossier, de):
    actuel = Dossier.objects.filter(pk=dossier.pk).values_list("etat", flat=True).first()
    if actuel is not None and actuel != de:
        return TransitionRefusee(
            f"Ce dossier vient d'être traité par quelqu'un d'autre : il est maintenant « {Etat(actuel).label} ». "
            "Votre changement n'a pas été enregistré ; rechargez la page pour voir la décision."
        )
    return TransitionRefusee(
        "Ce dossier vient d'être modifié par quelqu'un d'autre : votre changement n'a pas été enregistré. "
        "Rechargez la page et réessayez."
    )


def _montant(montant, champ="montant"):
    if isinstance(montant, bool) or not isinstance(montant, int) or not 0 < montant <= MONTANT_MAX_EUR:
        raise TransitionRefusee({champ: "Indiquez un montant en euros, nombre entier positif."})
    return montant


@transaction.atomic
def changer_etat(*, dossier, vers, par, texte="", montant=None, date=None, version=None):
    """Fait passer le dossier à l'état `vers` si la table le permet à `par`. `version` : celle que la personne a lue
    (par défaut celle de `dossier`) ; si le dossier a changé depuis, rien ne s'applique (TransitionRefusee)."""
    if vers not in Etat.values:
        raise TransitionRefusee({"vers": f"État inconnu : « {vers} »."})
    vers, de = Etat(vers), Etat(dossier.etat)
    version = dossier.version if version is None else version
    qui = droits.acteur(par, dossier)
    autorises = transitions.acteurs(de, vers)
    if not autorises:
        raise TransitionRefusee({"vers": f"Un dossier « {de.label} » ne passe pas à l'état « {vers.label} »."})
    if qui not in autorises:
        if qui is None:
            raise PermissionDenied("Vous ne pouvez pas changer l'état de ce dossier.")
        raise PermissionDenied(
            "Cette décision revient à l'instruction du dispositif."
            if qui == Acteur.ENTREPRISE
            else "Ce changement revient à l'entreprise qui demande l'aide."
        )
    texte = (texte or "").strip()
    maintenant = timezone.now()
    champs = {"etat": vers, "version": F("version") + 1, "modifie_le": maintenant}
    if vers in transitions.AVEC_MOTIVATION and not texte:
        raise TransitionRefusee({"texte": f"Motivez la décision : un dossier « {vers.label} » dit pourquoi."})
    if vers in transitions.AVEC_MESSAGE and not texte:
        raise TransitionRefusee({"texte": "Dites à l'entreprise ce qui manque : pièces, précisions."})
    if montant is not None and vers not in transitions.AVEC_MONTANT_ACCORDE | transitions.AVEC_VERSEMENT:
        raise TransitionRefusee({"montant": "Un montant ne s'indique que pour un accord ou un versement."})
    if vers == Etat.DEPOSE:
        manquantes = pieces_manquantes(dossier)
        if manquantes:
            raise TransitionRefusee({"pieces": [f"Pièce obligatoire manquante : {p['nom']}." for p in manquantes]})
        if de == Etat.BROUILLON:
            resultat = evaluer(dossier.projet, dossier.dispositif)
            if resultat.statut in STATUTS_BLOQUANTS:
                raise TransitionRefusee({"vers": f"Dépôt impossible : {resultat.ligne[0].lower()}{resultat.ligne[1:]}"})
            guichet = Guichet.objects.get(dispositif=dossier.dispositif_id)
            champs.update(
                eligibilite_statut=resultat.statut,
                eligibilite_raisons=[
                    {"statut": v.statut, "texte": v.texte, "confirme": v.confirme} for v in resultat.decisives
                ],
                eligibilite_le=dates.aujourdhui(),
                depose_le=maintenant,
                echeance=timezone.localdate(maintenant) + timedelta(days=guichet.delai_decision_jours),
            )
    if vers == Etat.EN_INSTRUCTION and dossier.instructeur_id is None:
        champs["instructeur"] = par
    if vers in transitions.AVEC_MONTANT_ACCORDE:
        champs["montant_accorde"] = _montant(montant)
    if vers in transitions.DECISIONS:
        champs.update(decide_le=maintenant, decide_par=par, motivation=texte)
    versement = None
    if vers in transitions.AVEC_VERSEMENT:
        versement = _versement(dossier, vers, _montant(montant), date, par)
    if not Dossier.objects.filter(pk=dossier.pk, etat=de, version=version).update(**champs):
        raise _conflit(dossier, de)
    if versement is not None:
        versement.save()
    changement = ChangementEtat(dossier=dossier, de=de, vers=vers, par=par, texte=texte, montant=montant, le=maintenant)
    changement.full_clean()
    changement.save()
    if vers in transitions.DECISIONS:
        consigner(
            acteur=par,
            action=Action.DOSSIER_DECIDE,
            organisation=dossier.entreprise,
            objet=dossier,
            details={
                "decision": vers.label,
                "dispositif": dossier.dispositif.nom,
                "montant": euros(montant) if montant is not None else None,
                "motif": texte,
            },
        )
    if vers in transitions.AVEC_MESSAGE:
        MessageDossier.objects.create(
            dossier=dossier, auteur=par, de_l_instruction=True, texte=texte, cree_le=maintenant
        )
    dossier.refresh_from_db()
    evenements.noter_changement(dossier, de, vers, par=par, texte=texte, montant=montant, date=date, le=maintenant)
    _prevenir_changement(dossier, de, vers, par, qui)
    return changement


def _versement(dossier, vers, montant, date, par):
    from osezia.dossiers.models import Versement

    if not isinstance(date, datetime.date):
        raise TransitionRefusee({"date": "Indiquez la date du versement."})
    if date > dates.aujourdhui():
        raise TransitionRefusee({"date": "Un versement se saisit une fois fait : sa date n'est pas dans le futur."})
    if dossier.decide_le and date < timezone.localdate(dossier.decide_le):
        raise TransitionRefusee({"date": "Un versement ne précède pas la décision d'accord."})
    total = dossier.total_verse + montant
    if total > (dossier.montant_accorde or 0):
        raise TransitionRefusee(
            {
                "montant": f"Les versements ({euros(total)}) dépasseraient le montant accordé "
                f"({euros(dossier.montant_accorde or 0)})."
            }
        )
    attendu = Etat.VERSE if total == dossier.montant_accorde else Etat.VERSE_PARTIELLEMENT
    if vers != attendu:
        raise TransitionRefusee(
            {
                "vers": "Le dossier est « Versé » quand le total des versements atteint le montant accordé, "
                "« Versé en partie » avant."
            }
        )
    versement = Versement(dossier=dossier, montant=montant, date=date, saisi_par=par)
    versement.full_clean()
    return versement


def enregistrer_versement(*, dossier, par, montant, date, version=None):
    """Un versement : l'état (versé en partie ou versé) se déduit du total."""
    total = dossier.total_verse + (montant if isinstance(montant, int) else 0)
    vers = Etat.VERSE if total == dossier.montant_accorde else Etat.VERSE_PARTIELLEMENT
    return changer_etat(dossier=dossier, vers=vers, par=par, montant=montant, date=date, version=version)


def _prevenir_changement(dossier, de, vers, par, qui):
    lien = reverse("dossiers:detail", args=[dossier.pk])
    titre = f"Dossier « {dossier.dispositif.nom} » : {vers.label.lower()}"
    if vers == Etat.ACCORDE:
        message = f"Aide accordée : {euros(dossier.montant_accorde)}."
    elif vers in transitions.AVEC_MOTIVATION | transitions.AVEC_MESSAGE:
        message = dossier.changements.last().texte[:300]
    else:
        message = f"{par.nom_affiche} a fait passer le dossier de « {de.label} » à « {vers.label} »."
    cote = Acteur.INSTRUCTEUR if qui == Acteur.ENTREPRISE else Acteur.ENTREPRISE
    notifications.notifier(
        utilisateurs=_destinataires(dossier, cote=cote, sauf=par),
        categorie=Categorie.DOSSIER_ETAT,
        titre=titre[:200],
        message=message,
        lien=lien,
    )


@transaction.atomic
def attribuer(*, dossier, par, instructeur):
    """Confie le dossier à un instructeur de sa structure (soi-même ou un collègue)."""
    _exiger(droits.acteur(par, dossier) == Acteur.INSTRUCTEUR, "Seuls les instructeurs du dispositif attribuent.")
    if instructeur is not None and not droits.instruit(instructeur, dossier):
        raise ValidationError({"instructeur": "Choisissez un instructeur de la structure qui instruit ce dossier."})
    Dossier.objects.filter(pk=dossier.pk).update(
        instructeur=instructeur, version=F("version") + 1, modifie_le=timezone.now()
    )
    dossier.refresh_from_db()
    return dossier


@transaction.atomic
def ecrire_message(*, dossier, auteur, texte):
    _exiger(droits.peut_ecrire_message(auteur, dossier), "Vous ne pouvez pas écrire sur ce dossier.")
    qui = droits.acteur(auteur, dossier)
    message = MessageDossier(
        dossier=dossier, auteur=auteur, de_l_instruction=qui == Acteur.INSTRUCTEUR, texte=(texte or "").strip()
    )
    message.full_clean()
    message.save()
    notifications.notifier(
        utilisateurs=_destinataires(
            dossier, cote=Acteur.ENTREPRISE if qui == Acteur.INSTRUCTEUR else Acteur.INSTRUCTEUR, sauf=auteur
        ),
        categorie=Categorie.DOSSIER_MESSAGE,
        titre=f"Message sur le dossier « {dossier.dispositif.nom} »"[:200],
        message=message.texte[:300],
        lien=reverse("dossiers:detail", args=[dossier.pk]) + "#messages",
    )
    return message


@transaction.atomic
def annoter(*, dossier, auteur, texte):
    _exiger(droits.peut_annoter(auteur, dossier), "Seuls les instructeurs du dispositif annotent ce dossier.")
    annotation = AnnotationPrivee(dossier=dossier, auteur=auteur, texte=(texte or "").strip())
    annotation.full_clean()
    annotation.save()
    return annotation


@transaction.atomic
def supprimer_brouillon(*, dossier, utilisateur):
    _exiger(
        droits.acteur(utilisateur, dossier) == Acteur.ENTREPRISE and dossier.etat == Etat.BROUILLON,
        "Seul un brouillon se supprime, par un membre de l'entreprise.",
    )
    fichiers = [p.fichier.name for p in dossier.pieces.all()]
    stockage = PieceDossier._meta.get_field("fichier").storage
    dossier.delete()
    transaction.on_commit(lambda: [stockage.delete(nom) for nom in fichiers])
