"""The data directory and the SQLite file are the service user's alone; static files and uploads
placed outside it stay readable by the web server in front."""

import os
import stat
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from kcinema import filemodes
from tests.deploy.processes import KCINEMA


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.django_db(transaction=True)
def test_setup_makes_a_private_data_directory_and_public_static_files_outside_it(
    site_env, tmp_path
):
    public = tmp_path / "public"
    site_env |= {
        "KCINEMA_STATIC_ROOT": str(public / "static"),
        "KCINEMA_MEDIA_ROOT": str(public / "media"),
    }
    data = tmp_path / "data"
    subprocess.run([*KCINEMA, "setup"], env=site_env, check=True, capture_output=True)  # noqa: S603
    assert mode(data) == 0o700
    for name in ("secret_key", "worker.lock", "kcinema.sqlite3", "kcinema.sqlite3-wal"):
        if (data / name).exists():
            assert mode(data / name) == 0o600, name
    if not site_env["DATABASE_URL"]:
        assert mode(data / "kcinema.sqlite3") == 0o600
    assert mode(public / "static") == mode(public / "media") == 0o755
    stylesheets = list((public / "static").rglob("*.css"))
    assert stylesheets
    assert {mode(path) for path in stylesheets} == {0o644}
    assert {mode(path) for path in (public / "static").rglob("*") if path.is_dir()} == {0o755}


def test_setup_tightens_a_data_directory_made_open_before(tmp_path):
    data = tmp_path / "data"
    (data / "static").mkdir(parents=True)
    (data / "backups").mkdir()
    data.chmod(0o755)
    (data / "backups").chmod(0o755)
    (data / "static").chmod(0o755)
    for name in ("kcinema.sqlite3", "kcinema.sqlite3-wal", "secret_key"):
        (data / name).write_text("x")
        (data / name).chmod(0o644)
    filemodes.secure_data_directory(data, public=(data / "static",))
    assert mode(data) == 0o700
    assert mode(data / "backups") == 0o700
    assert mode(data / "static") == 0o755  # served from in there by the service itself
    for name in ("kcinema.sqlite3", "kcinema.sqlite3-wal", "secret_key"):
        assert mode(data / name) == 0o600


def test_the_private_umask_makes_new_files_private_and_uploads_stay_readable(settings, tmp_path):
    previous = os.umask(filemodes.PRIVATE_UMASK)
    try:
        private = tmp_path / "made-by-kcinema"
        private.write_text("secret")
        assert mode(private) == 0o600
        storage = FileSystemStorage(location=tmp_path / "media")
        name = storage.save("posters/2024/a.jpg", ContentFile(b"jpeg"))
        assert mode(tmp_path / "media" / name) == 0o644
        assert mode(tmp_path / "media" / "posters" / "2024") == 0o755
    finally:
        os.umask(previous)
