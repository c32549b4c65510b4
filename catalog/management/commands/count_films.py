"""`kcinema count_films`: count every genre's and every year's published films afresh."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from catalog import counts
from catalog.models import Genre, YearCount


class Command(BaseCommand):
    help = (
        "Count every genre's and every year's published films afresh (the database keeps "
        "them as films change; this mends them, and puts back a lost trigger)."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            counts.install_triggers(connection)
            counts.recount(connection)
        genres = Genre.objects.filter(film_count__gt=0).count()
        years = YearCount.objects.filter(film_count__gt=0).count()
        self.stdout.write(f"Counted the films of {genres} genres and {years} years.")
