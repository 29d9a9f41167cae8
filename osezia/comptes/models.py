from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from osezia.comptes.enums import Role


class UtilisateurManager(UserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        utilisateur = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        utilisateur.set_password(password)
        utilisateur.save(using=self._db)
        return utilisateur

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True, role=Role.PILOTE)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class Utilisateur(AbstractUser):
    """Une personne qui se connecte par e-mail. Son rôle dit pour quel type d'organisation elle agit."""

    username = None
    email = models.EmailField("adresse e-mail", unique=True)
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.ENTREPRISE)
    email_verifie_le = models.DateTimeField("adresse e-mail vérifiée le", null=True, blank=True)
    # Avertissement d'inactivité (RGPD) : envoyé une fois par période d'inactivité, effacé à la connexion.
    inactivite_avertie_le = models.DateTimeField("inactivité signalée le", null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UtilisateurManager()

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"

    def __str__(self):
        return self.email

    @property
    def est_pilote(self):
        return self.is_active and (self.is_staff or self.role == Role.PILOTE)

    @property
    def est_fournisseur(self):
        return self.role == Role.FOURNISSEUR

    @property
    def est_entreprise(self):
        return self.role == Role.ENTREPRISE

    @property
    def est_conseiller(self):
        return self.role == Role.CONSEILLER

    @property
    def nom_affiche(self):
        return self.get_full_name() or self.email


class JetonAPIQuerySet(models.QuerySet):
    def actifs(self):
        """Non révoqués (expirés compris : la page les montre encore, pour qu'on les reconnaisse)."""
        return self.filter(revoque_le__isnull=True)


class JetonAPI(models.Model):
    """Jeton personnel d'accès à l'API (en-tête « Authorization: Bearer … ») ; seule son empreinte est gardée."""

    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jetons_api")
    nom = models.CharField("nom", max_length=100, help_text="Pour le reconnaître, ex. « tableur de suivi ».")
    prefixe = models.CharField(max_length=12, unique=True)
    empreinte = models.CharField(max_length=64)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    derniere_utilisation = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoque_le = models.DateTimeField("révoqué le", null=True, blank=True)
    expire_le = models.DateTimeField("expire le")
    lecture_seule = models.BooleanField(
        "lecture seule", default=False, help_text="Le jeton lit, mais ne crée ni ne modifie rien."
    )

    objects = JetonAPIQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-cree_le"]

    def __str__(self):
        return f"{self.nom} ({self.prefixe}…)"

    def est_expire(self, maintenant=None):
        return self.expire_le <= (maintenant or timezone.now())
