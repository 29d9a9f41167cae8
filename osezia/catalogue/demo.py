"""Chargement des données de démonstration du catalogue (contenus/demo_catalogue.yaml), marquées « démo ».

Idempotent : un fournisseur de démonstration est retrouvé par son nom, une solution par son nom et son fournisseur.
"""

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from osezia.cas_usage.models import CasUsage
from osezia.catalogue.enums import OrigineSolution, StatutSolution
from osezia.catalogue.models import Solution
from osezia.organisations.enums import TypeOrganisation
from osezia.organisations.models import Organisation
from osezia.recherche.indexation import indexation_differee
from osezia.referentiels.models import SecteurNAF

FICHIER = Path(__file__).resolve().parent / "contenus" / "demo_catalogue.yaml"
SOURCE = "Données de démonstration osezia (fictives)"


class ErreurDemo(Exception):
    pass


def _valider(objet, ou, exclude=None):
    try:
        objet.full_clean(exclude=exclude)
    except ValidationError as erreur:
        raise ErreurDemo(f"{ou} : {erreur.message_dict}") from erreur


@transaction.atomic
def charger_demo(fichier=FICHIER):
    donnees = yaml.safe_load(Path(fichier).read_text(encoding="utf-8"))
    fournisseurs = {}
    for f in donnees["fournisseurs"]:
        organisation = Organisation.objects.filter(
            type=TypeOrganisation.FOURNISSEUR, nom=f["nom"], est_demo=True
        ).first()
        organisation = organisation or Organisation(type=TypeOrganisation.FOURNISSEUR, nom=f["nom"], est_demo=True)
        organisation.region_id = str(f["region"])
        organisation.effectif = f.get("effectif")
        organisation.description = " ".join(f["description"].split())
        organisation.labels = f.get("labels") or []
        organisation.source = SOURCE
        _valider(organisation, f"fournisseur {f['cle']}", exclude=["slug"])
        organisation.save()
        fournisseurs[f["cle"]] = organisation

    cas_usage = {c.slug: c for c in CasUsage.objects.all()}
    divisions = {s.code: s for s in SecteurNAF.objects.divisions()}
    nombre = 0
    with indexation_differee():
        for s in donnees["solutions"]:
            ou = f"solution « {s['nom']} »"
            fournisseur = fournisseurs.get(s["fournisseur"])
            if fournisseur is None:
                raise ErreurDemo(f"{ou} : fournisseur inconnu {s['fournisseur']}")
            inconnus = [c for c in s["cas_usage"] if c not in cas_usage]
            inconnus += [str(d) for d in s.get("secteurs") or [] if str(d) not in divisions]
            if inconnus:
                raise ErreurDemo(f"{ou} : codes inconnus {inconnus}")
            solution = Solution.objects.filter(nom=s["nom"], fournisseur=fournisseur).first() or Solution(
                nom=s["nom"], fournisseur=fournisseur
            )
            solution.description_courte = s["description_courte"]
            solution.description = " ".join(s["description"].split())
            solution.tailles_cibles = s.get("tailles") or []
            for champ in ("modele_tarifaire", "tranche_prix", "deploiement", "hebergement", "role_ai_act"):
                setattr(solution, champ, s[champ])
            solution.certifications = s.get("certifications") or []
            solution.dpa_rgpd = s.get("dpa")
            solution.langues = s.get("langues") or []
            solution.references = s.get("references", "")
            solution.statut = StatutSolution.PUBLIEE
            solution.publiee_le = solution.publiee_le or timezone.now()
            solution.origine = OrigineSolution.DEMO
            solution.est_demo = True
            solution.source = SOURCE
            if not solution.slug:
                solution.slug = Solution.slug_libre(solution.nom)
            _valider(solution, ou)
            solution.save()
            solution.cas_usage.set([cas_usage[c] for c in s["cas_usage"]])
            solution.secteurs.set([divisions[str(d)] for d in s.get("secteurs") or []])
            nombre += 1
    structure = charger_structure_demo()
    # Les guichets marqués `demo` dans dossiers/contenus/guichets.yaml : instruits, en démonstration, par elle.
    from osezia.dossiers.chargement import rattacher_demo

    rattacher_demo(structure)
    return {"fournisseurs": len(fournisseurs), "solutions": nombre}


STRUCTURE_DEMO = "Structure d'accompagnement de démonstration (fictive)"


def charger_structure_demo():
    """Une structure d'accompagnement fictive, pour essayer le partage d'un diagnostic avec un conseiller."""
    structure, _ = Organisation.objects.get_or_create(
        type=TypeOrganisation.STRUCTURE,
        nom=STRUCTURE_DEMO,
        defaults={
            "est_demo": True,
            "region_id": "84",
            "description": "Structure inventée pour la démonstration : aucune CCI ni aucun réseau réel derrière.",
            "source": SOURCE,
        },
    )
    return structure
