"""Réglages d'osezia, lus dans l'environnement.

DJANGO_ENV vaut `development` (défaut), `test` ou `production`. En production, les secrets et les hôtes
sont obligatoires : l'application refuse de démarrer plutôt que d'utiliser une valeur par défaut.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

ENV = os.environ.get("DJANGO_ENV", "development")
if ENV not in ("development", "test", "production"):
    raise ImproperlyConfigured(f"DJANGO_ENV={ENV!r} : valeurs possibles development, test, production.")
PRODUCTION = ENV == "production"


def _env_liste(nom, defaut=""):
    return [valeur.strip() for valeur in os.environ.get(nom, defaut).split(",") if valeur.strip()]


def _env_obligatoire(nom):
    valeur = os.environ.get(nom, "").strip()
    if not valeur:
        raise ImproperlyConfigured(f"La variable d'environnement {nom} est obligatoire en production.")
    return valeur


def _env_bool(nom, defaut):
    return os.environ.get(nom, str(defaut)).strip().lower() in ("1", "true", "oui", "yes")


if PRODUCTION:
    SECRET_KEY = _env_obligatoire("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = _env_liste("DJANGO_ALLOWED_HOSTS") or _env_obligatoire("DJANGO_ALLOWED_HOSTS")
    DEBUG = False
else:
    # Clé réservée au développement et aux tests ; la production exige DJANGO_SECRET_KEY.
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "developpement-seulement-cle-non-secrete-osezia")
    ALLOWED_HOSTS = _env_liste("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
    DEBUG = _env_bool("DJANGO_DEBUG", ENV == "development")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "widget_tweaks",
    "dsfr",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    # Domaines métier
    "osezia.utils",
    "osezia.comptes",
    "osezia.referentiels",
    "osezia.organisations",
    "osezia.cas_usage",
    "osezia.catalogue",
    "osezia.recherche",
    "osezia.conformite",
    "osezia.recommandation",
    "osezia.financement",
    "osezia.diagnostic",
    "osezia.notifications",
    "osezia.projets",
    "osezia.dossiers",
    "osezia.rendezvous",
    "osezia.labels",
    "osezia.relations",
    "osezia.rgpd",
    "osezia.journal",
    # Web
    "osezia.www",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Après l'authentification (la page d'erreur a besoin de request.user), avant toute vue : un caractère nul
    # n'atteint jamais la base.
    "osezia.www.middleware.RefusCaractereNulMiddleware",
    "osezia.www.middleware.EntetesPrivesMiddleware",
    # En dernier, comme le demande django-axes : transforme un compte ou une adresse bloqués en page 429.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # En production, gunicorn sert aussi les fichiers statiques (collectstatic), sans serveur dédié.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "osezia" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "osezia.utils.context_processors.site",
            ],
            "builtins": ["osezia.www.templatetags.francais"],
        },
    },
]
FORM_RENDERER = "dsfr.forms.DsfrDjangoTemplates"
# Le DSFR recommande d'indiquer les champs facultatifs plutôt que les obligatoires.
DSFR_MARK_OPTIONAL_FIELDS = True

BASE_EMBARQUEE = BASE_DIR / "var" / "osezia.sqlite3"
if "DATABASE_URL" not in os.environ:
    BASE_EMBARQUEE.parent.mkdir(exist_ok=True)  # SQLite crée le fichier, pas son dossier
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_EMBARQUEE}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Lectures par projection en mémoire (mmap, partagée entre connexions et processus) et cache de pages de 32 Mo :
    # par défaut, SQLite relit chaque page par un appel système (2 Mo de cache), le gros du temps d'une recherche.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456; PRAGMA cache_size=-32000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
else:
    # La requête de recherche (recherche/moteurs/postgresql.py) est préparée une fois par connexion, avec un plan
    # générique : elle ne se replanifie pas à chaque recherche (0,5 ms de moins, mesuré par bench_recherche). Django
    # lie ses propres paramètres côté client et ne prépare jamais rien : ces réglages ne touchent que cette requête.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("prepare_threshold", 0)
    options["options"] = f"{options.get('options', '')} -c plan_cache_mode=force_generic_plan".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "comptes.Utilisateur"
# django-axes d'abord : il refuse l'essai d'un compte ou d'une adresse bloqués avant de vérifier le mot de passe.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# 5 mots de passe faux pour un même compte, ou depuis une même adresse : 15 minutes d'attente.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Le formulaire de connexion de Django nomme le champ « username », même quand l'identifiant est l'e-mail.
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "comptes/connexion_bloquee.html"
AXES_VERBOSE = False
# La même adresse du client que les limites de débit (OSEZIA_ENTETE_IP derrière un répartiteur de charge).
AXES_CLIENT_IP_CALLABLE = "osezia.utils.limites.adresse_ip"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "osezia.comptes.validateurs.ReglesCNIL"},
    {"NAME": "osezia.comptes.validateurs.MotsDePasseCourants"},
    {"NAME": "osezia.comptes.validateurs.SansIdentite"},
]
LOGIN_URL = "comptes:connexion"
LOGIN_REDIRECT_URL = "comptes:tableau_de_bord"
LOGOUT_REDIRECT_URL = "accueil"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # un jour

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "osezia" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "osezia" / "static"]
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Un CSV d'import ou un formulaire ne doit pas saturer la mémoire.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("DJANGO_EMAIL_USE_TLS", PRODUCTION)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "osezia <ne-pas-repondre@osezia.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Un serveur SMTP qui ne répond pas ne bloque pas le travailleur : la tâche échoue et sera réessayée.
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "10"))

# Tâches de fond (django-tasks, l'API de django.tasks de Django 6) : la file est une table de la base, lue par
# `manage.py db_worker`. Les tests les exécutent aussitôt.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend" if ENV == "test" else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default", "courriels", "pdf"],
    }
}

# Politique de sécurité du contenu (django-csp) : scripts, styles, polices et images du site seulement ; ni
# `unsafe-inline` ni `unsafe-eval` (htmx tourne avec allowEval désactivé, voir base.html). Les violations sont
# journalisées par la vue `rapport_csp`.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Les icônes du DSFR sont en partie des images `data:` dans ses feuilles de style.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": ["/csp/rapport/"],
    }
}
if PRODUCTION:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if _env_bool("DJANGO_BEHIND_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = _env_liste("DJANGO_CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint et fontTools racontent chaque étape de la mise en page : seuls leurs avertissements comptent.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Paramètres du service, affichés dans les mentions légales et les pages d'aide.
OSEZIA = {
    "NOM_SERVICE": "osezia",
    "SLOGAN": "Osez l'IA : ce que l'intelligence artificielle peut faire pour votre entreprise",
    # Une instance de démonstration n'est éditée par aucune administration : on le dit.
    "EDITEUR": os.environ.get("OSEZIA_EDITEUR", ""),
    "DIRECTEUR_PUBLICATION": os.environ.get("OSEZIA_DIRECTEUR_PUBLICATION", ""),
    "HEBERGEUR": os.environ.get("OSEZIA_HEBERGEUR", ""),
    "CONTACT": os.environ.get("OSEZIA_CONTACT", ""),
    # Adresse publique du site, pour les liens des e-mails écrits hors d'une requête (tâches, commandes).
    "URL_SITE": os.environ.get("OSEZIA_URL_SITE", "http://127.0.0.1:8000").rstrip("/"),
    "DEPOT_SOURCES": os.environ.get("OSEZIA_DEPOT_SOURCES", ""),
    "INSTANCE_DEMONSTRATION": _env_bool("OSEZIA_INSTANCE_DEMONSTRATION", not PRODUCTION),
    # Limites de débit (utils/limites.py) : actives partout, y compris en test ; l'adresse IP du client est lue
    # dans l'en-tête posé par le répartiteur de charge quand il y en a un (par ex. HTTP_X_REAL_IP).
    "LIMITES_ACTIVES": _env_bool("OSEZIA_LIMITES_ACTIVES", True),
    "ENTETE_IP": os.environ.get("OSEZIA_ENTETE_IP", "REMOTE_ADDR"),
    # Mise en relation (relations/services.py) : un besoin part par lots ; le lot suivant part quand moins de
    # RELATIONS_INTERESSES_VOULUS fournisseurs ont dit oui après RELATIONS_DELAI_LOT_JOURS jours.
    "RELATIONS_TAILLE_LOT": 5,
    "RELATIONS_INTERESSES_VOULUS": 3,
    "RELATIONS_DELAI_LOT_JOURS": 5,
    "RELATIONS_PROPOSITIONS_MAX": 15,
    # Une demande reçue sans réponse est rappelée au fournisseur au bout de ce délai, une fois.
    "RELATIONS_RELANCE_JOURS": 3,
    "RELATIONS_ENQUETE_JOURS": 30,
}
