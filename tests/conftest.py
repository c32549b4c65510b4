"""Settings every test shares: plain static files (no collectstatic) and a private media root."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    # Test accounts need no slow password hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests send passwords faster than a site checks them; the budget's own tests set it low.
    settings.SIGNIN_PASSWORD_CHECKS_PER_MINUTE = 60_000
    # No test asks real DNS whether a crawler is a crawler (tests/shield/dns.py).
    settings.SHIELD_RESOLVER = "tests.shield.dns.FakeResolver"


@pytest.fixture(autouse=True)
def _english_by_default():
    """A Korean request leaves Korean active in the thread; each test starts in English."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_shared_cache(request, settings, django_db_blocker):
    """Redis outlives a test's transaction, and so does the database cache in a test that commits
    (a live server's, or transaction=True): empty the shared cache so that counters and the
    firewall's blocks start afresh in each test."""
    from django.core.cache import cache

    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        cache.clear()
    yield
    marker = request.node.get_closest_marker("django_db")
    committed = "live_server" in request.fixturenames or (
        marker and marker.kwargs.get("transaction")
    )
    if committed and not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        with django_db_blocker.unblock():
            cache.clear()


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's admin_client, signed in with both factors as every staff member is."""
    from django.test import Client

    from tests.staff import sign_in_verified

    return sign_in_verified(Client(), admin_user)


@pytest.fixture(autouse=True)
def _firewall_lists_in_the_cache(request):
    """The firewall builds the snapshot of its lists into the shared cache at its first request
    (a test's database cache starts empty); build it beforehand, so that query counts show what
    every request pays: one read of the shared cache (tests/shield/reads.py)."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_fresh_shared_cache")
    request.getfixturevalue("_django_db_helper")
    from shield.lists import current_rules

    current_rules()


@pytest.fixture(autouse=True)
def _page_cache_off_unless_asked(request, settings):
    """Pages are made anew for each request, as the rest of the suite expects (query counts, an
    edit seen at once without a commit), except in tests marked `page_cache`."""
    if request.node.get_closest_marker("page_cache") is None:
        settings.PAGE_CACHE_SECONDS = 0
