"""Backs a site up into one archive file, and restores one, refusing a bad archive untouched.

An archive is a tar file (gzip-compressed when its name ends in .gz or .tgz) of:
- `database.sqlite3` (SQLite, copied through SQLite's online backup API, so it is consistent
  while the site serves) or `database.pgdump` (PostgreSQL, `pg_dump --format=custom`);
- `media/...`, the uploaded files (posters, photos);
- `secret_key`, the data directory's generated key when SECRET_KEY is not set in the
  environment (sessions and signed links stay valid after a restore);
- `manifest.json`, last: the format and its version, kcinema's version, the database vendor,
  when it was made, the applied migrations, a few counts, and the size and SHA-256 of every
  other member. Written last so that a truncated archive is one without a manifest.

A restore first unpacks and checks the whole archive into a staging directory beside the
target (manifest, format version, every member's size and checksum, database vendor,
migrations the code knows, SQLite's own integrity check); only then does it replace anything.
A target that holds data (films, people, users, comments) or that a running site has open is
refused without --force.
"""

import contextlib
import fcntl
import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection, connections

FORMAT = "kcinema-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
KEY_MEMBER = "secret_key"  # the file the data directory keeps the generated key in
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024
# Tables whose rows make a database "a site with data": a restore over them needs --force.
DATA_TABLES = {
    "catalog_film": "films",
    "catalog_person": "people",
    "auth_user": "users",
    "community_comment": "comments",
}
# What the manifest counts, so that a restore can say what it brought back.
COUNTED = {
    "films": "catalog_film",
    "people": "catalog_person",
    "credits": "catalog_credit",
    "comments": "community_comment",
    "video sources": "watch_videosource",
    "takedown notices": "watch_takedownnotice",
    "users": "auth_user",
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is one line for the operator."""


@dataclass
class Restored:
    """What a restore did, for the command to report."""

    manifest: dict[str, Any]
    database: str
    media_files: int
    notes: list[str] = field(default_factory=list)


def kcinema_version() -> str:
    try:
        return metadata.version("kcinema")
    except metadata.PackageNotFoundError:  # a checkout run without being installed
        return "unknown"


def vendor() -> str:
    return connection.vendor


def default_output() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"kcinema-{stamp}.tar.gz"


@contextlib.contextmanager
def private_files():
    """Backups hold e-mail addresses and password hashes: whatever is created is the owner's
    alone (0600 files, 0700 directories)."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


# --- backing up --------------------------------------------------------------------------


def backup(output: Path) -> dict[str, Any]:
    """Write a backup of the database and media to `output` (made atomically: a partial file
    never carries the final name). Returns the manifest."""
    output = Path(output).absolute()
    if output.is_relative_to(Path(settings.MEDIA_ROOT).absolute()):
        # It would take in its own unfinished self.
        raise BackupError(f"a backup cannot be written inside the media directory ({output})")
    if output.is_dir():
        raise BackupError(f"{output} is a directory: give the archive's file name")
    if vendor() not in DATABASE_MEMBERS:
        raise BackupError(f"kcinema cannot back up a {vendor()} database")
    # Read before the copy: the migrations are those of the copy unless someone migrates
    # during the backup; the counts are for the operator to read, as of about then.
    manifest = _manifest_head()
    with private_files():
        output.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".kcinema-backup-", dir=output.parent) as work:
            dump = Path(work) / DATABASE_MEMBERS[vendor()]
            if vendor() == "sqlite":
                _dump_sqlite(dump)
            else:
                _dump_postgresql(dump)
            partial = Path(work) / "archive.partial"
            compressed = output.name.endswith((".gz", ".tgz"))
            with (
                open(partial, "wb") as raw,
                tarfile.open(
                    fileobj=raw,
                    mode="w|gz" if compressed else "w|",
                    # zlib's default level: 9 takes twice as long for a few percent.
                    **({"compresslevel": 6} if compressed else {}),
                ) as archive,
            ):
                members = manifest["members"]
                members.append(_add_file(archive, dump, dump.name))
                media_root = Path(settings.MEDIA_ROOT)
                for path in _media_files(media_root):
                    name = str(PurePosixPath("media", *path.relative_to(media_root).parts))
                    try:
                        members.append(_add_file(archive, path, name))
                    except FileNotFoundError:
                        continue  # deleted by an editor since the listing: not in the site now
                key_file = Path(settings.DATA_DIR) / KEY_MEMBER
                if not os.environ.get("SECRET_KEY") and key_file.is_file():
                    members.append(_add_file(archive, key_file, KEY_MEMBER))
                body = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(body), 0o600, int(datetime.now().timestamp())
                archive.addfile(info, io.BytesIO(body))
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, output)
    return manifest


def _manifest_head() -> dict[str, Any]:
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    if "catalog" not in applied:
        raise BackupError("the database has no kcinema tables: nothing to back up (kcinema setup)")
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kcinema_version": kcinema_version(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": {"vendor": vendor(), "member": DATABASE_MEMBERS[vendor()]},
        "migrations": applied,
        "counts": _counts(),
        "members": [],
    }


def _counts() -> dict[str, int]:
    tables = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for label, table in COUNTED.items():
            if table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names are ours
                counts[label] = cursor.fetchone()[0]
    return counts


def _dump_sqlite(target: Path) -> None:
    """Copy the live database page by page in one read transaction: WAL lets the site go on
    writing meanwhile, and the copy is the database as it was when the copy began."""
    source_path = Path(settings.DATABASES["default"]["NAME"])
    if not source_path.is_file():
        raise BackupError(f"there is no database at {source_path} to back up (kcinema setup)")
    source = sqlite3.connect(f"{source_path.as_uri()}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        # The copy is one self-contained file: no write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
        source.close()


def _postgres_environment() -> dict[str, str]:
    """libpq's variables for the site's database, so no password appears on a command line."""
    config = settings.DATABASES["default"]
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if config.get(key):
            environment[variable] = str(config[key])
    return environment


def _run_client(arguments: list[str]) -> None:
    tool = arguments[0]
    if not shutil.which(tool):
        raise BackupError(f"{tool} is not installed (on Debian: apt install postgresql-client)")
    result = subprocess.run(  # noqa: S603 - fixed tools, arguments are ours
        arguments, env=_postgres_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = " ".join(result.stderr.split())[:500]
        raise BackupError(f"{tool} failed: {detail}")


def _dump_postgresql(target: Path) -> None:
    # pg_dump reads everything in one snapshot: consistent while the site serves.
    _run_client(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(target)])


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


class _Hashing(io.RawIOBase):
    """Reads through to a file, hashing what it reads."""

    def __init__(self, handle: IO[bytes]):
        self.handle, self.digest, self.count = handle, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.count += len(data)
        return data


def _add_file(archive: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    with open(path, "rb") as handle:
        status = os.fstat(handle.fileno())
        info = tarfile.TarInfo(name)
        # The size when opened: a file still growing is archived as it was then.
        info.size, info.mode, info.mtime = status.st_size, 0o600, int(status.st_mtime)
        reader = _Hashing(handle)
        archive.addfile(info, reader)
    return {"name": name, "size": reader.count, "sha256": reader.digest.hexdigest()}


# --- checking and unpacking --------------------------------------------------------------


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"the archive names a file outside itself ({name!r}): refused")
    return path


def unpack(archive_path: Path, staging: Path) -> dict[str, Any]:
    """Unpack the archive into `staging` while hashing every member, then hold what came out
    against the manifest. Raises BackupError with a one-line reason for anything amiss."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"{archive_path} does not exist or is not a file")
    if archive_path.stat().st_size == 0:
        raise BackupError(f"{archive_path} is empty: not a kcinema backup")
    found: dict[str, dict[str, Any]] = {}
    manifest_bytes = None
    try:
        archive = tarfile.open(archive_path, mode="r|*")  # noqa: SIM115 - closed by the with below
    except tarfile.TarError as error:
        raise BackupError(
            f"{archive_path} is not a kcinema backup (not a tar archive: {error}): refused"
        ) from None
    try:
        with archive:
            for member in archive:
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BackupError(
                        f"the archive holds {member.name!r}, which is not a plain file: refused"
                    )
                name = str(_safe_name(member.name))
                if name in found or (name == MANIFEST and manifest_bytes is not None):
                    raise BackupError(f"the archive holds {name!r} twice: refused")
                source = archive.extractfile(member)
                if name == MANIFEST:
                    manifest_bytes = source.read(10 * 1024 * 1024 + 1)
                    continue
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[name] = {"size": size, "sha256": digest.hexdigest()}
    except BackupError:
        raise
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(f"{archive_path} is truncated or corrupt ({error}): refused") from None
    except tarfile.TarError as error:
        raise BackupError(f"{archive_path} is truncated or corrupt ({error}): refused") from None
    if manifest_bytes is None:
        raise BackupError(
            f"{archive_path} has no manifest: not a kcinema backup, or one cut short: refused"
        )
    manifest = _parse_manifest(manifest_bytes)
    listed = {}
    for entry in manifest["members"]:
        listed[str(_safe_name(entry["name"]))] = entry
    for name, entry in listed.items():
        if name not in found:
            raise BackupError(f"the archive lacks {name}, which its manifest lists: refused")
        if found[name]["size"] != entry["size"]:
            raise BackupError(
                f"{name} in the archive is {found[name]['size']} bytes, not the "
                f"{entry['size']} its manifest says: refused"
            )
        if found[name]["sha256"] != entry["sha256"]:
            raise BackupError(f"{name} in the archive does not match its checksum: refused")
    for name in found:
        if name not in listed:
            raise BackupError(f"the archive holds {name}, which its manifest does not list")
    return manifest


def _parse_manifest(data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data)
    except (UnicodeDecodeError, ValueError):
        raise BackupError("the archive's manifest is not readable JSON: refused") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("the archive's manifest is not a kcinema backup manifest: refused")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise BackupError(
            f"the archive is in backup format {version!r}; this kcinema reads format "
            f"{FORMAT_VERSION} (restore it with the kcinema version that made it, "
            f"{manifest.get('kcinema_version', 'unknown')})"
        )
    try:
        database = manifest["database"]
        assert isinstance(database["vendor"], str) and isinstance(database["member"], str)
        assert isinstance(manifest["migrations"], dict)
        for entry in manifest["members"]:
            assert isinstance(entry["name"], str) and isinstance(entry["sha256"], str)
            assert isinstance(entry["size"], int)
    except (KeyError, TypeError, AssertionError):
        raise BackupError("the archive's manifest is incomplete: refused") from None
    return manifest


def check_compatible(manifest: dict[str, Any], staging: Path) -> None:
    """The archive suits this site: same database vendor, no migration the code lacks."""
    from django.db.migrations.loader import MigrationLoader

    archived = manifest["database"]["vendor"]
    if archived != vendor():
        raise BackupError(
            f"this backup holds a {archived} database and this site uses {vendor()}: a backup "
            "cannot move between database vendors (set DATABASE_URL to a "
            f"{archived} database to restore it)"
        )
    if manifest["database"]["member"] != DATABASE_MEMBERS[vendor()]:
        raise BackupError("the archive's manifest names an unexpected database file: refused")
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    for app, names in sorted(manifest["migrations"].items()):
        for name in names:
            if (app, name) not in known:
                raise BackupError(
                    f"the backup was made by a newer kcinema ({manifest.get('kcinema_version')}"
                    f"; migration {app}.{name} is unknown here): upgrade kcinema, then restore"
                )
    if vendor() == "sqlite":
        database = staging / DATABASE_MEMBERS["sqlite"]
        try:
            check = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
            try:
                result = check.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                check.close()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"the archive's database is damaged ({error}): refused") from None
        if result != "ok":
            raise BackupError(f"the archive's database is damaged ({result}): refused")


# --- the target ----------------------------------------------------------------------------


def _sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def sqlite_open_elsewhere(path: Path) -> bool:
    """Whether another process has the SQLite database open. In WAL mode every connection
    holds a shared lock on the "dead man switch" byte (128) of the -shm file for as long as it
    is open; whoever can take that byte exclusively is alone. (Our own connections are closed
    first: POSIX locks belong to the process, and closing any descriptor of the file drops
    them.)"""
    connections.close_all()  # (the last connection to close removes the -shm file)
    try:
        descriptor = os.open(f"{path}-shm", os.O_RDWR)
    except FileNotFoundError:
        return False  # no connection in WAL mode anywhere
    except OSError:
        return True  # cannot even look: assume the worst
    try:
        fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128)
    except OSError:
        return True
    else:
        fcntl.lockf(descriptor, fcntl.LOCK_UN, 1, 128)
        return False
    finally:
        os.close(descriptor)


def _has_data() -> list[str]:
    """What the site's database holds of DATA_TABLES ("films", "users"...)."""
    if vendor() == "sqlite" and not _sqlite_path().exists():
        return []
    tables = set(connection.introspection.table_names())
    filled = []
    with connection.cursor() as cursor:
        for table in DATA_TABLES:
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608 - table names are ours
                if cursor.fetchone():
                    filled.append(DATA_TABLES[table])
    return filled


def _other_postgres_sessions() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def restore(archive_path: Path, force: bool = False) -> Restored:
    """Check the whole archive, then replace the site's database and media with it.
    Raises BackupError before changing anything when the archive or the target is wrong."""
    database_dir = _sqlite_path().parent if vendor() == "sqlite" else Path(settings.DATA_DIR)
    media_root = Path(settings.MEDIA_ROOT)
    with private_files():
        database_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".kcinema-restore-", dir=database_dir) as work:
            staging = Path(work)
            # The target is looked at before the (long) unpacking to refuse early, and again
            # after it, since a site may have started meanwhile.
            _check_target(force, media_root)
            manifest = unpack(Path(archive_path), staging)
            check_compatible(manifest, staging)
            notes = _check_target(force, media_root)
            database = _install_database(staging, force)
            media_count = _install_media(staging / "media", media_root)
            key = staging / KEY_MEMBER
            if key.is_file() and not os.environ.get("SECRET_KEY"):
                os.replace(key, Path(settings.DATA_DIR) / KEY_MEMBER)
    connections.close_all()
    from django.core.cache import cache
    from django.core.management import call_command

    # A backup made before an upgrade is brought up to this version's schema, and the database
    # cache's table is made if the backed-up site kept its cache in Redis.
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    # The shared cache holds pages and counts of the site as it was before: drop them.
    cache.clear()
    return Restored(manifest=manifest, database=database, media_files=media_count, notes=notes)


def _check_target(force: bool, media_root: Path) -> list[str]:
    notes = []
    # Whether others have SQLite open is asked before this process opens it: the check reads
    # the locks that open connections hold.
    if vendor() == "sqlite" and sqlite_open_elsewhere(_sqlite_path()):
        # Replacing the file under open connections would leave them writing to the old,
        # unlinked file (lost), with a write-ahead log that no longer matches: never.
        raise BackupError(
            f"the database {_sqlite_path()} is open in another process (is the site or its "
            "worker running?): stop it, then restore"
            + ("" if force else "; --force does not change this")
        )
    filled = _has_data()
    media = _media_files(media_root)
    if (filled or media) and not force:
        what = ", ".join(filled + (["media files"] if media else []))
        raise BackupError(
            f"the site already has data ({what}): restoring would replace it; "
            "run again with --force to overwrite it"
        )
    if vendor() == "postgresql":
        others = _other_postgres_sessions()
        if others and not force:
            raise BackupError(
                f"{_sessions(others)} connected to the database (is the site "
                "running?): stop it, or restore with --force (one transaction: the site "
                "serves the restored data as soon as it commits)"
            )
        if others:
            notes.append(f"{_sessions(others)} connected; they see the restored data")
    return notes


def _sessions(count: int) -> str:
    return "1 other session is" if count == 1 else f"{count} other sessions are"


def _install_database(staging: Path, force: bool) -> str:
    if vendor() == "sqlite":
        target = _sqlite_path()
        staged = staging / DATABASE_MEMBERS["sqlite"]
        with open(staged, "rb+") as handle:
            os.fsync(handle.fileno())
        connections.close_all()
        # A log left from the old file would be replayed into the new one.
        for stale in (Path(f"{target}-wal"), Path(f"{target}-shm"), Path(f"{target}-journal")):
            stale.unlink(missing_ok=True)
        os.replace(staged, target)
        return str(target)
    connections.close_all()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        has_tables = cursor.fetchone()[0] > 0
    connections.close_all()
    arguments = ["pg_restore", "--single-transaction", "--no-owner", "--no-privileges"]
    if has_tables:
        # Empty tables (a migrated site) or --force: drop what the archive holds, then load it.
        arguments += ["--clean", "--if-exists"]
    name = settings.DATABASES["default"]["NAME"]
    _run_client([*arguments, "--dbname", name, str(staging / DATABASE_MEMBERS["postgresql"])])
    return f"PostgreSQL database {name}"


def _install_media(staged: Path, media_root: Path) -> int:
    """Swap the unpacked media in for the old: the new tree is complete before its rename,
    and the old one is removed only after it is out of the way."""
    count = len(_media_files(staged))
    media_root.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=".media-incoming-", dir=media_root.parent))
    if staged.is_dir():
        incoming.rmdir()
        shutil.move(staged, incoming)
    outgoing = None
    if media_root.exists():
        outgoing = Path(tempfile.mkdtemp(prefix=".media-outgoing-", dir=media_root.parent))
        outgoing.rmdir()
        os.replace(media_root, outgoing)
    os.replace(incoming, media_root)
    if outgoing:
        shutil.rmtree(outgoing, ignore_errors=True)
    return count
