from django.db import models


class Etat(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    DEPOSE = "depose", "Déposé"
    EN_INSTRUCTION = "en_instruction", "En instruction"
    COMPLEMENT_DEMANDE = "complement_demande", "Complément demandé"
    ACCORDE = "accorde", "Accordé"
    REFUSE = "refuse", "Refusé"
    SANS_SUITE = "sans_suite", "Classé sans suite"
    VERSE_PARTIELLEMENT = "verse_partiellement", "Versé en partie"
    VERSE = "verse", "Versé"


# Une décision a été prise : l'attestation existe, le montant accordé compte dans le total des aides.
DECIDES = frozenset({Etat.ACCORDE, Etat.REFUSE, Etat.SANS_SUITE, Etat.VERSE_PARTIELLEMENT, Etat.VERSE})
# L'aide est obtenue (accordée, en partie ou entièrement versée).
OBTENUS = frozenset({Etat.ACCORDE, Etat.VERSE_PARTIELLEMENT, Etat.VERSE})
# Ce que l'instructeur a encore à traiter : la file d'instruction.
A_INSTRUIRE = frozenset({Etat.DEPOSE, Etat.EN_INSTRUCTION, Etat.COMPLEMENT_DEMANDE})


class Acteur(models.TextChoices):
    """Qui fait une transition : un membre de l'entreprise qui demande l'aide, ou un instructeur de la structure
    qui opère le dispositif. Un pilote, un conseiller qui n'instruit pas : ils lisent, n'agissent pas."""

    ENTREPRISE = "entreprise", "Membre de l'entreprise"
    INSTRUCTEUR = "instructeur", "Instructeur du dispositif"
