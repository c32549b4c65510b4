import importlib
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from importers import retention
from importers.http import SourceError
from importers.records import BadRecord, Source
from importers.runs import listed, run_import
from importers.sources import Scope

NETWORK_SOURCES = ("wikidata", "kobis", "kmdb", "tmdb")


def _years(values: list[str]) -> tuple[int, ...]:
    """--year 2019 --year 2010-2015 -> (2010, ..., 2015, 2019)."""
    years: set[int] = set()
    for value in values:
        first, _dash, last = value.partition("-")
        try:
            start, end = int(first), int(last or first)
        except ValueError:
            raise CommandError(
                f"--year {value}: give a year (2019) or a range (2010-2015)"
            ) from None
        if not 1888 <= start <= end <= 2100:
            raise CommandError(f"--year {value}: years run from 1888 to 2100, first to last")
        years.update(range(start, end + 1))
    return tuple(sorted(years))


class Command(BaseCommand):
    help = (
        "Import films: wikidata|kobis|kmdb|tmdb from their APIs (keys from the environment), "
        "wikidata FILE (entity JSON, dump lines or SPARQL JSON results) or file FILE "
        "(kcinema's CSV or JSON, docs/import-format.md). Safe to run again: it resumes a "
        "stopped run and leaves what has not changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", choices=[*NETWORK_SOURCES, "file"])
        parser.add_argument("file", nargs="?", metavar="FILE")
        parser.add_argument(
            "--year", action="append", default=[], help="release years: 2019 or 2010-2015"
        )
        parser.add_argument("--since", type=date.fromisoformat, help="changed since YYYY-MM-DD")
        parser.add_argument("--id", action="append", default=[], help="one film by its id")
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="tmdb: drop what is older than its terms let a site keep, read again what is due",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(
        self, *args, source, file, year, since, id, dry_run, no_progress, refresh, **options
    ):
        if refresh:
            if Source(source) not in retention.LIMITED:
                raise CommandError(f"{source} sets no time limit on its data: nothing to refresh")
            films, people = retention.drop_expired(Source(source))
            self.stdout.write(
                f"Dropped {source}'s data past its time limit: {films} films, {people} people."
            )
            id = [*id, *retention.due_for_refresh(Source(source))]
            if not id:
                self.stdout.write("Nothing is due to be read again.")
                return
        scope = Scope(years=_years(year), since=since, ids=tuple(id))
        reader = importlib.import_module(
            f"importers.sources.{'files' if source == 'file' else source}"
        )
        if file:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"{file}: no such file")
            if not hasattr(reader, "read_file"):
                raise CommandError(f"{source} reads no files; leave FILE out")
            records = listed(reader.read_file(path))
            label = f"file {path.name}"
        elif source == "file":
            raise CommandError("file needs FILE: kcinema import file catalogue.json")
        else:
            try:
                client = reader.client(cache_dir=Path(settings.DATA_DIR) / "import-cache")
            except SourceError as error:
                raise CommandError(str(error)) from None
            records = self._network(reader, client, scope)
            label = (
                ",".join(
                    part
                    for part in (
                        "years " + _span(scope.years) if scope.years else "",
                        f"since {since}" if since else "",
                        "ids " + " ".join(scope.ids) if scope.ids else "",
                    )
                    if part
                )
                or "all"
            )
        report = run_import(
            Source(source), records, scope=label, dry_run=dry_run, progress=not no_progress
        )
        report.write(self.stdout, dry_run=dry_run)
        if report.stopped:
            raise CommandError("the import stopped before the end (run it again to resume)")

    def _network(self, reader, client, scope: Scope):
        def read(skip):
            try:
                if scope.ids:
                    for source_id in scope.ids:
                        parsed = reader.parse_id(source_id)
                        if parsed is None:
                            yield BadRecord(f"{source_id}: not a {reader.SOURCE} id or address")
                        elif not skip(parsed):
                            try:
                                yield reader.fetch_one(client, parsed)
                            except BadRecord as problem:
                                yield problem
                else:
                    yield from reader.fetch(client, scope, skip=skip)
            finally:
                client.close()

        return read


def _span(years: tuple[int, ...]) -> str:
    return f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
