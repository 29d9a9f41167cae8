"""L'export de tout ce que la plateforme garde d'une organisation (RGPD, art. 15 et 20) : une archive zip avec
`donnees.json` (lisible par une machine) et le rapport PDF de chaque diagnostic terminé.

Le contenu des e-mails n'est pas exporté, seulement leur trace (destinataire, sujet, date) : un e-mail de
confirmation d'adresse ou de mot de passe porte un lien personnel qu'un autre membre n'a pas à lire."""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from osezia.conformite.selectors import systeme_declare
from osezia.diagnostic import pdf
from osezia.diagnostic import questionnaire as q
from osezia.diagnostic.enums import StatutDiagnostic, StatutFichierPDF
from osezia.diagnostic.models import FichierPDF
from osezia.labels.selectors import donnees_rgpd as candidatures_aux_labels
from osezia.notifications.models import Courriel, Notification
from osezia.projets.models import DocumentProjet
from osezia.relations.selectors import donnees_rgpd as mises_en_relation

VERSION_FORMAT = 1


def _personne(utilisateur):
    return {"nom": utilisateur.nom_affiche, "email": utilisateur.email} if utilisateur else None


def _reponses_lisibles(reponses):
    """Chaque réponse avec le texte de la question et des choix, pour qui lit le fichier sans le questionnaire."""
    questions = q.questionnaire().questions
    lisibles = []
    for cle, valeur in reponses.items():
        question = questions.get(cle)
        libelles = {c.cle: c.libelle for c in question.choix} if question else {}
        valeurs = valeur if isinstance(valeur, list) else [valeur]
        lisibles.append(
            {
                "question": question.texte if question else cle,
                "reponse": [libelles.get(v, v) for v in valeurs],
            }
        )
    return lisibles


def _diagnostic(diagnostic):
    return {
        "id": diagnostic.pk,
        "numero": f"T{diagnostic.numero}",
        "statut": diagnostic.get_statut_display(),
        "cree_le": diagnostic.cree_le,
        "cree_par": _personne(diagnostic.cree_par),
        "termine_le": diagnostic.termine_le,
        "valide_le": diagnostic.valide_le,
        "valide_par": _personne(diagnostic.valide_par),
        "conseiller": _personne(diagnostic.conseiller),
        "profil": {
            "naf": diagnostic.naf_id,
            "effectif": diagnostic.effectif,
            "chiffre_affaires": diagnostic.chiffre_affaires,
            "region": diagnostic.region_id,
            "categorie_taille": diagnostic.categorie_taille,
            "description": diagnostic.description,
            "besoins": diagnostic.besoins,
        },
        "questionnaire_version": diagnostic.questionnaire_version,
        "reponses": diagnostic.reponses,
        "reponses_lisibles": _reponses_lisibles(diagnostic.reponses),
        "scores": diagnostic.scores,
        "score_global": diagnostic.score_global,
        "synthese_conseiller": diagnostic.synthese_conseiller,
        "recommandations": [
            {
                "cas_usage": r.cas_usage.slug,
                "titre": r.cas_usage.titre,
                "rang_calcule": r.rang_auto,
                "score": r.score,
                "valeur": r.valeur,
                "faisabilite": r.faisabilite,
                "horizon_calcule": r.horizon_auto,
                "raisons": r.raisons,
                "ajustement_conseiller": {
                    "rang": r.rang_conseiller,
                    "horizon": r.horizon_conseiller,
                    "retenue": r.retenue,
                    "motif": r.motif_ajustement,
                    "par": _personne(r.ajuste_par),
                    "le": r.ajuste_le,
                }
                if r.est_ajustee
                else None,
            }
            for r in diagnostic.recommandations.select_related("cas_usage", "ajuste_par")
        ],
        "inventaire": [
            {"categorie": e.get_categorie_display(), "element": e.libelle, "precisions": e.detail, "cree_le": e.cree_le}
            for e in diagnostic.inventaire.all()
        ],
    }


def _solution(solution):
    return {
        "nom": solution.nom,
        "slug": solution.slug,
        "statut": solution.get_statut_display(),
        "description_courte": solution.description_courte,
        "description": solution.description,
        "site_web": solution.site_web,
        "references": solution.references,
        "cas_usage": list(solution.cas_usage.values_list("slug", flat=True)),
        "cree_le": solution.cree_le,
        "publiee_le": solution.publiee_le,
        "moderation": [
            {
                "le": e.cree_le,
                "avant": e.get_statut_avant_display(),
                "apres": e.get_statut_apres_display(),
                "motif": e.motif,
                "par": _personne(e.auteur),
            }
            for e in solution.evenements.select_related("auteur").order_by("cree_le", "pk")
        ],
    }


def _projet(projet):
    return {
        "titre": projet.titre,
        "objectif": projet.objectif,
        "cas_usage": projet.cas_usage.slug,
        "etape": projet.get_etape_display(),
        "responsable": _personne(projet.responsable),
        "equipe": [_personne(u) for u in projet.equipe.all()],
        "solutions": [s.nom for s in projet.solutions.all()],
        "prestataires_libres": projet.prestataires_libres,
        "budget_prevu": projet.budget_prevu,
        "budget_depense": projet.budget_depense,
        "date_debut": projet.date_debut,
        "date_cible": projet.date_cible,
        "cree_le": projet.cree_le,
        "changements_d_etape": [
            {
                "le": c.le,
                "de": c.get_de_display(),
                "vers": c.get_vers_display(),
                "par": _personne(c.par),
                "motif": c.get_motif_display() if c.motif else "",
                "detail": c.detail,
            }
            for c in projet.changements.select_related("par").order_by("le", "pk")
        ],
        "indicateurs": [
            {
                "libelle": i.libelle,
                "unite": i.get_unite_display(),
                "valeur_reference": i.valeur_reference,
                "date_reference": i.date_reference,
                "cible": i.cible,
                "mesures": [{"date": m.date, "valeur": m.valeur} for m in i.mesures.order_by("date")],
            }
            for i in projet.indicateurs.order_by("pk")
        ],
        "commentaires": [
            {"le": c.cree_le, "auteur": _personne(c.auteur), "texte": c.texte}
            for c in projet.commentaires.select_related("auteur").order_by("cree_le", "pk")
        ],
        "documents": [
            {"nom": d.nom, "type": d.type_contenu, "taille": d.taille, "depose_le": d.depose_le, "fichier": _chemin(d)}
            for d in projet.documents.order_by("pk")
        ],
        "systeme_ia": _systeme(systeme_declare(projet)),
        "dossiers_de_financement": [_dossier(d) for d in projet.dossiers.select_related("dispositif").order_by("pk")],
        "chronologie": [
            {"le": e.cree_le, "type": e.get_type_display(), "texte": e.texte}
            for e in projet.evenements.order_by("cree_le", "pk")
        ],
    }


def _systeme(systeme):
    if systeme is None:
        return None
    return {
        "nom": systeme.nom,
        "fournisseur": systeme.fournisseur,
        "role": systeme.get_role_display(),
        "niveau_risque": systeme.get_niveau_risque_display(),
        "motif_ajustement": systeme.motif_ajustement,
        "modifie_le": systeme.modifie_le,
    }


def _dossier(dossier):
    return {
        "dispositif": dossier.dispositif.nom,
        "etat": dossier.get_etat_display(),
        "montant_demande": dossier.montant_demande,
        "objet": dossier.objet,
        "eligibilite_au_depot": {
            "statut": dossier.eligibilite_statut,
            "raisons": dossier.eligibilite_raisons,
            "le": dossier.eligibilite_le,
        },
        "depose_le": dossier.depose_le,
        "montant_accorde": dossier.montant_accorde,
        "motivation": dossier.motivation,
        "decide_le": dossier.decide_le,
        "changements_d_etat": [
            {"le": c.le, "de": c.get_de_display(), "vers": c.get_vers_display(), "texte": c.texte, "montant": c.montant}
            for c in dossier.changements.order_by("le", "pk")
        ],
        "versements": [{"date": v.date, "montant": v.montant} for v in dossier.versements.order_by("date", "pk")],
        "pieces": [
            {"nom": p.nom, "type": p.type_contenu, "taille": p.taille, "depose_le": p.depose_le}
            for p in dossier.pieces.order_by("pk")
        ],
        # Les échanges avec l'instruction, pas ses annotations privées (données de l'instructeur, pas de l'entreprise).
        "messages": [
            {"le": m.cree_le, "de_l_instruction": m.de_l_instruction, "texte": m.texte}
            for m in dossier.messages.order_by("cree_le", "pk")
        ],
    }


def _chemin(document):
    return f"projets/{document.projet_id}/{document.pk}-{document.nom}"


def donnees(organisation):
    """Tout ce que la plateforme garde de l'organisation, de ses membres et de ses diagnostics."""
    membres = organisation.membres.select_related("utilisateur").order_by("cree_le", "pk")
    utilisateurs = [m.utilisateur for m in membres]
    return {
        "format": VERSION_FORMAT,
        "exporte_le": timezone.now(),
        "organisation": {
            "nom": organisation.nom,
            "type": organisation.get_type_display(),
            "siren": organisation.siren,
            "naf": organisation.naf_id,
            "effectif": organisation.effectif,
            "chiffre_affaires": organisation.chiffre_affaires,
            "total_bilan": organisation.total_bilan,
            "region": organisation.region_id,
            "categorie_taille": organisation.categorie_taille,
            "description": organisation.description,
            "site_web": organisation.site_web,
            "cree_le": organisation.cree_le,
            "modifie_le": organisation.modifie_le,
            "effacement_demande_le": organisation.effacement_demande_le,
        },
        "membres": [
            {
                "email": m.utilisateur.email,
                "prenom": m.utilisateur.first_name,
                "nom": m.utilisateur.last_name,
                "role": m.utilisateur.get_role_display(),
                "administrateur": m.est_administrateur,
                "membre_depuis": m.cree_le,
                "compte_cree_le": m.utilisateur.date_joined,
                "derniere_connexion": m.utilisateur.last_login,
                "email_verifie_le": m.utilisateur.email_verifie_le,
            }
            for m in membres
        ],
        "consentements": [
            {
                "structure": c.structure.nom,
                "accorde_le": c.accorde_le,
                "accorde_par": _personne(c.accorde_par),
                "retire_le": c.retire_le,
            }
            for c in organisation.consentements.select_related("structure", "accorde_par").order_by("accorde_le")
        ],
        "diagnostics": [
            _diagnostic(d)
            for d in organisation.diagnostics.select_related("cree_par", "valide_par", "conseiller").order_by("numero")
        ],
        "solutions": [_solution(s) for s in organisation.solutions.order_by("nom")],
        "candidatures_aux_labels": candidatures_aux_labels(organisation),
        # Besoins, mises en relation (demandées ou reçues), avis, rendez-vous d'affaires.
        **mises_en_relation(organisation),
        "projets": [
            _projet(p)
            for p in organisation.projets.select_related("cas_usage", "responsable")
            .prefetch_related("equipe", "solutions")
            .order_by("cree_le", "pk")
        ],
        "notifications": [
            {
                "pour": n.utilisateur.email,
                "le": n.cree_le,
                "categorie": n.get_categorie_display(),
                "titre": n.titre,
                "message": n.message,
                "lue_le": n.lue_le,
            }
            for n in Notification.objects.filter(utilisateur__in=utilisateurs).select_related("utilisateur")
        ],
        "emails": [
            {
                "destinataire": c.destinataire,
                "le": c.cree_le,
                "categorie": c.get_categorie_display(),
                "sujet": c.sujet,
                "statut": c.get_statut_display(),
                "envoye_le": c.envoye_le,
            }
            for c in Courriel.objects.filter(utilisateur__in=utilisateurs)
        ],
    }


def pdf_du_diagnostic(diagnostic):
    """Le PDF de la version actuelle du rapport (vue de l'entreprise) : le fichier gardé s'il est prêt, sinon rendu
    ici (une seconde environ par rapport : acceptable pour un export, qu'on ne demande pas tous les jours)."""
    html, empreinte = pdf.version_du_rapport(diagnostic, vue_conseiller=False)
    garde = FichierPDF.objects.filter(diagnostic=diagnostic, empreinte=empreinte, statut=StatutFichierPDF.PRET).first()
    if garde and garde.fichier:
        try:
            return pdf.contenu(garde)
        except OSError:  # fichier perdu du stockage : on le rend de nouveau
            pass
    return pdf.ecrire_pdf(html)


def nom_archive(organisation):
    return f"donnees-{organisation.slug}-{timezone.localdate().isoformat()}.zip"


def archive(organisation):
    """Les octets du zip (quelques centaines de Kio par diagnostic : construit en mémoire)."""
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", compression=zipfile.ZIP_DEFLATED) as zip_:
        contenu = json.dumps(donnees(organisation), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        zip_.writestr("donnees.json", contenu)
        termines = organisation.diagnostics.exclude(statut=StatutDiagnostic.BROUILLON).order_by("numero")
        for diagnostic in termines:
            nom = f"rapports/diagnostic-T{diagnostic.numero}-{diagnostic.date_reference.isoformat()}.pdf"
            zip_.writestr(nom, pdf_du_diagnostic(diagnostic))
        for document in DocumentProjet.objects.filter(projet__entreprise=organisation).order_by("pk"):
            try:
                with document.fichier.open("rb") as fichier:
                    zip_.writestr(_chemin(document), fichier.read())
            except OSError:  # fichier perdu du stockage : sa description reste dans donnees.json
                pass
    return tampon.getvalue()
