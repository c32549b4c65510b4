import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.export import FORMATS, export_catalogue


class Command(BaseCommand):
    help = (
        "Write the catalogue (films, people, genres, credits, other titles) to FILE in "
        "kcinema's own format (docs/import-format.md), which `kcinema import file` reads: JSON "
        "for another kcinema site, CSV for a spreadsheet. FILE - writes to standard output."
    )

    # An export only reads, and needs no lock (see the backup command: the model checks
    # would begin an IMMEDIATE transaction on SQLite and wait for a busy site's writes).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="where to write it; - for standard output")
        parser.add_argument(
            "--format", choices=FORMATS, help="json or csv; by default, from FILE's extension"
        )
        parser.add_argument(
            "--published-only", action="store_true", help="leave out unpublished films"
        )
        parser.add_argument(
            "--base-url",
            default="",
            metavar="URL",
            help="this site's address (https://films.example.org), to give its posters and "
            "photos as addresses another site can fetch; without it they are left out",
        )

    def handle(self, *args, file: str, format: str | None, published_only: bool, **options):
        format = format or ("csv" if file.lower().endswith(".csv") else "json")
        export = {"format": format, "published_only": published_only}
        export["base_url"] = options["base_url"]
        if file == "-":
            result = export_catalogue(sys.stdout, **export)
            report = self.stderr
        else:
            result = self._export_to(Path(file), export)
            report = self.stdout
        what = f"{result.films:,} films"
        if format == "json":
            what += f", {result.people:,} people and {result.genres:,} genres"
        where = "" if file == "-" else f" to {file}"
        report.write(f"Exported {what} as {format.upper()}{where}.")
        if result.pictures_left_out:
            report.write(
                f"{result.pictures_left_out:,} posters and photos stored on this site were left "
                "out: give --base-url with the site's address to include them."
            )

    def _export_to(self, path: Path, export: dict):
        """Into FILE.part first, renamed when whole: a failed export leaves no half file."""
        partial = path.with_name(path.name + ".part")
        try:
            with partial.open("w", encoding="utf-8", newline="") as out:
                result = export_catalogue(out, **export)
            partial.replace(path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"Export failed: {error}") from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return result
