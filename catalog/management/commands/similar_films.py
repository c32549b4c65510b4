"""`kcinema similar`: recompute every film's "more like this" list, with a progress bar."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from catalog.similarity import refresh_all_similar_films


class Command(BaseCommand):
    help = 'Recompute every published film\'s "more like this" list (catalog.similarity).'

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, quiet: bool = False, **options) -> None:
        with tqdm(desc="Comparing", unit=" films", disable=quiet, file=sys.stderr) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            count = refresh_all_similar_films(progress)
        self.stdout.write(f"More like this: {count} films listed.")
