"""Lectures des labels : le registre public (page et données ouvertes), les labels valides d'une solution, les
délégations d'évaluation (page des pilotes)."""

from django.db.models import Q

from osezia.labels.enums import StatutLabel
from osezia.labels.models import Delegation, Label
from osezia.utils import dates

COLONNES_REGISTRE = [
    "id",
    "label",
    "code_label",
    "organisme",
    "label_de_demonstration",
    "fournisseur",
    "siren_fournisseur",
    "solutions",
    "delivre_le",
    "expire_le",
    "statut",
    "est_demo",
]


def registre(*, statut=None):
    labels = Label.objects.du_registre().order_by("regime__ordre", "fournisseur__nom", "pk")
    if statut:
        labels = labels.filter(statut=statut)
    return labels


def ligne_registre(label):
    """Une ligne des données ouvertes : les mêmes champs en JSON et en CSV."""
    return {
        "id": label.pk,
        "label": label.regime.nom,
        "code_label": label.regime.code,
        "organisme": label.regime.organisme,
        "label_de_demonstration": label.regime.est_demo,
        "fournisseur": label.fournisseur.nom,
        "siren_fournisseur": label.fournisseur.siren,
        "solutions": [s.nom for s in label.solutions.all()],
        "delivre_le": label.delivre_le.isoformat(),
        "expire_le": label.expire_le.isoformat(),
        "statut": StatutLabel(label.statut).label,
        "est_demo": label.est_demo,
    }


def labels_valides_de(solution_ids):
    """{solution_id: [label valide…]} en une requête (la table de liaison et ses labels), pour des cartes ou une fiche."""
    resultat = {}
    liens = (
        Label.solutions.through.objects.filter(solution_id__in=solution_ids, label__statut=StatutLabel.VALIDE)
        .select_related("label__regime", "label__fournisseur")
        .order_by("label__regime__ordre", "label__regime__nom", "label_id")
    )
    for lien in liens:
        resultat.setdefault(lien.solution_id, []).append(lien.label)
    return resultat


def avec_labels_valides(solutions):
    """Les solutions (liste), chacune avec `labels_valides` : une seule requête pour toute la page de cartes."""
    solutions = list(solutions)
    labels = labels_valides_de([s.pk for s in solutions])
    for solution in solutions:
        solution.labels_valides = labels.get(solution.pk, [])
    return solutions


def delegations():
    """{"actuelles": en cours ou à venir, "passees": révoquées ou terminées}, les plus récentes d'abord."""
    toutes = Delegation.objects.select_related("regime", "structure", "accordee_par", "revoquee_par")
    finie = Q(revoquee_le__isnull=False) | Q(fin__lt=dates.aujourdhui())
    return {
        "actuelles": toutes.exclude(finie).order_by("regime__ordre", "structure__nom", "debut", "pk"),
        "passees": toutes.filter(finie).order_by("-revoquee_le", "-fin", "-pk"),
    }


def _membre(utilisateur):
    return {"nom": utilisateur.nom_affiche, "email": utilisateur.email} if utilisateur else None


def _evaluateur(utilisateur, *, plateforme=False):
    """Un évaluateur n'est pas membre de l'organisation : son rôle, pas son adresse (ses données ne sont pas les
    siennes) ; None pour un changement fait par la plateforme."""
    if utilisateur is None:
        return "La plateforme (traitement automatique)" if plateforme else None
    return utilisateur.get_role_display()


def donnees_rgpd(organisation):
    """Les candidatures de l'organisation à un label pour l'export RGPD : preuves (noms des fichiers), avis motivé sur
    chaque critère, label accordé et ses changements de statut."""
    candidatures = (
        organisation.candidatures_labels.select_related("regime", "cree_par", "decidee_par")
        .prefetch_related("solutions", "preuves__depose_par", "decisions__par")
        .order_by("cree_le", "pk")
    )
    labels = {
        label.candidature_id: label
        for label in Label.objects.filter(fournisseur=organisation).prefetch_related("solutions", "changements__par")
    }
    resultat = []
    for candidature in candidatures:
        regime = candidature.regime
        label = labels.get(candidature.pk)
        resultat.append(
            {
                "id": candidature.pk,
                "label_demande": regime.nom,
                "code_label": regime.code,
                "label_de_demonstration": regime.est_demo,
                "statut": candidature.get_statut_display(),
                "solutions": [s.nom for s in candidature.solutions.all()],
                "creee_le": candidature.cree_le,
                "creee_par": _membre(candidature.cree_par),
                "deposee_le": candidature.deposee_le,
                "decidee_le": candidature.decidee_le,
                "decidee_par": _evaluateur(candidature.decidee_par),
                "preuves": [
                    {
                        "critere": (regime.critere(p.critere) or {}).get("nom", p.critere),
                        "fichier": p.nom,
                        "type": p.type_contenu,
                        "taille": p.taille,
                        "deposee_le": p.depose_le,
                        "deposee_par": _membre(p.depose_par),
                    }
                    for p in candidature.preuves.all()
                ],
                "decisions": [
                    {
                        "critere": (regime.critere(d.critere) or {}).get("nom", d.critere),
                        "satisfait": d.satisfait,
                        "motivation": d.motivation,
                        "le": d.le,
                        "par": _evaluateur(d.par),
                    }
                    for d in candidature.decisions.all()
                ],
                "label": None
                if label is None
                else {
                    "statut": label.get_statut_display(),
                    "delivre_le": label.delivre_le,
                    "expire_le": label.expire_le,
                    "solutions": [s.nom for s in label.solutions.all()],
                    "averti_de_l_echeance_le": label.averti_le,
                    "changements_de_statut": [
                        {
                            "le": c.le,
                            "de": c.get_de_display(),
                            "vers": c.get_vers_display(),
                            "motif": c.motif,
                            "par": _evaluateur(c.par, plateforme=True),
                        }
                        for c in label.changements.all()
                    ],
                },
            }
        )
    return resultat
