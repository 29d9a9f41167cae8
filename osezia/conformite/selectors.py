def systeme_declare(projet):
    """Le système d'IA déclaré au registre pour ce projet, ou None (l'accès inverse lève une AttributeError)."""
    return getattr(projet, "systeme_ia", None)
