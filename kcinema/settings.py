"""kcinema's only settings file: what differs between machines comes from the environment."""

from datetime import timedelta
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from kcinema import environment

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = environment.data_directory(BASE_DIR)

DEBUG = environment.flag("DEBUG")
SECRET_KEY = environment.secret_key(DATA_DIR)
ALLOWED_HOSTS = environment.word_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = environment.word_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "kcinema.apps.EditorsAdminConfig",  # django.contrib.admin, with the project's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "kcinema",
    "django_tasks_db",
    "catalog",
    "search",
    "watch",
    "community",
    "shield",
    "importers",
    # Staff sign-in: a second factor (TOTP, backup codes), lockout, and the audit log. After
    # shield, whose templates give the sign-in pages the admin's look.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "axes",
    "auditlog",
]

MIDDLEWARE = [
    # First, so that it sends the bytes every other middleware has written, compressed.
    "kcinema.compression.CompressionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "shield.headers.PermissionsPolicyMiddleware",
    # Static files before the firewall: they are public and immutable, and the block page
    # needs its own script and stylesheet. Everything below is behind the firewall.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "shield.middleware.FirewallMiddleware",
    # Above sessions and locales: takes their Vary off the pages the page cache keeps.
    "catalog.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "shield.signin.PasswordBudgetMiddleware",  # before anything checks a password
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): passed the second factor
    "shield.audit.AuditlogMiddleware",  # who changed what, from the address shield trusts
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as axes asks: turns a lockout into its page
]

ROOT_URLCONF = "kcinema.urls"
WSGI_APPLICATION = "kcinema.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kcinema.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": environment.database(DATA_DIR)}
# A PostgreSQL read replica (DATABASE_REPLICA_URL): anonymous page views read from it.
if REPLICA_DATABASE := environment.replica_database():
    DATABASES["replica"] = REPLICA_DATABASE
    DATABASE_ROUTERS = ["kcinema.replica.ReplicaRouter"]
    MIDDLEWARE.insert(0, "kcinema.replica.ReplicaMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = {"default": environment.cache()}

# Axes first: a locked account-and-address pair is refused before any password is hashed.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Staff sign in with a password and then a code from their authenticator app (two_factor's
# wizard, under /admin/account/); a staff account without a device enrols first.
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "admin:index"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: English at /, Korean under /ko/.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ko", _("Korean"))]
LOCALE_PATHS = [BASE_DIR / "kcinema" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Seoul"
USE_TZ = True

# Collected static files and uploads are public: a web server in front (nginx, another user)
# may serve them from a place outside the private data directory (docs/deploy.md).
STATIC_URL = "/static/"
STATIC_ROOT = environment.directory("KCINEMA_STATIC_ROOT", DATA_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = environment.directory("KCINEMA_MEDIA_ROOT", DATA_DIR / "media")
# Uploads stay readable by that web server whatever the service's umask (077, kcinema.filemodes).
FILE_UPLOAD_PERMISSIONS = 0o644
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o755
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names and pre-compressed copies, served with far-future cache headers.
    "staticfiles": {"BACKEND": "kcinema.staticstorage.StaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Hosts beyond the built-in providers whose https pages may be embedded, e.g. archive.example.org.
KCINEMA_EMBED_HOSTS = environment.word_list("KCINEMA_EMBED_HOSTS", "")

# Security headers. The CSP allows nothing from other hosts; pages that hold a player add the
# frames of the video hosts the provider registry embeds from (watch.player.frames_players).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features: none but fullscreen and copying a link, for the site itself; pages with a
# player grant the video hosts' frames what playing needs (watch.player.frames_players). Chromium
# knows each feature named here (tests/browser/test_headers.py).
PERMISSIONS_POLICY = {
    feature: []
    for feature in """
        accelerometer autoplay browsing-topics camera display-capture encrypted-media
        geolocation gyroscope hid identity-credentials-get
        idle-detection local-fonts magnetometer microphone midi otp-credentials payment
        picture-in-picture publickey-credentials-create publickey-credentials-get
        screen-wake-lock serial storage-access usb window-management xr-spatial-tracking
    """.split()  # noqa: SIM905 - a word list reads better than 26 quoted strings
} | {"fullscreen": ["self"], "clipboard-write": ["self"]}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Behind TLS (KCINEMA_HTTPS=1): secure cookies, HSTS and a redirect from plain HTTP.
HTTPS = environment.flag("KCINEMA_HTTPS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
# The proxies in front (nginx, a load balancer): how many, or their addresses and ranges, e.g.
# KCINEMA_TRUSTED_PROXIES=1 or 127.0.0.1,10.0.0.0/8. Only then is X-Forwarded-For read, from the
# right, up to the first address no trusted proxy added (shield.addresses); without it, REMOTE_ADDR.
KCINEMA_TRUSTED_PROXIES = environment.text("KCINEMA_TRUSTED_PROXIES")
environment.retired("KCINEMA_BEHIND_PROXY", "KCINEMA_TRUSTED_PROXIES=1 (one proxy in front)")
if KCINEMA_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Outgoing mail (staff notifications, takedown confirmations): EMAIL_URL, e.g.
# smtp+tls://user:password@mail.example.org:587; without it, mail is printed to the console.
MAILERS = {"default": environment.mailer()}
DEFAULT_FROM_EMAIL = SERVER_EMAIL = environment.text("KCINEMA_MAIL_FROM", "kcinema@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Background jobs (source health checks): queued in the database, run by `kcinema worker`,
# which `kcinema serve` starts beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

KCINEMA_SITE_NAME = "kcinema"
# A source with this many open problem reports is flagged in the admin.
WATCH_REPORTS_TO_FLAG = 3
# Comments: moderation and spam defence.
COMMENT_MAX_LINKS = 2  # more links than this send a comment to moderation
COMMENT_MIN_SECONDS = 3  # a form sent sooner after the page loaded is a bot's
COMMENTS_PER_ADDRESS = 5  # per 10 minutes
COMMENTS_PER_EMAIL = 10  # per hour
COMMENT_CHALLENGE_MAX_NUMBER = 100_000  # proof-of-work difficulty: ~50k hashes on average
COMMENT_NOTIFY_STAFF = True
COMMENTS_PER_PAGE = 20  # threads per page
# Takedown notices (watch.takedowns): how many sources one notice hides without a person (the
# rest wait for staff), from any claimant who confirmed their e-mail and from a trusted one.
TAKEDOWN_AUTO_HIDE_MAX = environment.integer("TAKEDOWN_AUTO_HIDE_MAX", 5)
TAKEDOWN_AUTO_HIDE_MAX_TRUSTED = environment.integer("TAKEDOWN_AUTO_HIDE_MAX_TRUSTED", 50)
# The circuit breaker: automatic hiding stops once notices staff have not reviewed would have
# hidden more than this many sources, or this percentage of the active ones, in 24 hours.
TAKEDOWN_BREAKER_SOURCES = environment.integer("TAKEDOWN_BREAKER_SOURCES", 20)
TAKEDOWN_BREAKER_PERCENT = environment.integer("TAKEDOWN_BREAKER_PERCENT", 10)
# How long the claimant's confirmation link works.
TAKEDOWN_CONFIRM_HOURS = environment.integer("TAKEDOWN_CONFIRM_HOURS", 72, minimum=1)
# Notices (and counter-notices) per day from one e-mail address, one e-mail domain, one network
# (an IPv4 /24 or an IPv6 /64); and per hour from one address (an IPv6 /64).
TAKEDOWN_NOTICES_PER_EMAIL_DAY = environment.integer("TAKEDOWN_NOTICES_PER_EMAIL_DAY", 5, minimum=1)
TAKEDOWN_NOTICES_PER_DOMAIN_DAY = environment.integer(
    "TAKEDOWN_NOTICES_PER_DOMAIN_DAY", 20, minimum=1
)
TAKEDOWN_NOTICES_PER_NETWORK_DAY = environment.integer(
    "TAKEDOWN_NOTICES_PER_NETWORK_DAY", 10, minimum=1
)
TAKEDOWN_NOTICES_PER_ADDRESS_HOUR = 5
# How often each active source is re-checked with its host.
WATCH_HEALTH_INTERVAL_HOURS = environment.integer("WATCH_HEALTH_INTERVAL_HOURS", 24, minimum=1)
WATCH_OEMBED_TIMEOUT = 5.0
# Tests send oEmbed requests to a local server giving the hosts' real answers; empty in production.
WATCH_OEMBED_ORIGIN = ""
# Offers from TMDB's watch providers (`kcinema offers tmdb`) and films from TMDB (`kcinema import
# tmdb`): the operator's TMDB API key (v3 key or v4 read access token); empty, no import runs.
TMDB_API_KEY = environment.text("TMDB_API_KEY")
# The About page shows TMDB's logo and notice whenever TMDB_API_KEY is set (TMDB's terms ask it
# of every site showing TMDB's data); on, it shows them without a key too, for a site that still
# holds TMDB's data (importers.attribution).
TMDB_ATTRIBUTION = environment.flag("KCINEMA_TMDB_ATTRIBUTION")
# `kcinema import kobis|kmdb`: the operator's keys for the Korean Film Council's open API and
# the Korean Film Archive's (README, "Importing films"); empty, that import does not run.
KOBIS_API_KEY = environment.text("KOBIS_API_KEY")
KMDB_API_KEY = environment.text("KMDB_API_KEY")
# Wikidata asks a contact (e-mail or address) in the User-Agent of tools that query it.
WIKIDATA_CONTACT = environment.text("WIKIDATA_CONTACT")
# Search: answers from the database (not the cache) one address may ask for per minute as it
# types. A load test from one machine raises it.
SEARCH_SUGGESTIONS_PER_MINUTE = environment.integer("SEARCH_SUGGESTIONS_PER_MINUTE", 120, minimum=1)
# Results pages one address may have made per minute; pages served from the cache are free.
SEARCH_RESULTS_PER_MINUTE = environment.integer("SEARCH_RESULTS_PER_MINUTE", 60, minimum=1)
# How long results pages and suggestions are kept in the shared cache (an edit of the index
# makes them stale at once, whatever this says); 0 keeps none, as a benchmark of the engine wants.
SEARCH_CACHE_SECONDS = environment.integer("SEARCH_CACHE_SECONDS", 300)
# The page cache (catalog.pagecache): how long kcinema keeps an anonymous visitor's page (an edit
# makes it stale at once, whatever this says; 0 keeps none), and how long nginx or a CDN in front
# may (s-maxage: they cannot be told of an edit, so briefly). Browsers revalidate each time.
PAGE_CACHE_SECONDS = environment.integer("KCINEMA_PAGE_CACHE_SECONDS", 600)
PAGE_CACHE_SHARED_SECONDS = environment.integer("KCINEMA_PAGE_CACHE_SHARED_SECONDS", 60)
# Cookies that may make a page a visitor's own: a session (staff), a message waiting, comments of
# their own awaiting moderation (community.views). Who has one gets fresh pages, never kept ones.
PAGE_CACHE_PERSONAL_COOKIES = ["sessionid", "messages", "kcinema_own_comments"]

# Staff sign-in. Wrong passwords are counted per account-and-address pair (an IPv6 /64 counts as
# one address), so a guesser locks out only itself, never the editor at their own address.
AXES_FAILURE_LIMIT = environment.integer("KCINEMA_SIGNIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(
    minutes=environment.integer("KCINEMA_SIGNIN_LOCKOUT_MINUTES", 30, minimum=1)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Passwords the site checks a minute, from everyone together: a guesser with many addresses
# cannot take the processor from visitors (each check is ~0.4 s of hashing). Beyond it, a sign-in
# is answered "busy, try again in a moment" before any hashing (shield.signin).
SIGNIN_PASSWORD_CHECKS_PER_MINUTE = environment.integer(
    "KCINEMA_SIGNIN_CHECKS_PER_MINUTE", 30, minimum=1
)
AXES_CLIENT_IP_CALLABLE = "shield.signin.lockout_address"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # each failed sign-in, for the admin's sign-in log
AXES_LOCKOUT_CALLABLE = "shield.signin.lockout_response"  # a translated page, 429
AXES_VERBOSE = False  # no start-up banner in every process
# The authenticator apps show the site's name beside the code.
OTP_TOTP_ISSUER = KCINEMA_SITE_NAME
TWO_FACTOR_QR_FACTORY = "qrcode.image.svg.SvgPathImage"  # served from the site: CSP img-src self
# The audit log (django-auditlog: what staff changed; axes: sign-ins and failures) keeps this many
# days; the worker prunes older entries daily (shield.audit.prune_audit_log).
AUDIT_LOG_RETENTION_DAYS = environment.integer("KCINEMA_AUDIT_LOG_DAYS", 365, minimum=1)
# The firewall (shield): hostile requests (probes for paths the site never has, bursts of 404s,
# refused forms and challenges, 429s, failed sign-ins, fake crawlers) add to their source's
# score; past SHIELD_THRESHOLD in SHIELD_WINDOW_SECONDS the source (an IPv4 address or IPv6 /64)
# is blocked, for the n-th of SHIELD_BLOCK_MINUTES at its n-th block in SHIELD_REPEAT_DAYS.
# KCINEMA_SHIELD=off is the emergency switch (`kcinema shield off` is the one without a restart).
KCINEMA_SHIELD = environment.flag("KCINEMA_SHIELD", default=True)
SHIELD_THRESHOLD = environment.integer("SHIELD_THRESHOLD", 30, minimum=1)
SHIELD_WINDOW_SECONDS = environment.integer("SHIELD_WINDOW_SECONDS", 600, minimum=10)
SHIELD_BLOCK_MINUTES = environment.integer_list("SHIELD_BLOCK_MINUTES", "10,60,1440,10080")
SHIELD_REPEAT_DAYS = environment.integer("SHIELD_REPEAT_DAYS", 30, minimum=1)
# A blocked person may lift their own block by a proof of work once in this many hours.
SHIELD_UNBLOCK_PERIOD_HOURS = environment.integer("SHIELD_UNBLOCK_PERIOD_HOURS", 24, minimum=1)
SHIELD_CHALLENGE_MAX_NUMBER = 100_000
# The traffic log of blocked and offending requests: kept this many days, at most this many
# entries per source and minute.
SHIELD_LOG_DAYS = environment.integer("SHIELD_LOG_DAYS", 30, minimum=1)
SHIELD_LOG_PER_MINUTE = 20
# Who confirms search engines' crawlers by reverse DNS (tests put a fake in its place).
SHIELD_RESOLVER = "shield.crawlers.SystemResolver"
