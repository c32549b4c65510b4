"""Running an import: records from a reader, merged film by film (importers.apply) in batches
that each commit whole films, a progress bar, the search index and the page cache kept in
step as films arrive, and a report at the end. A run stopped anywhere (Ctrl-C, the network,
a source's daily limit) keeps every film it finished, and the next run of the same source and
scope resumes: it skips what the stopped run already imported."""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from catalog.editing import films_changed
from importers import slugs
from importers.apply import Outcome, _known_people, import_film, remembering_people
from importers.bulk import import_new_films
from importers.http import SourceError
from importers.models import ImportRun, SourceRecord
from importers.records import BadRecord, FilmRecord, Source
from search.indexing import deferred

BATCH = 200
KINDS = ("created", "updated", "unchanged", "merged", "uncertain", "skipped")
MAX_SKIPS_KEPT = 1000


class _DryRun(Exception):
    """Raised at the end of a batch in a dry run, to roll it back."""


@dataclass
class Report:
    source: str
    counts: Counter = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (what, why)
    uncertain: list[tuple[str, str]] = field(default_factory=list)
    people_to_review: int = 0
    stopped: str = ""  # why the run stopped early, "" when it finished
    run_id: int | None = None

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.kind] += 1
        self.people_to_review += outcome.reviews
        if outcome.kind == "skipped":
            self.skipped.append((outcome.label, outcome.reason))
        elif outcome.kind == "uncertain":
            self.uncertain.append((outcome.label, outcome.reason))

    def skip(self, problem: BadRecord) -> None:
        self.counts["skipped"] += 1
        self.skipped.append(("", str(problem)))

    def write(self, out: TextIO, *, dry_run: bool = False) -> None:
        heading = "Dry run, nothing written" if dry_run else "Import"
        out.write(f"{heading} from {self.source}:\n")
        for kind in KINDS:
            out.write(f"  {kind:<10} {self.counts[kind]:>8,}\n")
        if self.people_to_review:
            out.write(f"  people to review: {self.people_to_review:,}\n")
        for what, why in self.skipped[:50]:
            out.write(f"  skipped {what}: {why}\n" if what else f"  skipped: {why}\n")
        if len(self.skipped) > 50:
            out.write(f"  ... and {len(self.skipped) - 50:,} more skipped (see the import run)\n")
        for what, why in self.uncertain[:20]:
            out.write(f"  to review {what}: {why}\n")
        if self.uncertain or self.people_to_review:
            out.write("  Matches to review: admin, Imports to review.\n")
        if self.stopped:
            out.write(f"Stopped: {self.stopped}\nRun the same command again to resume.\n")


def start_run(source: Source, scope: str) -> tuple[ImportRun, set[str]]:
    """The run to carry on (one of this source and scope that did not finish) or a new one,
    with the ids of the films the run has imported already."""
    unfinished = (
        ImportRun.objects.filter(source=source, scope=scope)
        .exclude(status=ImportRun.Status.FINISHED)
        .first()
    )
    if unfinished is None:
        return ImportRun.objects.create(
            source=source, scope=scope, started_at=timezone.now()
        ), set()
    unfinished.status = ImportRun.Status.RUNNING
    unfinished.save(update_fields=["status"])
    done = set(
        SourceRecord.objects.filter(
            source=source, film__isnull=False, fetched_at__gte=unfinished.started_at
        ).values_list("source_id", flat=True)
    )
    return unfinished, done


def run_import(
    source: Source,
    records: Callable[[Callable[[str], bool]], Iterable[FilmRecord | BadRecord]],
    *,
    scope: str = "",
    dry_run: bool = False,
    progress: bool = True,
    total: int | None = None,
    now: datetime | None = None,
) -> Report:
    """Import every record `records(skip)` yields; `skip(source_id)` tells the reader which
    films a resumed run has already (it need not fetch them again)."""
    report = Report(source.value)
    run, done = (None, set()) if dry_run else start_run(source, scope)
    if run is not None:
        report.run_id = run.pk
    bar = tqdm(total=total, unit=" films", disable=not progress, smoothing=0.05)
    # The run is its own record (ImportRun): the audit log keeps staff's edits, not each film.
    # A dry run rolls each batch back: the people it made are not there for the next one.
    with (
        disable_auditlog(),
        slugs.remembering(),
        nullcontext() if dry_run else remembering_people(),
    ):
        _run(records, done, report, bar, run, dry_run=dry_run, now=now)
    return report


def _run(records, done: set[str], report: Report, bar, run, *, dry_run: bool, now) -> None:
    batch: list[FilmRecord] = []
    try:
        for item in records(done.__contains__):
            bar.update(1)
            if isinstance(item, BadRecord):
                report.skip(item)
                continue
            if item.source_id in done:
                report.counts["unchanged"] += 1
                continue
            batch.append(item)
            if len(batch) >= BATCH:
                _write_batch(batch, report, dry_run=dry_run, now=now)
                batch = []
        if batch:
            _write_batch(batch, report, dry_run=dry_run, now=now)
    except KeyboardInterrupt:
        report.stopped = "interrupted"
    except SourceError as error:
        report.stopped = str(error)
        # the films read before the source failed are whole: written, so the next run starts
        # after them (a Ctrl-C stops at once instead)
        if batch:
            _write_batch(batch, report, dry_run=dry_run, now=now)
    finally:
        bar.close()
        if run is not None:
            _finish(run, report)


def _write_batch(
    batch: list[FilmRecord], report: Report, *, dry_run: bool, now: datetime | None
) -> None:
    """One transaction for the batch, one savepoint per film (importers.apply): stopped
    anywhere, the database holds whole films only."""
    outcomes: list[Outcome] = []
    try:
        with transaction.atomic(), deferred():
            known = _known_people.get()
            outcomes, rest = import_new_films(
                batch, now=now, known_people=known if known is not None else {}
            )
            outcomes += [import_film(record, now=now) for record in rest]
            written = [o.film_id for o in outcomes if o.film_id and o.kind != "unchanged"]
            films_changed(written)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    for outcome in outcomes:
        report.add(outcome)


def _finish(run: ImportRun, report: Report) -> None:
    counts = Counter(run.counts)
    counts.update(report.counts)
    run.counts = dict(counts)
    run.skipped = (run.skipped + [list(item) for item in report.skipped])[-MAX_SKIPS_KEPT:]
    run.message = report.stopped
    if report.stopped:
        run.status = ImportRun.Status.STOPPED
    else:
        run.status = ImportRun.Status.FINISHED
        run.finished_at = timezone.now()
    run.save()


def listed(records: Iterable[FilmRecord | BadRecord]) -> Callable[[Callable], Iterator]:
    """A reader that takes no skip (a file): the run skips what it has itself."""

    def read(_skip: Callable[[str], bool]) -> Iterator[FilmRecord | BadRecord]:
        yield from records

    return read
