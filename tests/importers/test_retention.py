"""TMDB's six months: its data read again before the limit, dropped after it, each field then
taking the next source's value or none, an editor's value kept."""

from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import Film
from importers.records import Source
from importers.retention import drop_expired, due_for_refresh
from importers.runs import listed, run_import
from tests.importers.test_apply import kobis_memories, tmdb_memories

pytestmark = pytest.mark.django_db


def imported(record, days_ago: int) -> None:
    when = timezone.now() - timedelta(days=days_ago)
    run_import(record.source, listed([record]), progress=False, now=when)


def test_tmdb_data_older_than_its_limit_is_dropped_and_fields_fall_back():
    imported(kobis_memories(), days_ago=200)
    imported(tmdb_memories(), days_ago=200)
    film = Film.objects.get()
    assert (film.title, film.popularity) == ("Memories of Murder", 40)
    film.runtime = 128  # an editor's
    film.save()

    assert drop_expired(Source.TMDB) == (1, 2)
    film.refresh_from_db()
    assert film.title == "SALINUI CHUEOK"  # KOBIS's, next in the ranking
    assert film.synopsis == ""  # TMDB alone gave one
    assert film.popularity == 0
    assert film.imdb_id is None
    assert film.runtime == 128
    assert not film.source_records.filter(source="tmdb").exists()
    assert "synopsis" not in film.provenance.fields
    assert [c.character for c in film.credits.all()] == ["", ""]  # TMDB's characters gone


def test_films_are_read_again_from_150_days_and_kept_until_180():
    imported(tmdb_memories(), days_ago=160)
    assert due_for_refresh(Source.TMDB) == ["11423"]
    assert drop_expired(Source.TMDB) == (0, 0)
    assert Film.objects.get().synopsis
    assert due_for_refresh(Source.KOBIS) == []


def test_the_worker_drops_expired_data_once_a_day(settings):
    from importers.tasks import drop_expired_data, queue_daily

    imported(tmdb_memories(), days_ago=200)
    assert queue_daily() is True
    assert queue_daily() is False  # another worker process, the same day
    assert drop_expired_data.call() == {"tmdb": [1, 2]}
    assert not Film.objects.get().source_records.exists()
