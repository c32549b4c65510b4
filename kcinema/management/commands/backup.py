from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kcinema import backups


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite through its online backup API, PostgreSQL through "
        "pg_dump) and the media files into one archive file, readable by its owner only. "
        "Safe while the site serves."
    )

    # The model checks begin an IMMEDIATE transaction (Django's JSON support probe): on a busy
    # site that waits for the write lock, and a timeout there fails the backup with a false
    # "SQLite does not support JSONFields". A backup only reads, and needs no lock to.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="FILE",
            help="where to write it (.tar.gz or .tgz compressed, .tar not); default "
            "DATA_DIR/backups/kcinema-<date>-<time>.tar.gz",
        )

    def handle(self, *args, output: str | None = None, **options):
        path = Path(output) if output else backups.default_output()
        try:
            manifest = backups.backup(path)
        except (backups.BackupError, OSError) as error:
            raise CommandError(f"Backup failed: {error}") from None
        counts = ", ".join(f"{count} {label}" for label, count in manifest["counts"].items())
        media = sum(1 for member in manifest["members"] if member["name"].startswith("media/"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up to {path} ({path.stat().st_size:,} bytes): "
                f"{manifest['database']['vendor']} database ({counts}), {media} media files."
            )
        )
