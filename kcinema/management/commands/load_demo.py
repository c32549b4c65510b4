from django.core.management.base import BaseCommand

from kcinema.demo import load_demo_catalogue


class Command(BaseCommand):
    help = "Load (or refresh) the demo catalogue of Korean films. Safe to run again."

    def handle(self, *args, **options):
        result = load_demo_catalogue()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo catalogue loaded: {result.films} films, {result.people} people, "
                f"{result.genres} genres."
            )
        )
