"""Libellés de codes placés dans une phrase."""


def minuscule_initiale(libelle):
    """« En France » → « en France », « Annexe III (RH…) » → « annexe III (RH…) » : seule l'initiale change,
    et pas celle d'un sigle (« IA générative », « RGPD »). `lower` écrivait « en france », « annexe iii (rh…) »."""
    libelle = str(libelle)
    premier = libelle.split(" ", 1)[0]
    if not libelle or (len(premier) > 1 and premier.isupper()):
        return libelle
    return libelle[0].lower() + libelle[1:]
