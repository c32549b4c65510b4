"""Spam stopped and legitimate comments lost, on the corpus in tests/community/corpus.py.
`scripts/spam-corpus` prints the same figures."""

import pytest

from tests.community.corpus import run_legitimate, run_spam
from tests.factories import FilmFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def films():
    return FilmFactory.create_batch(5)


def test_no_legitimate_comment_is_lost(films, settings):
    settings.COMMENT_MIN_SECONDS = 3
    tally = run_legitimate(films)
    print(f"\nlegitimate: {tally}")
    assert tally.posted == 250
    assert tally.refused == 0
    assert tally.published + tally.held == 250


def test_at_least_99_percent_of_spam_is_stopped(films, settings):
    settings.COMMENT_MIN_SECONDS = 3
    tally = run_spam(films)
    print(f"\nspam: {tally}")
    assert tally.posted == 200
    assert tally.published <= 2  # ≥ 99% never appear
    assert tally.refused >= 150  # and most never reach the database at all
