"""Dossiers de financement synthétiques pour le banc d'essai (bench_projets) : des demandes d'aide rattachées aux
projets déjà générés (osezia/projets/banc.py), réparties sur les guichets de guichets.yaml confiés à des structures
du banc, dans des états et à des âges réalistes (la file d'une structure garde surtout des dépôts récents ; les
dossiers décidés sont plus anciens), avec leur historique d'états et leurs versements ; un instructeur par structure.
Rien ici n'est une donnée réelle : les structures et les personnes s'appellent « … du banc »."""

import datetime
import random

from django.utils import timezone

from osezia.dossiers.enums import Etat

# Part de chaque état parmi les dossiers, et le chemin d'états qui y mène (table de dossiers/transitions.py).
ETATS = {
    Etat.BROUILLON: 0.15,
    Etat.DEPOSE: 0.12,
    Etat.EN_INSTRUCTION: 0.13,
    Etat.COMPLEMENT_DEMANDE: 0.06,
    Etat.ACCORDE: 0.14,
    Etat.REFUSE: 0.12,
    Etat.SANS_SUITE: 0.08,
    Etat.VERSE_PARTIELLEMENT: 0.08,
    Etat.VERSE: 0.12,
}
_INSTRUCTION = [Etat.DEPOSE, Etat.EN_INSTRUCTION]
CHEMINS = {
    Etat.BROUILLON: [],
    Etat.DEPOSE: [Etat.DEPOSE],
    Etat.EN_INSTRUCTION: _INSTRUCTION,
    Etat.COMPLEMENT_DEMANDE: [*_INSTRUCTION, Etat.COMPLEMENT_DEMANDE],
    Etat.ACCORDE: [*_INSTRUCTION, Etat.ACCORDE],
    Etat.REFUSE: [*_INSTRUCTION, Etat.REFUSE],
    Etat.SANS_SUITE: [Etat.DEPOSE, Etat.SANS_SUITE],
    Etat.VERSE_PARTIELLEMENT: [*_INSTRUCTION, Etat.ACCORDE, Etat.VERSE_PARTIELLEMENT],
    Etat.VERSE: [*_INSTRUCTION, Etat.ACCORDE, Etat.VERSE],
}
EN_FILE = {Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.COMPLEMENT_DEMANDE}
STRUCTURES = 3
LOT = 2000


def _dates(rng, etat, projet_cree, maintenant, delai):
    """(créé, [dates des changements d'état]) : une file de dépôts récents (âge moyen 5 semaines), des décisions
    prises en moyenne aux quatre cinquièmes du délai visé."""
    if etat in EN_FILE:
        depot = maintenant - datetime.timedelta(days=rng.expovariate(1 / 35))
    else:
        depot = maintenant - datetime.timedelta(days=rng.uniform(30, 700))
    cree = max(projet_cree, depot - datetime.timedelta(days=rng.expovariate(1 / 10)))
    depot = max(depot, cree)
    dates, le = [], depot
    for rang, _ in enumerate(CHEMINS[etat]):
        if rang:
            le = min(maintenant, le + datetime.timedelta(days=rng.expovariate(1 / max(1.0, 0.4 * delai))))
        dates.append(le)
    return cree, dates


def generer(*, nombre, graine=2027, ecrire=lambda texte: None):
    """`nombre` dossiers sur les projets de la base, les guichets confiés à STRUCTURES structures du banc (un
    instructeur chacune). Renvoie {"instructeur": l'instructeur de la première structure, "dispositifs": les slugs
    qu'elle instruit, "regions": les codes de région de ses dossiers à traiter, du plus au moins fréquent}."""
    from osezia.comptes.enums import Role
    from osezia.comptes.models import Utilisateur
    from osezia.dossiers.models import ChangementEtat, Dossier, Guichet, Versement
    from osezia.financement.enums import StatutEligibilite
    from osezia.organisations.enums import TypeOrganisation
    from osezia.organisations.models import Membre, Organisation
    from osezia.projets.models import Projet

    rng = random.Random(graine)
    maintenant = timezone.now()
    structures = Organisation.objects.bulk_create(
        [
            Organisation(
                type=TypeOrganisation.STRUCTURE,
                nom=f"Structure du banc {i}",
                slug=f"structure-du-banc-{i}",
                source="banc d'essai",
            )
            for i in range(STRUCTURES)
        ]
    )
    instructeurs = Utilisateur.objects.bulk_create(
        [
            Utilisateur(email=f"instructeur-banc{i}@exemple.fr", password="!", role=Role.CONSEILLER)
            for i in range(STRUCTURES)
        ]
    )
    Membre.objects.bulk_create(
        [
            Membre(utilisateur=u, organisation=s, est_instructeur=True)
            for u, s in zip(instructeurs, structures, strict=True)
        ]
    )
    guichets = list(Guichet.objects.select_related("dispositif").order_by("pk"))
    for rang, guichet in enumerate(guichets):
        guichet.operateur = structures[rang % STRUCTURES]
    Guichet.objects.bulk_update(guichets, ["operateur"])
    if not guichets:
        ecrire("dossiers : aucun guichet chargé (guichets.yaml), aucun dossier")
        return None

    projets = list(Projet.objects.order_by("pk").values_list("pk", "entreprise_id", "entreprise__region_id", "cree_le"))
    etats, poids = list(ETATS), list(ETATS.values())
    totaux = {"changements": 0, "versements": 0}
    regions = {}
    for debut in range(0, nombre, LOT):
        fiches, details = [], []
        for _ in range(debut, min(nombre, debut + LOT)):
            projet, entreprise, region, projet_cree = rng.choice(projets)
            rang_guichet = rng.randrange(len(guichets))
            guichet, structure = guichets[rang_guichet], rang_guichet % STRUCTURES
            etat = rng.choices(etats, poids)[0]
            cree, dates = _dates(rng, etat, projet_cree, maintenant, guichet.delai_decision_jours)
            demande = rng.randrange(5_000, 300_000, 500)
            accorde = None
            if Etat.ACCORDE in CHEMINS[etat]:
                accorde = int(round(demande * rng.uniform(0.5, 1.0), -2))
            depot = dates[0] if dates else None
            decision = next(
                (le for e, le in zip(CHEMINS[etat], dates, strict=True) if e in (Etat.ACCORDE, Etat.REFUSE)), None
            )
            if etat == Etat.SANS_SUITE:
                decision = dates[-1]
            fiches.append(
                Dossier(
                    projet_id=projet,
                    entreprise_id=entreprise,
                    dispositif_id=guichet.dispositif_id,
                    operateur_id=structures[structure].pk,
                    region_id=region,
                    etat=etat,
                    version=1 + len(dates),
                    montant_demande=demande,
                    objet="Dossier synthétique du banc d'essai.",
                    eligibilite_statut=StatutEligibilite.ELIGIBLE if depot else "",
                    eligibilite_le=depot.date() if depot else None,
                    depose_le=depot,
                    echeance=(depot + datetime.timedelta(days=guichet.delai_decision_jours)).date() if depot else None,
                    instructeur_id=instructeurs[structure].pk if len(dates) > 1 else None,
                    montant_accorde=accorde,
                    motivation="Décision synthétique du banc d'essai." if decision else "",
                    decide_le=decision,
                    decide_par_id=instructeurs[structure].pk if decision else None,
                    cree_le=cree,
                    modifie_le=dates[-1] if dates else cree,
                )
            )
            details.append(dates)
            if structure == 0 and etat in EN_FILE:
                regions[region] = regions.get(region, 0) + 1
        fiches = Dossier.objects.bulk_create(fiches, batch_size=LOT)
        changements, versements = [], []
        for dossier, dates in zip(fiches, details, strict=True):
            de = Etat.BROUILLON
            for vers, le in zip(CHEMINS[dossier.etat], dates, strict=True):
                changements.append(
                    ChangementEtat(
                        dossier_id=dossier.pk,
                        de=de,
                        vers=vers,
                        par_id=dossier.instructeur_id if vers != Etat.DEPOSE else None,
                        montant=dossier.montant_accorde if vers == Etat.ACCORDE else None,
                        le=le,
                    )
                )
                de = vers
            if dossier.etat in (Etat.VERSE, Etat.VERSE_PARTIELLEMENT):
                part = 1 if dossier.etat == Etat.VERSE else 0.5
                versements.append(
                    Versement(
                        dossier_id=dossier.pk,
                        montant=max(1, round(dossier.montant_accorde * part)),
                        date=dates[-1].date(),
                        cree_le=dates[-1],
                    )
                )
        ChangementEtat.objects.bulk_create(changements, batch_size=LOT)
        Versement.objects.bulk_create(versements, batch_size=LOT)
        totaux["changements"] += len(changements)
        totaux["versements"] += len(versements)
    ecrire(
        f"dossiers : {nombre} sur {len(guichets)} guichets et {STRUCTURES} structures, changements d'état : "
        f"{totaux['changements']}, versements : {totaux['versements']}"
    )
    return {
        "instructeur": instructeurs[0],
        "dispositifs": [g.dispositif.slug for rang, g in enumerate(guichets) if rang % STRUCTURES == 0],
        "regions": [code for code, _ in sorted(regions.items(), key=lambda e: (-e[1], e[0] or ""))],
    }
