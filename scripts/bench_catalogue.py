"""Catalogues for the page benchmarks, built once and reused: a synthetic catalogue
(scripts/synthetic_catalogue.py) of N films and 3N people with its search index and its
"more like this" lists, on SQLite in var/bench/sqlite-N/ or on PostgreSQL in the database
kcinema_bench_N (with Redis db 14 as its cache).

    .venv/bin/python scripts/bench_catalogue.py --films 1000 [--backend sqlite|postgresql]
        [--rebuild]

A catalogue counts as built once var/bench/<backend>-N/complete.json exists; it is written
last, so a build stopped half-way is started again from an empty database next time. Other
scripts call `catalogue_environment(films, backend)` for the environment that serves it.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# KCINEMA_BENCH_DIR lets several checkouts share catalogues that take minutes to build.
BENCH_DIR = Path(os.environ.get("KCINEMA_BENCH_DIR") or ROOT / "var" / "bench")
KCINEMA = ROOT / ".venv" / "bin" / "kcinema"
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_REDIS_URL = "redis://127.0.0.1:6379/14"
PEOPLE_PER_FILM = 3
# Settings from the caller's environment that would change what is measured.
CLEARED_ENVIRONMENT = [
    "DATABASE_URL", "CACHE_URL", "REDIS_URL", "CACHE_KEY_PREFIX", "KCINEMA_DATA_DIR", "DEBUG",
    "KCINEMA_HTTPS", "KCINEMA_BIND", "WEB_CONCURRENCY", "ALLOWED_HOSTS", "KCINEMA_BENCH_DIR",
]  # fmt: skip


def data_directory(films: int, backend: str) -> Path:
    return BENCH_DIR / f"{backend}-{films}"


def database_name(films: int) -> str:
    return f"kcinema_bench_{films}"


def base_environment(films: int, backend: str) -> dict[str, str]:
    """The environment that points kcinema at the catalogue (without building it)."""
    environment = {
        name: value for name, value in os.environ.items() if name not in CLEARED_ENVIRONMENT
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "kcinema.settings",
        "KCINEMA_DATA_DIR": str(data_directory(films, backend)),
        "KCINEMA_WORKER": "0",  # no background jobs competing for the two cores
        "PYTHONUNBUFFERED": "1",
    }
    if backend == "postgresql":
        environment |= {
            "DATABASE_URL": f"{POSTGRES_SERVER}/{database_name(films)}",
            "REDIS_URL": POSTGRES_REDIS_URL,
            "CACHE_KEY_PREFIX": f"bench-{films}",
        }
    return environment


def catalogue_environment(films: int, backend: str = "sqlite", rebuild: bool = False) -> dict:
    """The environment of a built catalogue of `films` films, building it first if needed."""
    data_dir = data_directory(films, backend)
    marker = data_dir / "complete.json"
    environment = base_environment(films, backend)
    if marker.exists() and not rebuild:
        # Migrations added since the build (new tables, indexes) are applied, nothing else.
        run(KCINEMA, "setup", env=environment, stdout=subprocess.DEVNULL)
        return environment
    marker.unlink(missing_ok=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    _empty_database(films, backend, data_dir)
    started = time.monotonic()
    run(KCINEMA, "setup", env=environment, stdout=subprocess.DEVNULL)
    run(sys.executable, __file__, "--fill", str(films), env=environment)
    built = {"films": films, "people": films * PEOPLE_PER_FILM, "backend": backend}
    marker.write_text(json.dumps(built | {"seconds": round(time.monotonic() - started)}))
    return environment


def run(*command: str | Path, **options) -> subprocess.CompletedProcess:
    """A command of our own making (kcinema, createdb), never one built from input."""
    return subprocess.run([str(part) for part in command], check=True, **options)  # noqa: S603


def _empty_database(films: int, backend: str, data_dir: Path) -> None:
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (data_dir / f"kcinema.sqlite3{suffix}").unlink(missing_ok=True)
        return
    name = database_name(films)
    server = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]
    run("dropdb", *server, "--if-exists", "--force", name)
    run("createdb", *server, name)


def fill(films: int) -> None:
    """In the catalogue's own environment: generate, index, compute "more like this"."""
    sys.path.insert(0, str(ROOT / "scripts"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import synthetic_catalogue as synthetic
    from django.core.management import call_command
    from django.db import connection, transaction

    from search import indexing

    size = synthetic.CatalogueSize(films=films, people=films * PEOPLE_PER_FILM)
    progress = synthetic.ProgressPrinter()
    print(f"Generating {size.films:,} films and {size.people:,} people", flush=True)
    synthetic.generate(size, progress=progress)
    print("Indexing for search", flush=True)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # see search_benchmark.rebuild_index
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        indexing.rebuild(progress=lambda done, total: progress("index", done, total))
    print('Computing "more like this"', flush=True)
    call_command("similar_films", "--quiet")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=1000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--rebuild", action="store_true", help="build it again from nothing")
    parser.add_argument("--fill", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.fill:
        fill(options.fill)
        return 0
    environment = catalogue_environment(options.films, options.backend, options.rebuild)
    print(f"Catalogue of {options.films:,} films ({options.backend}) ready:")
    for name in ("KCINEMA_DATA_DIR", "DATABASE_URL", "REDIS_URL", "CACHE_KEY_PREFIX"):
        if name in environment:
            print(f"  {name}={environment[name]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
