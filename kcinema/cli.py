"""The `kcinema` command: the few things an operator does, wrapping Django's management commands.

kcinema setup        create or update the database and collect static files
kcinema demo         setup, then load the demo catalogue into an empty catalogue
                     (--reset deletes the catalogue and loads the demo afresh)
kcinema serve        setup, then serve the site with gunicorn (KCINEMA_BIND, WEB_CONCURRENCY)
                     and the background worker beside it, restarted if it dies (KCINEMA_WORKER=0
                     leaves it out); SIGTERM stops both gracefully
kcinema worker       run background jobs (source health checks, "more like this" lists) and
                     their schedule
kcinema similar      recompute every film's "more like this" list
kcinema offers tmdb  fill films' offers from TMDB's watch providers (TMDB_API_KEY; --film SLUG)
kcinema createadmin  create a staff account for /admin/ (asks for a password; at the first
                     sign-in the account enrols an authenticator app for its second factor)
kcinema unlock USERNAME [--address A]
                     let an account locked out by wrong passwords sign in again (from every
                     address, or only from A)
kcinema shield explain ADDRESS   why the firewall blocks (or lets in) an address
kcinema shield block|allow VALUE always keep out / let in an address, a range or (with
                     --user-agent) a user agent text; --reason, --days until it expires
kcinema shield unblock ADDRESS   lift an address's block and remove its block list entry
kcinema shield off|on            the emergency switch, on every server at once
kcinema shield prune             delete traffic log entries older than SHIELD_LOG_DAYS
kcinema backup [--output FILE]
                     back up the database and media files into one archive (safe while the
                     site serves; default DATA_DIR/backups/kcinema-<date>-<time>.tar.gz)
kcinema restore FILE [--force]
                     check a backup whole, then restore it (--force: over a site with data)
kcinema export FILE [--format json|csv] [--published-only] [--base-url URL]
                     write the catalogue in kcinema's own format (docs/import-format.md), which
                     `kcinema import file` reads on another site; - for standard output
kcinema manage ...   any Django management command
"""

import argparse
import ipaddress
import os
import sys
from pathlib import Path


def _django(*arguments: str) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kcinema", *arguments])


def setup() -> None:
    from django.conf import settings

    from kcinema import filemodes
    from kcinema.cachebackends import forget_cache_table_statistics

    _django("migrate", "--no-input", "--verbosity", "1")
    _django("createcachetable")
    forget_cache_table_statistics()
    for public in (settings.STATIC_ROOT, settings.MEDIA_ROOT):
        filemodes.make_public_directory(Path(public), settings.DATA_DIR)
    with filemodes.public_files():
        _django("collectstatic", "--no-input", "--verbosity", "0")
    filemodes.secure_data_directory(
        settings.DATA_DIR, public=(Path(settings.STATIC_ROOT), Path(settings.MEDIA_ROOT))
    )


def worker() -> None:
    """Run queued jobs from the database, and queue the periodic ones, until stopped."""
    import threading

    from importers.tasks import queue_daily
    from kcinema.workerlock import hold_for_worker
    from watch.schedule import run_forever

    hold_for_worker(lambda message: print(message, flush=True))
    threading.Thread(
        target=run_forever, args=([queue_daily],), name="schedule", daemon=True
    ).start()
    _django("db_worker", "--interval", "2", "--no-reload")


def web_workers() -> int:
    """WEB_CONCURRENCY, else two per core and one more (5 on 2 cores), at most 8: a page waits on
    the database or the cache for part of its time, so more workers than cores keep them busy."""
    from kcinema import environment

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return environment.integer("WEB_CONCURRENCY", min(2 * (cores or 1) + 1, 8), minimum=1)


def forwarded_allow_ips() -> str:
    """Whom gunicorn believes about X-Forwarded-Proto: FORWARDED_ALLOW_IPS (gunicorn's own
    name), else the proxies in KCINEMA_TRUSTED_PROXIES (any peer when it is a count), else
    loopback."""
    from django.conf import settings

    if explicit := os.environ.get("FORWARDED_ALLOW_IPS", "").strip():
        return explicit
    value = settings.KCINEMA_TRUSTED_PROXIES.strip()
    if not value:
        return "127.0.0.1,::1"
    if value.isdigit():
        return "*"
    networks = [ipaddress.ip_network(part.strip(), strict=False) for part in value.split(",")]
    return ",".join(str(network) for network in networks)


def serve(bind: str, workers: int | None) -> None:
    setup()
    workers = workers or web_workers()
    print(f"kcinema is running at http://{bind}/ (press Ctrl+C to stop)", flush=True)
    os.execv(  # noqa: S606 - replaces this process with the production server
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "kcinema.wsgi:application",
            "--config",
            "python:kcinema.gunicorn_config",
            "--bind",
            bind,
            "--workers",
            str(workers),
            # Several sites (or a benchmark beside a site) may run on one machine.
            "--no-control-socket",
            "--forwarded-allow-ips",
            forwarded_allow_ips(),
        ],
    )


def _export_options(options: argparse.Namespace) -> list[str]:
    chosen = ["--format", options.format] if options.format else []
    chosen += ["--published-only"] if options.published_only else []
    return chosen + (["--base-url", options.base_url] if options.base_url else [])


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcinema.settings")
    parser = argparse.ArgumentParser(prog="kcinema", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("setup", help="create or update the database, collect static files")
    demo_parser = commands.add_parser(
        "demo", help="setup, then load the demo catalogue into an empty catalogue"
    )
    demo_parser.add_argument(
        "--reset", action="store_true", help="delete the whole catalogue first, then load the demo"
    )
    serve_parser = commands.add_parser("serve", help="setup, then serve the site with gunicorn")
    serve_parser.add_argument("--bind", default=os.environ.get("KCINEMA_BIND", "127.0.0.1:8000"))
    serve_parser.add_argument("--workers", type=int, default=None)
    commands.add_parser("createadmin", help="create a staff account for /admin/")
    unlock_parser = commands.add_parser(
        "unlock", help="let an account locked out by wrong passwords sign in again"
    )
    unlock_parser.add_argument("username")
    unlock_parser.add_argument("--address", help="only the lockout from this address")
    commands.add_parser("worker", help="run background jobs and their schedule")
    commands.add_parser("reindex", help="rebuild the search index from the catalogue")
    commands.add_parser("similar", help='recompute every film\'s "more like this" list')
    offers_parser = commands.add_parser("offers", help="where to watch: import offers")
    offers_sources = offers_parser.add_subparsers(dest="offers_source", required=True)
    tmdb_parser = offers_sources.add_parser(
        "tmdb", help="fill offers from TMDB's watch providers (needs TMDB_API_KEY)"
    )
    tmdb_parser.add_argument("--film", metavar="SLUG", help="only this film")
    shield_parser = commands.add_parser(
        "shield", help="the firewall: explain|block|allow|unblock|off|on|prune (see --help)"
    )
    shield_parser.add_argument("arguments", nargs=argparse.REMAINDER)
    backup_parser = commands.add_parser(
        "backup", help="back up the database and media files into one archive"
    )
    backup_parser.add_argument("--output", metavar="FILE", help="where to write the archive")
    restore_parser = commands.add_parser("restore", help="check a backup archive, then restore it")
    restore_parser.add_argument("file", metavar="FILE")
    restore_parser.add_argument(
        "--force", action="store_true", help="replace a site that already has data"
    )
    import_parser = commands.add_parser(
        "import",
        help="import films: wikidata|kobis|kmdb|tmdb [--year Y] [--id ID] [--dry-run], "
        "wikidata FILE, file FILE (see --help)",
        add_help=False,
    )
    import_parser.add_argument("arguments", nargs=argparse.REMAINDER)
    export_parser = commands.add_parser(
        "export", help="write the catalogue to a file in kcinema's own JSON or CSV format"
    )
    export_parser.add_argument("file", metavar="FILE", help="where to write it; - for stdout")
    export_parser.add_argument("--format", choices=["json", "csv"])
    export_parser.add_argument("--published-only", action="store_true")
    export_parser.add_argument("--base-url", metavar="URL", help="this site's address")
    manage_parser = commands.add_parser("manage", help="run any Django management command")
    manage_parser.add_argument("arguments", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)

    import django

    from kcinema.filemodes import use_private_umask

    use_private_umask()  # the database, its WAL, the secret key, backups: the service user's only
    django.setup()
    if options.command == "setup":
        setup()
    elif options.command == "demo":
        setup()
        _django("load_demo", *(["--reset"] if options.reset else []))
    elif options.command == "serve":
        serve(options.bind, options.workers)
    elif options.command == "worker":
        worker()
    elif options.command == "createadmin":
        _django("createsuperuser")
    elif options.command == "unlock":
        _django(
            "unlock", options.username, *(["--address", options.address] if options.address else [])
        )
    elif options.command == "reindex":
        _django("reindex")
    elif options.command == "similar":
        _django("similar_films")
    elif options.command == "offers":
        _django("import_tmdb_offers", *(["--film", options.film] if options.film else []))
    elif options.command == "shield":
        _django("shield", *options.arguments)
    elif options.command == "import":
        # the database brought up to date; static files are not an import's business
        _django("migrate", "--no-input", "--verbosity", "0")
        _django("createcachetable")
        _django("importfilms", *options.arguments)
    elif options.command == "backup":
        _django("backup", *(["--output", options.output] if options.output else []))
    elif options.command == "restore":
        _django("restore", options.file, *(["--force"] if options.force else []))
    elif options.command == "export":
        _django("export", options.file, *_export_options(options))
    elif options.command == "manage":
        _django(*options.arguments)


if __name__ == "__main__":
    main()
