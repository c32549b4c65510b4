from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kcinema import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by `kcinema backup`: the whole archive is checked first, and "
        "nothing is changed unless it is complete and fits this site. A site that already has "
        "data is replaced only with --force; a SQLite site must be stopped first."
    )

    # The system checks would open (and so create) the target database before it is looked at.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="FILE", help="the backup archive")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a site that already has films, people, users or comments",
        )

    def handle(self, *args, archive: str, force: bool = False, **options):
        try:
            restored = backups.restore(Path(archive), force=force)
        except backups.BackupError as error:
            raise CommandError(f"Restore refused: {error}") from None
        except OSError as error:
            raise CommandError(f"Restore failed: {error}") from None
        manifest = restored.manifest
        for note in restored.notes:
            self.stdout.write(note)
        counts = ", ".join(f"{count} {label}" for label, count in manifest["counts"].items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created']} (kcinema "
                f"{manifest['kcinema_version']}) into {restored.database}: {counts}; "
                f"{restored.media_files} media files. The shared cache was emptied."
            )
        )
