"""The ceiling: a bare Django page with no database, served by gunicorn like kcinema
(`python -m gunicorn benchkit.bare:application --config python:kcinema.gunicorn_config`).

Its middleware is kcinema's minus everything that reads a database or the shared cache:
Security, ContentSecurityPolicy, shield's PermissionsPolicy, Session, Locale, Common, Csrf,
Authentication, Message and XFrameOptions (Session, Authentication and Message are lazy and
touch nothing for a visitor without cookies). Left out: WhiteNoise (static files only), shield's
Firewall, PasswordBudget and Auditlog, django-otp and axes. The security and i18n settings are
kcinema's own (kcinema.settings, read with KCINEMA_DATA_DIR pointing at a scratch directory);
DATABASES is empty, so a query would fail rather than be measured. The one page answers every
path with a small HTML response (about 400 bytes) with a translated string in it.
"""

import django
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import re_path
from django.utils.translation import gettext

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "shield.headers.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# kcinema's settings that change what a response costs or carries.
COPIED_SETTINGS = [
    "SECRET_KEY", "ALLOWED_HOSTS", "LANGUAGE_CODE", "LANGUAGES", "LOCALE_PATHS", "USE_I18N",
    "TIME_ZONE", "USE_TZ", "SECURE_CSP", "PERMISSIONS_POLICY", "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY", "X_FRAME_OPTIONS",
    "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
]  # fmt: skip
PAGE = """<!doctype html>
<html lang="{language}"><head><meta charset="utf-8"><title>kcinema</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>{heading}</h1>
<p>A bare Django page with no database: the ceiling for kcinema's own pages, served the same
way with the same middleware, minus the middleware that reads a database or a cache.</p>
</main></body></html>
"""


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE.format(language=request.LANGUAGE_CODE, heading=gettext("Films")))


urlpatterns = [re_path(r"", page)]


def configure() -> None:
    """Django's settings for the bare page (once per process)."""
    if settings.configured:
        return
    from kcinema import settings as site

    settings.configure(
        DEBUG=False,
        ROOT_URLCONF=__name__,
        MIDDLEWARE=MIDDLEWARE,
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "django.contrib.sessions",
            "django.contrib.messages",
        ],
        DATABASES={},
        **{name: getattr(site, name) for name in COPIED_SETTINGS},
    )
    django.setup()


def make_application():
    configure()
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


application = make_application()
