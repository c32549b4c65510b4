"""Who may read kcinema's files: the data directory (database, secret key, worker lock) is the
service user's alone; collected static files and uploads are public and stay readable by a web
server running as another user (nginx's www-data) when they live outside it.

Every `kcinema` command runs with umask 077, so whatever it creates (the SQLite file and its WAL,
the secret key, a backup) is private from the start; `kcinema setup` also tightens a data
directory made before, and collects static files with umask 022.
"""

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PRIVATE_UMASK = 0o077
PUBLIC_UMASK = 0o022


def use_private_umask() -> None:
    os.umask(PRIVATE_UMASK)


@contextmanager
def public_files() -> Iterator[None]:
    """Files made inside are readable by everyone (static files for nginx)."""
    previous = os.umask(PUBLIC_UMASK)
    try:
        yield
    finally:
        os.umask(previous)


def secure_data_directory(data_dir: Path, public: tuple[Path, ...] = ()) -> None:
    """0700 for the data directory, 0600 for the files directly in it (the SQLite file, its WAL
    and shared-memory files, the secret key). Directories in `public` (static files or uploads
    kept inside the data directory) are left as they are: whatever serves them from in there
    runs as the service user."""
    data_dir.chmod(0o700)
    public_paths = {path.resolve() for path in public}
    for entry in data_dir.iterdir():
        if entry.resolve() in public_paths or entry.is_symlink():
            continue
        mode = entry.stat().st_mode
        if stat.S_ISREG(mode):
            entry.chmod(0o600)
        elif stat.S_ISDIR(mode):
            entry.chmod(0o700)


def make_public_directory(path: Path, data_dir: Path) -> None:
    """A static or media root outside the data directory: readable and traversable by all."""
    if data_dir.resolve() not in path.resolve().parents and path.resolve() != data_dir.resolve():
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(0o755)
