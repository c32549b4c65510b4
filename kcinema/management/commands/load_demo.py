from django.core.management.base import BaseCommand
from django.db import transaction

from catalog.editing import clear_catalogue
from kcinema.demo import catalogue_is_empty, load_demo_catalogue


class Command(BaseCommand):
    help = (
        "Load the demo catalogue of Korean films into an empty catalogue. A catalogue that has "
        "films is left as it is (editors' changes stay); --reset deletes the whole catalogue "
        "first and starts over."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete every film, person and genre (and their sources and comments) first",
        )

    def handle(self, *args, reset: bool = False, **options):
        with transaction.atomic():
            if reset:
                deleted = clear_catalogue()
                self.stdout.write(
                    f"Deleted {deleted['films']} films, {deleted['people']} people and "
                    f"{deleted['genres']} genres."
                )
            elif not catalogue_is_empty():
                self.stdout.write(
                    "The catalogue already has films: the demo is not loaded again "
                    "(kcinema demo --reset starts over)."
                )
                return
            result = load_demo_catalogue()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo catalogue loaded: {result.films} films, {result.people} people, "
                f"{result.genres} genres."
            )
        )
