"""Projets synthétiques pour le banc d'essai (bench_projets) et la démonstration : des parcours d'étapes datés,
réalistes (la plupart des projets s'arrêtent en idée, en cadrage ou en POC ; certains passent en production ; d'autres
sont mis en pause ou abandonnés, avec un motif), et le remplissage en masse d'une base jetable."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from osezia.projets.enums import PARCOURS, Etape, MotifArret, TypeEvenement, Unite

# Chance de passer à l'étape suivante du parcours, depuis chaque étape ; et durée moyenne d'une étape (jours).
AVANCE = {Etape.IDEE: 0.85, Etape.CADRAGE: 0.8, Etape.POC: 0.6, Etape.PILOTE: 0.7}
DUREE_MOYENNE = {Etape.IDEE: 25, Etape.CADRAGE: 40, Etape.POC: 110, Etape.PILOTE: 80, Etape.EN_PAUSE: 60}
MOTIFS = [m for m in MotifArret.values if m != MotifArret.AUTRE]
TYPES_DIVERS = [TypeEvenement.MESURE, TypeEvenement.COMMENTAIRE, TypeEvenement.MODIFICATION, TypeEvenement.DOCUMENT]


def parcours(rng, cree, maintenant):
    """[(de, vers, le, motif)] d'un projet créé le `cree`, sans dépasser `maintenant` ; les transitions sont celles
    que permet osezia/projets/transitions.py (une étape après l'autre, pause et reprise, retour du POC au cadrage)."""
    changements, etape, le, avant_pause = [], Etape.IDEE, cree, None
    while etape != Etape.PRODUCTION and etape != Etape.ABANDONNE:
        suivant = le + datetime.timedelta(days=3 + rng.expovariate(1 / DUREE_MOYENNE[etape]))
        if suivant > maintenant:
            break
        tirage, motif = rng.random(), ""
        if etape == Etape.EN_PAUSE:
            vers = avant_pause if tirage < 0.5 else Etape.ABANDONNE
        elif tirage < AVANCE[etape]:
            vers = PARCOURS[PARCOURS.index(etape) + 1]
        elif tirage < AVANCE[etape] + 0.05:
            vers, avant_pause = Etape.EN_PAUSE, etape
        elif etape == Etape.POC and tirage < AVANCE[etape] + 0.1:
            vers = Etape.CADRAGE
        elif tirage < AVANCE[etape] + 0.1 + 0.3 * (1 - AVANCE[etape]):
            vers = Etape.ABANDONNE
        else:
            break  # le projet s'enlise à cette étape
        if vers in (Etape.EN_PAUSE, Etape.ABANDONNE):
            motif = rng.choice(MOTIFS)
        changements.append((etape, vers, suivant, motif))
        etape, le = vers, suivant
    return changements


def generer(*, entreprises, projets, evenements, graine=2026, ecrire=lambda texte: None):
    """Remplit la base (jetable) : `entreprises` entreprises (chacune un membre), `projets` projets répartis entre
    elles, leurs changements d'étape, des indicateurs mesurés pour les projets en pilote ou en production, et
    `evenements` événements de chronologie au total. Renvoie {"pilote": utilisateur, "membres": [(utilisateur,
    projet)] échantillon pour les pages d'une entreprise}."""
    from osezia.cas_usage.models import CasUsage
    from osezia.comptes.enums import Role
    from osezia.comptes.models import Utilisateur
    from osezia.organisations.enums import TypeOrganisation
    from osezia.organisations.models import Membre, Organisation
    from osezia.projets.models import ChangementEtape, EvenementProjet, Indicateur, Mesure, Projet
    from osezia.referentiels.models import Region, SecteurNAF
    from osezia.referentiels.tailles import categorie_taille

    rng = random.Random(graine)
    maintenant = timezone.now()
    cas = list(CasUsage.objects.order_by("pk").values_list("pk", flat=True))
    nafs = list(SecteurNAF.objects.sous_classes().order_by("code").values_list("code", flat=True))
    regions = list(Region.objects.order_by("code").values_list("code", flat=True))
    lot = 2000

    organisations = []
    for i in range(entreprises):
        effectif = min(9000, int(rng.lognormvariate(2.2, 1.3)) + 1)
        chiffre = effectif * rng.randint(60_000, 220_000)
        organisations.append(
            Organisation(
                type=TypeOrganisation.ENTREPRISE,
                nom=f"Entreprise du banc {i}",
                slug=f"entreprise-du-banc-{i}",
                naf_id=rng.choice(nafs),
                region_id=rng.choice(regions),
                effectif=effectif,
                chiffre_affaires=chiffre,
                categorie_taille=categorie_taille(effectif=effectif, chiffre_affaires=chiffre).categorie,
                source="banc d'essai",
            )
        )
    organisations = Organisation.objects.bulk_create(organisations, batch_size=lot)
    utilisateurs = Utilisateur.objects.bulk_create(
        [Utilisateur(email=f"banc{i}@exemple.fr", password="!", role=Role.ENTREPRISE) for i in range(entreprises)],
        batch_size=lot,
    )
    Membre.objects.bulk_create(
        [Membre(utilisateur=u, organisation=o) for u, o in zip(utilisateurs, organisations, strict=True)],
        batch_size=lot,
    )
    pilote = Utilisateur.objects.create(email="pilote-banc@exemple.fr", password="!", role=Role.PILOTE)
    ecrire(f"entreprises : {entreprises} (et un membre chacune)")

    divers_moyen = max(0.0, evenements / max(projets, 1) - 3.6)  # création + ~2,6 changements d'étape en moyenne
    totaux = {"changements": 0, "evenements": 0, "mesures": 0}
    echantillon = []
    trois_ans = 3 * 365
    for debut in range(0, projets, lot):
        fiches, details = [], []
        for _ in range(debut, min(projets, debut + lot)):
            indice = rng.randrange(entreprises)
            cree = maintenant - datetime.timedelta(days=rng.uniform(1, trois_ans))
            changements = parcours(rng, cree, maintenant)
            divers = sorted(
                cree + (maintenant - cree) * rng.random() for _ in range(rng.randint(0, round(2 * divers_moyen)))
            )
            dates = [cree] + [c[2] for c in changements] + divers
            etape = changements[-1][1] if changements else Etape.IDEE
            fiches.append(
                Projet(
                    entreprise_id=organisations[indice].pk,
                    titre=f"Projet {debut + len(fiches)}",
                    objectif="Projet synthétique du banc d'essai.",
                    cas_usage_id=rng.choice(cas),
                    responsable_id=utilisateurs[indice].pk,
                    cree_par_id=utilisateurs[indice].pk,
                    cree_le=cree,
                    etape=etape,
                    etape_depuis=changements[-1][2] if changements else cree,
                    derniere_activite_le=max(dates),
                )
            )
            details.append((indice, changements, divers))
        fiches = Projet.objects.bulk_create(fiches, batch_size=lot)
        lignes_changements, lignes_evenements, indicateurs = [], [], []
        for projet, (indice, changements, divers) in zip(fiches, details, strict=True):
            acteur = utilisateurs[indice].pk
            lignes_evenements.append(
                EvenementProjet(
                    projet_id=projet.pk,
                    type=TypeEvenement.CREATION,
                    acteur_id=acteur,
                    texte="Projet créé.",
                    cree_le=projet.cree_le,
                )  # fmt: skip
            )
            for de, vers, le, motif in changements:
                lignes_changements.append(
                    ChangementEtape(projet_id=projet.pk, de=de, vers=vers, par_id=acteur, motif=motif, le=le)
                )
                lignes_evenements.append(
                    EvenementProjet(
                        projet_id=projet.pk,
                        type=TypeEvenement.ETAPE,
                        acteur_id=acteur,
                        texte=f"Étape : {Etape(de).label} → {Etape(vers).label}.",
                        cree_le=le,
                    )  # fmt: skip
                )
            for le in divers:
                type_ = rng.choice(TYPES_DIVERS)
                lignes_evenements.append(
                    EvenementProjet(
                        projet_id=projet.pk,
                        type=type_,
                        acteur_id=acteur,
                        texte=TypeEvenement(type_).label + ".",
                        cree_le=le,
                    )  # fmt: skip
                )
            if any(vers in (Etape.PILOTE, Etape.PRODUCTION) for _, vers, _, _ in changements):
                indicateurs.append(
                    Indicateur(
                        projet_id=projet.pk,
                        libelle="Temps de saisie par jour",
                        unite=Unite.MINUTES,
                        valeur_reference=Decimal("120"),
                        date_reference=projet.cree_le.date(),
                        cible=Decimal("30"),
                        du_cas_usage=True,
                        cree_le=projet.cree_le,
                    )  # fmt: skip
                )
            if len(echantillon) < 50 and rng.random() < 0.05:
                echantillon.append((utilisateurs[indice], projet))
        ChangementEtape.objects.bulk_create(lignes_changements, batch_size=lot)
        EvenementProjet.objects.bulk_create(lignes_evenements, batch_size=lot)
        indicateurs = Indicateur.objects.bulk_create(indicateurs, batch_size=lot)
        mesures = [
            Mesure(
                indicateur_id=i.pk,
                date=i.date_reference + datetime.timedelta(days=30 * k),
                valeur=Decimal(100 - 20 * k),
            )
            for i in indicateurs
            for k in (1, 2, 3)
        ]
        Mesure.objects.bulk_create(mesures, batch_size=lot)
        totaux["changements"] += len(lignes_changements)
        totaux["evenements"] += len(lignes_evenements)
        totaux["mesures"] += len(mesures)
    ecrire(
        f"projets : {projets}, changements d'étape : {totaux['changements']}, événements de chronologie : "
        f"{totaux['evenements']}, mesures : {totaux['mesures']}"
    )
    return {"pilote": pilote, "membres": echantillon, "regions": regions}
