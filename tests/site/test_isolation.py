"""A test run leaves the site's data directory (var/) alone: a server may be running from it."""

from pathlib import Path

from django.conf import settings


def test_tests_use_a_data_directory_of_their_own():
    site_data = (Path(settings.BASE_DIR) / "var").resolve()
    for path in (settings.DATA_DIR, settings.STATIC_ROOT, settings.MEDIA_ROOT):
        assert not Path(path).resolve().is_relative_to(site_data)
    database = str(settings.DATABASES["default"]["NAME"])
    assert not database.startswith(str(site_data))
