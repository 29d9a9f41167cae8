"""Registre IA de l'entreprise : pour chaque projet, le système d'IA déployé, le rôle de l'entreprise, le niveau de
risque (celui du cas d'usage, ou ajusté avec un motif) et les obligations qui en découlent, datées par les données
versionnées du règlement (donnees/ai_act.yaml). Le registre aide à s'organiser ; il ne remplace pas une analyse
juridique : chaque obligation dit « selon l'usage » quand le niveau seul ne suffit pas à la trancher."""

from dataclasses import dataclass
from datetime import date

from osezia.cas_usage.enums import NiveauRisqueAIAct
from osezia.conformite import ai_act
from osezia.conformite.enums import RoleAIAct
from osezia.conformite.selectors import systeme_declare

# Les obligations de transparence de l'article 50 sont rangées par destinataire dans le fichier (« who »).
ROLE_DU_FICHIER = {RoleAIAct.DEPLOYEUR: "deployer", RoleAIAct.FOURNISSEUR: "provider"}


@dataclass(frozen=True)
class Obligation:
    libelle: str
    reference: str
    applicable_le: date
    selon_usage: bool  # vrai quand l'obligation dépend de ce que fait le système, pas seulement de son niveau

    def en_vigueur(self, aujourdhui):
        return self.applicable_le <= aujourdhui


def obligations(*, niveau, role, reference_cas=""):
    """Les obligations d'un système selon son niveau de risque et le rôle de l'entreprise, les plus anciennes
    d'abord. Sans niveau ni rôle (système non déclaré), seule la maîtrise de l'IA (art. 4) s'applique à coup sûr."""
    donnees = ai_act.donnees()
    litteratie = donnees["ai_literacy"]
    resultat = [
        Obligation(litteratie["label_fr"], ai_act.reference_fr(litteratie["ref"]), litteratie["applies_from"], False)
    ]
    if niveau == NiveauRisqueAIAct.TRANSPARENCE and role:
        transparence = donnees["transparency_obligations"]
        for ligne in transparence["obligations"]:
            if ligne["who"] == ROLE_DU_FICHIER[role]:
                resultat.append(
                    Obligation(
                        ligne["label_fr"],
                        ai_act.reference_fr(f"Art. {ligne['paragraph']}"),
                        transparence["applies_from"],
                        selon_usage=True,
                    )
                )
    if niveau in (NiveauRisqueAIAct.HAUT_RISQUE, NiveauRisqueAIAct.HAUT_RISQUE_POSSIBLE):
        echeance = ai_act.date_application(niveau, reference_cas)
        resultat.append(
            Obligation(
                echeance.libelle,
                echeance.reference,
                echeance.date,
                selon_usage=niveau == NiveauRisqueAIAct.HAUT_RISQUE_POSSIBLE,
            )
        )
    return sorted(resultat, key=lambda o: o.applicable_le)


@dataclass(frozen=True)
class LigneRegistre:
    projet: object
    systeme: object  # SystemeIA ou None
    niveau: str
    niveau_libelle: str
    ajuste: bool
    obligations: list


def lignes(projets):
    """Une ligne par projet (abandonnés compris : le registre garde ce qui a été déployé)."""
    resultat = []
    for projet in projets:
        systeme = systeme_declare(projet)
        niveau = systeme.niveau_risque if systeme else projet.cas_usage.risque_ai_act
        resultat.append(
            LigneRegistre(
                projet=projet,
                systeme=systeme,
                niveau=niveau,
                niveau_libelle=NiveauRisqueAIAct(niveau).label,
                ajuste=bool(systeme and systeme.ajuste),
                obligations=obligations(
                    niveau=niveau,
                    role=systeme.role if systeme else None,
                    reference_cas=projet.cas_usage.ai_act_reference,
                ),
            )
        )
    return resultat
