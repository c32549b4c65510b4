"""`kcinema backup` and `kcinema restore`, run as an operator runs them (child processes with a
data directory of their own): a site comes back whole in an empty data directory, and a bad
archive or a site that holds data is refused with one line, leaving everything as it was."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def kcinema(data_dir: Path, *arguments: str, database_url: str = "") -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CACHE_URL", "SECRET_KEY"}
    }
    # The database cache, in the site's own database: a restore empties the shared cache, and
    # must not empty the test run's Redis.
    environment.update(KCINEMA_DATA_DIR=str(data_dir), CACHE_URL="db://")
    if database_url:
        environment["DATABASE_URL"] = database_url
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", *arguments],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def run(data_dir: Path, *arguments: str, database_url: str = "") -> str:
    result = kcinema(data_dir, "kcinema.cli", *arguments, database_url=database_url)
    assert result.returncode == 0, result.stderr
    return result.stdout


def build_site(data_dir: Path, database_url: str = "") -> None:
    run(data_dir, "manage", "migrate", "--no-input", "-v0", database_url=database_url)
    run(data_dir, "manage", "createcachetable", database_url=database_url)
    built = kcinema(data_dir, "tests.site.backup_site", "build", database_url=database_url)
    assert built.returncode == 0, built.stderr


def describe(data_dir: Path, database_url: str = "") -> dict:
    result = kcinema(data_dir, "tests.site.backup_site", "describe", database_url=database_url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_whole(site: dict) -> None:
    """The site holds a row of each thing a backup must keep, so that equal is not empty."""
    models = {row["model"] for row in site["rows"]}
    for model in (
        "catalog.film",
        "catalog.person",
        "catalog.credit",
        "catalog.genre",
        "catalog.alternativetitle",
        "community.comment",
        "community.blockedword",
        "watch.videosource",
        "watch.offer",
        "watch.takedownnotice",
        "watch.takedownevent",
        "watch.trustedclaimant",
        "watch.blockedclaimant",
        "shield.firewallswitch",
        "shield.listentry",
        "auth.user",
        "auditlog.logentry",
        "search.searchentry",
    ):
        assert model in models, model
    assert sorted(site["media"]) == ["people/bae-doona.png", "posters/miracle.jpg"]
    bodies = {
        row["fields"].get("body") for row in site["rows"] if row["model"] == "community.comment"
    }
    assert "아빠 최고! The best father." in bodies


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A SQLite site with a row of everything, and its backups (compressed and not)."""
    root = tmp_path_factory.mktemp("backup-site")
    build_site(root / "site")
    run(root / "site", "backup", "--output", str(root / "site.tar.gz"))
    run(root / "site", "backup", "--output", str(root / "site.tar"))
    return root


def test_a_backup_restores_whole_into_an_empty_data_directory(site, tmp_path):
    output = run(tmp_path / "restored", "restore", str(site / "site.tar.gz"))
    assert "1 films" in output and "2 media files" in output
    original = describe(site / "site")
    assert_whole(original)
    restored = describe(tmp_path / "restored")
    assert restored == original
    # The generated secret key comes back too: sessions and signed links stay valid.
    assert (tmp_path / "restored" / "secret_key").read_text() == (
        site / "site" / "secret_key"
    ).read_text()


def test_backups_and_restored_files_are_private(site, tmp_path):
    assert (site / "site.tar.gz").stat().st_mode & 0o777 == 0o600
    run(tmp_path / "restored", "restore", str(site / "site.tar"))
    assert (tmp_path / "restored" / "kcinema.sqlite3").stat().st_mode & 0o077 == 0
    assert (tmp_path / "restored" / "media").stat().st_mode & 0o077 == 0
    # The default place is inside the data directory, named by the time.
    run(tmp_path / "restored", "backup")
    (made,) = (tmp_path / "restored" / "backups").glob("kcinema-*.tar.gz")
    assert made.stat().st_mode & 0o777 == 0o600


def test_the_manifest_describes_every_member(site):
    with tarfile.open(site / "site.tar") as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("manifest.json"))
        assert names[-1] == "manifest.json"  # last: an archive cut short has none
        for member in manifest["members"]:
            data = archive.extractfile(member["name"]).read()
            assert len(data) == member["size"]
            assert hashlib.sha256(data).hexdigest() == member["sha256"]
    assert {member["name"] for member in manifest["members"]} == set(names) - {"manifest.json"}
    assert manifest["database"] == {"vendor": "sqlite", "member": "database.sqlite3"}
    assert "0001_initial" in manifest["migrations"]["catalog"]
    assert manifest["counts"]["films"] == 1 and manifest["counts"]["takedown notices"] == 1


WRITER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
connection.execute("PRAGMA journal_mode=WAL")
number = 0
while True:
    # Two rows a transaction: a copy that is consistent holds an even number of them.
    connection.execute("BEGIN IMMEDIATE")
    for _ in range(2):
        number += 1
        connection.execute("INSERT INTO community_blockedword (word) VALUES (?)", (f"w{number}",))
    connection.execute("COMMIT")
    time.sleep(0.0005)
    if number == 200:
        print("writing", flush=True)
"""


def test_a_backup_taken_while_the_site_writes_is_consistent(site, tmp_path):
    target = tmp_path / "site"
    run(target, "restore", str(site / "site.tar"))
    writer = subprocess.Popen(  # noqa: S603 - our own script
        [sys.executable, "-c", WRITER, str(target / "kcinema.sqlite3")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline() == "writing\n"
        run(target, "backup", "--output", str(tmp_path / "during.tar"))
    finally:
        writer.terminate()
        writer.wait()
    run(tmp_path / "restored", "restore", str(tmp_path / "during.tar"))
    copy = sqlite3.connect(tmp_path / "restored" / "kcinema.sqlite3")
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        (pairs,) = copy.execute(
            "SELECT COUNT(*) FROM community_blockedword WHERE word GLOB 'w[0-9]*'"
        ).fetchone()
    finally:
        copy.close()
    assert pairs >= 200 and pairs % 2 == 0


def test_a_backup_of_nothing_or_into_the_media_is_refused(site, tmp_path):
    unset = kcinema(tmp_path / "new", "kcinema.cli", "backup")
    assert unset.returncode != 0
    assert "the database has no kcinema tables: nothing to back up" in unset.stderr
    assert not (tmp_path / "new" / "backups").exists()
    inside = kcinema(
        site / "site", "kcinema.cli", "backup", "--output", str(site / "site" / "media" / "b.tar")
    )
    assert inside.returncode != 0 and "inside the media directory" in inside.stderr
    assert not (site / "site" / "media" / "b.tar").exists()


# --- refusals ----------------------------------------------------------------------------


def rebuilt(source: Path, target: Path, change_manifest=None, drop=(), keep_manifest=True):
    """A copy of an archive with members left out or its manifest changed (checksums of
    what stays are kept, so only the intended fault is in it)."""
    with tarfile.open(source) as archive:
        members = [(member, archive.extractfile(member).read()) for member in archive]
    with tarfile.open(target, "w") as archive:
        for member, data in members:
            if member.name in drop:
                continue
            if member.name == "manifest.json":
                if not keep_manifest:
                    continue
                manifest = json.loads(data)
                if change_manifest:
                    change_manifest(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return target


def flipped(source: Path, target: Path, member_name: str) -> Path:
    """A copy of an uncompressed archive with one byte changed inside a member's data."""
    with tarfile.open(source) as archive:
        member = archive.getmember(member_name)
    data = bytearray(source.read_bytes())
    data[member.offset_data + member.size // 2] ^= 0x01
    target.write_bytes(bytes(data))
    return target


def newer_migration(manifest):
    manifest["migrations"]["catalog"].append("9999_from_the_future")


def other_vendor(manifest):
    manifest["database"] = {"vendor": "postgresql", "member": "database.pgdump"}


def next_format(manifest):
    manifest["format_version"] = 2


BAD_ARCHIVES = {
    "truncated": (
        lambda site, path: path.write_bytes(
            (data := (site / "site.tar.gz").read_bytes())[: len(data) // 2]
        ),
        "truncated or corrupt",
    ),
    "truncated at a member's end": (
        lambda site, path: rebuilt(site / "site.tar", path, keep_manifest=False),
        "has no manifest",
    ),
    "flipped byte in the database": (
        lambda site, path: flipped(site / "site.tar", path, "database.sqlite3"),
        "database.sqlite3 in the archive does not match its checksum",
    ),
    "flipped byte in a poster": (
        lambda site, path: flipped(site / "site.tar", path, "media/posters/miracle.jpg"),
        "media/posters/miracle.jpg in the archive does not match its checksum",
    ),
    "flipped byte in the compressed stream": (
        lambda site, path: path.write_bytes(
            (data := bytearray((site / "site.tar.gz").read_bytes()))
            and bytes(data[:5000] + bytes([data[5000] ^ 0xFF]) + data[5001:])
        ),
        "",  # the checksum or the decompressor finds it, which depends on where the bit lands
    ),
    "missing manifest": (
        lambda site, path: rebuilt(site / "site.tar", path, keep_manifest=False),
        "has no manifest",
    ),
    "missing member": (
        lambda site, path: rebuilt(site / "site.tar", path, drop={"media/people/bae-doona.png"}),
        "lacks media/people/bae-doona.png",
    ),
    "wrong vendor": (
        lambda site, path: rebuilt(site / "site.tar", path, change_manifest=other_vendor),
        "cannot move between database vendors",
    ),
    "newer migrations": (
        lambda site, path: rebuilt(site / "site.tar", path, change_manifest=newer_migration),
        "migration catalog.9999_from_the_future is unknown here",
    ),
    "unknown format": (
        lambda site, path: rebuilt(site / "site.tar", path, change_manifest=next_format),
        "backup format 2",
    ),
    "not a tar": (
        lambda site, path: path.write_text("id,title\n1,Oldboy\n"),
        "not a tar archive",
    ),
    "empty": (lambda site, path: path.write_bytes(b""), "is empty"),
}


def snapshot(directory: Path) -> dict[str, tuple[int, str]]:
    return {
        str(path.relative_to(directory)): (
            path.stat().st_mtime_ns,
            hashlib.sha256(path.read_bytes()).hexdigest(),
        )
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def live_copy(site, tmp_path_factory):
    """A site restored from the backup: the target the bad archives are refused over."""
    target = tmp_path_factory.mktemp("target") / "site"
    run(target, "restore", str(site / "site.tar"))
    return target


@pytest.mark.parametrize("case", list(BAD_ARCHIVES))
def test_a_bad_archive_is_refused_before_anything_changes(case, site, live_copy, tmp_path):
    make, message = BAD_ARCHIVES[case]
    bad = tmp_path / "bad.tar"
    make(site, bad)
    before = snapshot(live_copy)
    # --force: the site's data would be overwritten, so only the archive can stop it.
    result = kcinema(live_copy, "kcinema.cli", "restore", "--force", str(bad))
    assert result.returncode != 0
    error = result.stderr.strip()
    assert error.startswith("CommandError: Restore refused: "), error
    assert "\n" not in error and "Traceback" not in error
    assert message in error
    assert snapshot(live_copy) == before
    assert not [path for path in live_copy.iterdir() if path.name.startswith(".")]


def test_a_bad_archive_leaves_an_empty_data_directory_empty(site, tmp_path):
    bad = rebuilt(site / "site.tar", tmp_path / "bad.tar", drop={"database.sqlite3"})
    result = kcinema(tmp_path / "empty", "kcinema.cli", "restore", str(bad))
    assert result.returncode != 0 and "lacks database.sqlite3" in result.stderr
    assert not (tmp_path / "empty" / "kcinema.sqlite3").exists()
    assert not (tmp_path / "empty" / "media").exists()


def test_a_site_with_data_is_overwritten_only_with_force(site, live_copy, tmp_path):
    target = tmp_path / "site"
    run(target, "restore", str(site / "site.tar"))
    before = snapshot(target)
    refused = kcinema(target, "kcinema.cli", "restore", str(site / "site.tar.gz"))
    assert refused.returncode != 0
    assert "already has data (films, people, users, comments, media files)" in refused.stderr
    assert "--force" in refused.stderr
    assert snapshot(target) == before
    run(target, "restore", "--force", str(site / "site.tar.gz"))
    assert describe(target) == describe(site / "site")


def test_a_running_sqlite_site_is_never_replaced(site, tmp_path):
    target = tmp_path / "site"
    run(target, "restore", str(site / "site.tar"))
    before = snapshot(target)
    # Another process (here, this one) has the database open, as the site's workers do. (Not
    # a byte of the file is read here while it is open: closing any descriptor of a file drops
    # the process's SQLite locks on it.)
    open_connection = sqlite3.connect(target / "kcinema.sqlite3")
    try:
        open_connection.execute("SELECT COUNT(*) FROM catalog_film").fetchall()
        result = kcinema(target, "kcinema.cli", "restore", "--force", str(site / "site.tar"))
    finally:
        open_connection.close()
    assert result.returncode != 0
    assert "is open in another process (is the site or its worker running?)" in result.stderr
    assert snapshot(target) == before
    # Stopped, it may be replaced.
    run(target, "restore", "--force", str(site / "site.tar"))


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="PostgreSQL backups are tested when DATABASE_URL names a PostgreSQL server",
)
def test_a_postgresql_backup_restores_whole_into_an_empty_database(site, tmp_path):
    import psycopg

    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    suffix = uuid.uuid4().hex[:8]
    source_db, target_db = f"kcinema_bak_src_{suffix}", f"kcinema_bak_dst_{suffix}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{source_db}"')
        admin.execute(f'CREATE DATABASE "{target_db}"')
    try:
        build_site(tmp_path / "site", f"{server}/{source_db}")
        run(
            tmp_path / "site",
            "backup",
            "--output",
            str(tmp_path / "pg.tar.gz"),
            database_url=f"{server}/{source_db}",
        )
        with tarfile.open(tmp_path / "pg.tar.gz") as archive:
            manifest = json.load(archive.extractfile("manifest.json"))
        assert manifest["database"] == {"vendor": "postgresql", "member": "database.pgdump"}
        # A session on the empty database (a site starting, a console) holds the restore off.
        with psycopg.connect(f"{server}/{target_db}"):
            held = kcinema(
                tmp_path / "restored",
                "kcinema.cli",
                "restore",
                str(tmp_path / "pg.tar.gz"),
                database_url=f"{server}/{target_db}",
            )
        assert held.returncode != 0
        assert "1 other session is connected to the database (is the site running?)" in held.stderr
        run(
            tmp_path / "restored",
            "restore",
            str(tmp_path / "pg.tar.gz"),
            database_url=f"{server}/{target_db}",
        )
        original = describe(tmp_path / "site", f"{server}/{source_db}")
        assert_whole(original)
        assert describe(tmp_path / "restored", f"{server}/{target_db}") == original
        # The restored database now has data: a second restore needs --force.
        refused = kcinema(
            tmp_path / "restored",
            "kcinema.cli",
            "restore",
            str(tmp_path / "pg.tar.gz"),
            database_url=f"{server}/{target_db}",
        )
        assert refused.returncode != 0 and "already has data" in refused.stderr
        # A SQLite archive cannot go into PostgreSQL.
        foreign = kcinema(
            tmp_path / "restored",
            "kcinema.cli",
            "restore",
            "--force",
            str(site / "site.tar"),
            database_url=f"{server}/{target_db}",
        )
        assert foreign.returncode != 0
        assert "holds a sqlite database and this site uses postgresql" in foreign.stderr
        assert "cannot move between database vendors" in foreign.stderr
        assert describe(tmp_path / "restored", f"{server}/{target_db}") == original
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{source_db}" WITH (FORCE)')
            admin.execute(f'DROP DATABASE IF EXISTS "{target_db}" WITH (FORCE)')
