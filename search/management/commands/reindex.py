"""`kcinema reindex`: rebuild the search index from the catalogue, with a progress bar."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search.backends import current_backend
from search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from the catalogue (in one transaction)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, quiet: bool = False, **options) -> None:
        with tqdm(desc="Indexing", unit=" entries", disable=quiet, file=sys.stderr) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            count = rebuild(progress)
        current_backend().tidy_after_rebuild()
        self.stdout.write(f"Search index rebuilt: {count} entries.")
