"""Import de solutions depuis un CSV, avec un fichier de correspondance des colonnes (YAML).

Tout ou rien : on valide toutes les lignes d'abord ; à la moindre erreur, rien n'est écrit et le rapport
donne le numéro de ligne de chaque problème.
"""

import csv
import io
import re
from dataclasses import dataclass, field
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
from osezia.utils.texte import est_mot_vide, sans_accents

TAILLE_MAX_OCTETS = 20 * 1024 * 1024
LIGNES_MAX = 50_000
ERREURS_AFFICHEES_MAX = 200

CHAMPS_TEXTE = ["nom", "description", "description_courte", "site_web", "source_url", "references"]
CHAMPS_CODE = ["modele_tarifaire", "tranche_prix", "deploiement", "hebergement", "role_ai_act"]
CHAMPS_LISTE = ["tailles_cibles", "certifications", "langues"]
CHAMPS_RELATION = ["cas_usage", "secteurs", "categories", "fournisseur", "dpa_rgpd"]
CHAMPS_CONNUS = set(CHAMPS_TEXTE + CHAMPS_CODE + CHAMPS_LISTE + CHAMPS_RELATION)


class ErreurImport(Exception):
    def __init__(self, erreurs):
        self.erreurs = erreurs
        super().__init__(f"{len(erreurs)} erreur(s)")


@dataclass
class LigneValidee:
    numero: int
    solution: Solution
    cas_usage: list
    secteurs: list
    fournisseur_nom: str = ""


@dataclass
class RapportImport:
    lues: int = 0
    creees: int = 0
    mises_a_jour: int = 0
    ignorees: list = field(default_factory=list)  # (numéro de ligne, raison)


def lire_correspondance(chemin):
    try:
        donnees = yaml.safe_load(Path(chemin).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as erreur:
        raise ErreurImport([f"Fichier de correspondance illisible : {erreur}"])
    erreurs = []
    if not isinstance(donnees, dict) or not isinstance(donnees.get("colonnes"), dict):
        raise ErreurImport(["Le fichier de correspondance doit contenir une section « colonnes »."])
    inconnus = sorted(set(donnees["colonnes"]) - CHAMPS_CONNUS)
    if inconnus:
        erreurs.append(
            f"Correspondance : champs inconnus {', '.join(inconnus)} (connus : {', '.join(sorted(CHAMPS_CONNUS))})."
        )
    if "nom" not in donnees["colonnes"] or "description" not in donnees["colonnes"]:
        erreurs.append("Correspondance : les colonnes « nom » et « description » sont obligatoires.")
    slugs = set(CasUsage.objects.values_list("slug", flat=True))
    cibles = [s for liste in (donnees.get("categories") or {}).values() for s in liste]
    cibles += [s for regle in donnees.get("regles_description") or [] for s in regle.get("cas_usage", [])]
    if sorted(set(cibles) - slugs):
        erreurs.append(f"Correspondance : cas d'usage inconnus {', '.join(sorted(set(cibles) - slugs))}.")
    for regle in donnees.get("regles_description") or []:
        try:
            regle["_motif"] = re.compile(regle["motif"])
        except (KeyError, re.error) as erreur:
            erreurs.append(f"Correspondance : règle de description invalide {regle!r} ({erreur}).")
    if donnees.get("statut", StatutSolution.BROUILLON) not in StatutSolution.values:
        erreurs.append(f"Correspondance : statut inconnu {donnees.get('statut')!r}.")
    if erreurs:
        raise ErreurImport(erreurs)
    return donnees


def lire_csv(chemin, *, delimiteur=","):
    chemin = Path(chemin)
    try:
        taille = chemin.stat().st_size
    except OSError as erreur:
        raise ErreurImport([f"Fichier introuvable ou illisible : {erreur}"])
    if taille > TAILLE_MAX_OCTETS:
        raise ErreurImport(
            [f"Fichier trop gros : {taille // 1024} Kio (maximum {TAILLE_MAX_OCTETS // 1024 // 1024} Mio)."]
        )
    try:
        texte = chemin.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as erreur:
        raise ErreurImport([f"Le fichier doit être encodé en UTF-8 (octet invalide à la position {erreur.start})."])
    if "\x00" in texte:
        raise ErreurImport(["Le fichier contient des octets nuls : ce n'est pas un CSV texte."])
    lecteur = csv.DictReader(io.StringIO(texte, newline=""), delimiter=delimiteur, strict=True)
    lignes = []
    try:
        if not lecteur.fieldnames:
            raise ErreurImport(["Le fichier est vide (pas de ligne d'en-tête)."])
        for ligne in lecteur:
            if len(lignes) >= LIGNES_MAX:
                raise ErreurImport([f"Trop de lignes : au plus {LIGNES_MAX} par import."])
            if None in ligne:
                raise ErreurImport([f"Ligne {lecteur.line_num} : plus de colonnes que dans l'en-tête."])
            lignes.append((lecteur.line_num, ligne))
    except csv.Error as erreur:
        raise ErreurImport([f"Ligne {lecteur.line_num} : CSV mal formé ({erreur})."])
    return lecteur.fieldnames, lignes


def _liste(valeur, separateur):
    return [v.strip() for v in (valeur or "").split(separateur) if v.strip()]


_COUPURE_SIGNALEE = re.compile(r"\s*(?:\[(?:…|\.\.\.)\]|\.\.\.|…)\s*$")
_FIN_DE_PHRASE = '.!?»)"'


def notice(texte):
    """Le texte d'une notice importée, que la source coupe souvent en plein mot (« regroupe … dans une ») : coupé
    au dernier mot entier porteur de sens et terminé par « … » ; intact s'il finit une phrase."""
    texte = " ".join(texte.split())
    signalee = _COUPURE_SIGNALEE.search(texte)
    if signalee:
        texte = texte[: signalee.start()]
    elif not texte or texte[-1] in _FIN_DE_PHRASE:
        return texte
    else:
        texte = texte.rsplit(" ", 1)[0] if " " in texte else texte  # le dernier mot est peut-être tronqué
    mots_ = texte.split(" ")
    while len(mots_) > 1 and (est_mot_vide(mots_[-1].strip(",;:'’").lower()) or not mots_[-1].strip(",;:-–")):
        mots_.pop()
    texte = " ".join(mots_).rstrip(" ,;:-–")
    return f"{texte} …" if texte and texte[-1] not in ".!?" else texte


def _description_courte(texte):
    texte = " ".join(texte.split())
    if len(texte) <= 200:
        return texte
    coupe = texte[:199].rsplit(" ", 1)[0]
    return coupe + "…"


def _booleen(valeur):
    valeur = (valeur or "").strip().lower()
    if not valeur:
        return None
    if valeur in ("oui", "true", "1", "vrai", "yes"):
        return True
    if valeur in ("non", "false", "0", "faux", "no"):
        return False
    raise ValidationError(f"valeur oui/non attendue, reçu « {valeur} »")


def _identite(nom, fournisseur):
    """Ce qui fait une même solution quand la correspondance n'a pas de clé : nom et fournisseur, sans casse,
    accents ni espaces en trop."""
    return tuple(" ".join(sans_accents(t).casefold().split()) for t in (nom, fournisseur))


def valider(correspondance, entetes, lignes):
    colonnes = correspondance["colonnes"]
    manquantes = [c for c in colonnes.values() if c not in entetes]
    if manquantes:
        raise ErreurImport([f"En-tête : colonnes absentes du fichier : {', '.join(manquantes)}."])
    separateur = correspondance.get("separateur_liste", ";")
    slugs = {c.slug: c for c in CasUsage.objects.all()}
    divisions = {s.code: s for s in SecteurNAF.objects.divisions()}
    cle = correspondance.get("cle")
    existants = {}
    if cle:
        existants = {
            getattr(s, cle): s
            for s in Solution.objects.filter(source=correspondance.get("source", "")).exclude(**{cle: ""})
        }
    erreurs, validees, rapport, vues = [], [], RapportImport(lues=len(lignes)), set()
    noms_pris = set(Solution.objects.values_list("slug", flat=True))
    # Sans clé, une ligne ne peut rien mettre à jour : un doublon (dans le fichier ou en base) ferait deux fiches.
    identites_vues, identites_en_base = {}, set()
    if not cle:
        identites_en_base = {
            _identite(nom, fournisseur or "")
            for nom, fournisseur in Solution.objects.filter(source=correspondance.get("source", "")).values_list(
                "nom", "fournisseur__nom"
            )
        }
    for numero, ligne in lignes:
        valeurs = {champ: (ligne.get(colonne) or "").strip() for champ, colonne in colonnes.items()}
        probleme = []
        cas = set(_liste(valeurs.get("cas_usage"), separateur))
        inconnus = sorted(cas - set(slugs))
        if inconnus:
            probleme.append(f"cas d'usage inconnus : {', '.join(inconnus)}")
        for categorie in _liste(valeurs.get("categories"), separateur):
            cas.update((correspondance.get("categories") or {}).get(categorie, []))
        description_normale = sans_accents(valeurs.get("description", "").lower())
        for regle in correspondance.get("regles_description") or []:
            if regle["_motif"].search(description_normale):
                cas.update(regle["cas_usage"])
        secteurs = _liste(valeurs.get("secteurs"), separateur)
        if [s for s in secteurs if s not in divisions]:
            probleme.append(f"divisions NAF inconnues : {', '.join(s for s in secteurs if s not in divisions)}")
        cle_ligne = valeurs.get(cle) if cle else None
        if cle_ligne and cle_ligne in vues:
            probleme.append(f"« {cle_ligne} » apparaît deux fois dans le fichier")
        vues.add(cle_ligne)
        if not cle:
            identite = _identite(valeurs.get("nom", ""), valeurs.get("fournisseur", ""))
            if identite in identites_vues:
                probleme.append(
                    f"même solution que la ligne {identites_vues[identite]} (même nom, même fournisseur) : sans "
                    "colonne « cle » dans la correspondance, elle serait créée deux fois ; retirez l'une des deux"
                )
            elif identite in identites_en_base:
                probleme.append(
                    "cette solution existe déjà (même nom, même fournisseur, même source) : sans colonne « cle » "
                    "dans la correspondance, l'import en créerait une seconde ; ajoutez une clé pour la mettre à jour"
                )
            identites_vues.setdefault(identite, numero)
        solution = existants.get(cle_ligne) if cle_ligne else None
        solution = solution or Solution()
        solution.nom = valeurs.get("nom", "")
        solution.description = notice(valeurs.get("description", ""))
        solution.description_courte = valeurs.get("description_courte") or _description_courte(solution.description)
        for champ in ("site_web", "source_url", "references"):
            if champ in valeurs:
                setattr(solution, champ, valeurs[champ])
        for champ in CHAMPS_CODE:
            if valeurs.get(champ):
                setattr(solution, champ, valeurs[champ])
        for champ in CHAMPS_LISTE:
            if champ in valeurs:
                setattr(solution, champ, _liste(valeurs[champ], separateur))
        if "dpa_rgpd" in valeurs:
            try:
                solution.dpa_rgpd = _booleen(valeurs["dpa_rgpd"])
            except ValidationError as erreur:
                probleme.append(f"dpa_rgpd : {erreur.messages[0]}")
        solution.source = correspondance.get("source", "")
        solution.credit = correspondance.get("credit", "")
        solution.origine = OrigineSolution.IMPORT
        solution.statut = correspondance.get("statut", StatutSolution.BROUILLON)
        if not solution.slug:
            solution.slug = Solution.slug_libre(solution.nom or "solution", pris=noms_pris)
            noms_pris.add(solution.slug)
        try:
            solution.full_clean(exclude=["fournisseur", "slug"])
        except ValidationError as erreur:
            for champ, messages in erreur.message_dict.items():
                nom_champ = Solution._meta.get_field(champ).verbose_name if champ != "__all__" else "fiche"
                probleme.append(f"{nom_champ} : {' '.join(messages)}")
        nom_fournisseur = valeurs.get("fournisseur", "")
        longueur_max = Organisation._meta.get_field("nom").max_length
        if len(nom_fournisseur) > longueur_max:
            probleme.append(f"fournisseur : {longueur_max} caractères au plus (ici {len(nom_fournisseur)})")
        if probleme:
            erreurs.append(f"Ligne {numero} : " + " ; ".join(probleme))
            continue
        if not cas and correspondance.get("ignorer_sans_cas_usage"):
            rapport.ignorees.append((numero, "aucun cas d'usage professionnel"))
            continue
        if not cas:
            erreurs.append(f"Ligne {numero} : aucun cas d'usage (colonne cas_usage ou catégories).")
            continue
        validees.append(
            LigneValidee(
                numero,
                solution,
                [slugs[s] for s in sorted(cas)],
                [divisions[s] for s in secteurs],
                valeurs.get("fournisseur", ""),
            )
        )
    if erreurs:
        raise ErreurImport(erreurs)
    return validees, rapport


def importer(chemin_csv, chemin_correspondance, *, delimiteur=",", simulation=False):
    correspondance = lire_correspondance(chemin_correspondance)
    entetes, lignes = lire_csv(chemin_csv, delimiteur=delimiteur)
    validees, rapport = valider(correspondance, entetes, lignes)
    if simulation:
        rapport.creees = sum(1 for v in validees if v.solution.pk is None)
        rapport.mises_a_jour = len(validees) - rapport.creees
        return rapport
    with transaction.atomic(), indexation_differee():
        fournisseurs = {}
        maintenant = timezone.now()
        for ligne in validees:
            solution = ligne.solution
            if ligne.fournisseur_nom:
                if ligne.fournisseur_nom not in fournisseurs:
                    fournisseurs[ligne.fournisseur_nom] = Organisation.objects.filter(
                        type=TypeOrganisation.FOURNISSEUR, nom=ligne.fournisseur_nom
                    ).first() or Organisation.objects.create(
                        type=TypeOrganisation.FOURNISSEUR, nom=ligne.fournisseur_nom, source=solution.source
                    )
                solution.fournisseur = fournisseurs[ligne.fournisseur_nom]
            creation = solution.pk is None
            if solution.statut == StatutSolution.PUBLIEE and not solution.publiee_le:
                solution.publiee_le = maintenant
            solution.save()
            solution.cas_usage.set(ligne.cas_usage)
            solution.secteurs.set(ligne.secteurs)
            rapport.creees += creation
            rapport.mises_a_jour += not creation
    return rapport
