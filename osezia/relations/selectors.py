"""Lectures des mises en relation hors des pages : ce que l'export RGPD d'une organisation en contient."""

from osezia.relations.enums import ChampVisible
from osezia.relations.models import Besoin, MiseEnRelation
from osezia.relations.transitions import RECUES


def _personne(utilisateur):
    return utilisateur.email if utilisateur else None


def _relation(relation, *, cote_entreprise):
    besoin = relation.besoin
    # Côté fournisseur, l'entreprise n'est nommée que si elle l'a accepté (ou s'ils se sont rencontrés).
    nom_visible = cote_entreprise or relation.montre_au_fournisseur(ChampVisible.NOM)
    return {
        "avec": (relation.fournisseur.nom if cote_entreprise else relation.entreprise.nom) if nom_visible else None,
        "besoin": besoin.pk if besoin else None,
        "origine": relation.get_origine_display(),
        "solution": relation.solution.nom if relation.solution_id else None,
        "statut": relation.get_statut_display(),
        "motif": relation.libelle_motif,
        "montant": relation.montant,
        "envoyee_le": relation.envoyee_le,
        "historique": [
            {
                "le": c.le,
                "de": c.get_de_display(),
                "vers": c.get_vers_display(),
                "cote": c.get_cote_display(),
                "par": _personne(c.par) if c.cote == ("entreprise" if cote_entreprise else "fournisseur") else None,
                "motif": c.libelle_motif,
                "precision": c.precision,
            }
            for c in relation.changements.select_related("par")
        ],  # fmt: skip
        "messages": [
            {"le": m.cree_le, "cote": m.get_cote_display(), "texte": m.texte} for m in relation.messages.all()
        ],
    }


def donnees_rgpd(organisation):
    besoins = Besoin.objects.filter(entreprise=organisation).select_related("cas_usage", "cree_par", "consentement_par")
    comme_entreprise = (
        MiseEnRelation.objects.filter(entreprise=organisation, statut__in=RECUES)
        .select_related("fournisseur", "solution", "besoin")
        .order_by("cree_le", "pk")
    )
    comme_fournisseur = (
        MiseEnRelation.objects.filter(fournisseur=organisation, statut__in=RECUES)
        .select_related("entreprise", "solution", "besoin")
        .order_by("cree_le", "pk")
    )
    return {
        "besoins": [
            {
                "id": b.pk,
                "cas_usage": b.cas_usage.titre,
                "description": b.description,
                "budget": b.get_budget_display(),
                "date_souhaitee": b.date_souhaitee,
                "exprime_par": _personne(b.cree_par),
                "statut": b.get_statut_display(),
                "informations_montrees": [ChampVisible(c).label for c in b.champs_visibles],
                "envoi_accepte_le": b.consentement_le,
                "envoi_accepte_par": _personne(b.consentement_par),
                "cree_le": b.cree_le,
            }
            for b in besoins
        ],  # fmt: skip
        "mises_en_relation_demandees": [_relation(r, cote_entreprise=True) for r in comme_entreprise],
        "mises_en_relation_recues": [_relation(r, cote_entreprise=False) for r in comme_fournisseur],
        "avis": [
            {
                "sur": a.fournisseur.nom,
                "note": a.note,
                "texte": a.texte,
                "statut": a.get_statut_display(),
                "reponse": a.reponse,
                "depose_le": a.cree_le,
            }
            for r in comme_entreprise
            if hasattr(r, "avis")
            for a in [r.avis]
        ]
        + [
            {
                "recu": True,
                "note": a.note,
                "texte": a.texte,
                "statut": a.get_statut_display(),
                "reponse": a.reponse,
                "depose_le": a.cree_le,
            }
            for a in organisation.avis_recus.all()
        ],  # fmt: skip
        "rendez_vous_d_affaires": [
            {
                "evenement": p.evenement.nom,
                "date": p.evenement.date,
                "nature": p.get_nature_display(),
                "consentement_le": p.consentement_le,
                "desiste_le": p.desiste_le,
                "rendez_vous": [
                    {
                        "creneau": r.creneau.debut,
                        "table": r.table,
                        "avec": (r.fournisseur if p.nature == "entreprise" else r.entreprise).organisation.nom,
                        "annule_le": r.annule_le,
                    }
                    for r in (p.rendez_vous_entreprise if p.nature == "entreprise" else p.rendez_vous_fournisseur)
                    .filter(notifie_le__isnull=False)
                    .select_related("creneau", "entreprise__organisation", "fournisseur__organisation")
                ],
            }
            for p in organisation.participations.select_related("evenement")
        ],  # fmt: skip
    }
