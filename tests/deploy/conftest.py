"""A migrated site to copy (SQLite), or the test database (PostgreSQL), for real processes."""

import os
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from tests.deploy.processes import KCINEMA, site_environment


def _postgresql() -> bool:
    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


@pytest.fixture(scope="session")
def template_site(tmp_path_factory) -> Path | None:
    """A data directory after `kcinema setup` on SQLite, made once and copied by each test."""
    if _postgresql():
        return None
    directory = tmp_path_factory.mktemp("template") / "data"
    env = {**os.environ, "KCINEMA_DATA_DIR": str(directory), "DATABASE_URL": ""}
    subprocess.run([*KCINEMA, "setup"], env=env, check=True, capture_output=True)  # noqa: S603
    return directory


@pytest.fixture
def site_env(request, template_site, tmp_path) -> dict[str, str]:
    """The environment of a fresh site: its own data directory; on PostgreSQL the test database
    (committed to: the processes are not in the test's transaction)."""
    database_url = ""
    if _postgresql():
        request.getfixturevalue("transactional_db")
        from django.db import connection

        database = connection.settings_dict
        credentials = quote(database["USER"] or "")
        if database.get("PASSWORD"):
            credentials += ":" + quote(database["PASSWORD"])
        database_url = (
            f"postgres://{credentials}@{database['HOST'] or 'localhost'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
    return site_environment(tmp_path / "data", template_site, database_url)
