"""Settings every test shares: plain static files (no collectstatic) and a private media root."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
