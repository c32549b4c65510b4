"""`kcinema offers tmdb [--film SLUG]`: fill films' offers from TMDB's watch providers (data
from JustWatch), where the operator set TMDB_API_KEY. Safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from watch.tmdb import HTTPTMDBClient, ImportReport, films_to_import, import_tmdb_offers


class Command(BaseCommand):
    help = "Fill films' offers from TMDB's watch providers (needs TMDB_API_KEY)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--film", metavar="SLUG", help="only this film (its slug)")

    def handle(self, *args, film: str | None = None, **options) -> None:
        if not settings.TMDB_API_KEY:
            raise CommandError("Set TMDB_API_KEY to a TMDB API key to import offers from TMDB.")
        films = films_to_import(film)
        if film and not films.exists():
            raise CommandError(f"No film with the slug {film!r} and a TMDB id.")
        report = import_tmdb_offers(films.iterator(), self.client())
        self.stdout.write(describe(report))
        if report.failed:
            raise CommandError(f"TMDB failed for {len(report.failed)} film(s); run again later.")

    def client(self) -> HTTPTMDBClient:
        """The way out to TMDB; tests replace it with recorded answers."""
        return HTTPTMDBClient(settings.TMDB_API_KEY)


def describe(report: ImportReport) -> str:
    lines = [
        f"Films asked: {report.films + len(report.not_on_tmdb) + len(report.failed)}; "
        f"offers created {report.created}, updated {report.updated}, removed {report.removed}, "
        f"left to editors {report.kept_for_editor}.",
    ]
    if report.not_on_tmdb:
        lines.append("Not on TMDB: " + ", ".join(report.not_on_tmdb))
    if report.skipped_providers:
        skipped = ", ".join(f"{name} ({n})" for name, n in report.skipped_providers.most_common())
        lines.append(
            f"Skipped {report.skipped_providers.total()} offers of unknown services: {skipped}"
        )
    if report.skipped_countries:
        lines.append(
            f"Skipped {report.skipped_countries.total()} offers in other countries: "
            + ", ".join(sorted(report.skipped_countries))
        )
    lines += [f"Failed: {slug}: {why}" for slug, why in report.failed.items()]
    return "\n".join(lines)
