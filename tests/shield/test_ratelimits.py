import pytest
from django.core.cache import cache

from shield.counters import CacheCounters, DatabaseCounters
from shield.models import Counter
from shield.ratelimits import allow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.mark.parametrize("counters", [DatabaseCounters, CacheCounters])
def test_counters_count_across_instances(counters):
    # Each web worker has its own instance; the count lives in the shared store.
    first, second = counters(), counters()
    assert first.increment("k", 60) == 1
    assert second.increment("k", 60) == 2
    assert first.increment("k", 60) == 3
    assert first.increment("other", 60) == 1


def test_database_counters_keep_their_rows_in_the_database():
    DatabaseCounters().increment("row", 60)
    assert Counter.objects.get(key="row").count == 1


def test_allow_stops_at_the_limit_per_identity():
    assert [allow("test", "1.2.3.4", 3, 60) for _ in range(5)] == [True] * 3 + [False] * 2
    assert allow("test", "5.6.7.8", 3, 60) is True


@pytest.mark.parametrize("counters", [DatabaseCounters, CacheCounters])
def test_counters_add_amounts_and_tell_the_count_without_counting(counters):
    store = counters()
    assert store.current("weighted") == 0
    assert store.increment("weighted", 60, amount=10) == 10
    assert store.increment("weighted", 60, amount=3) == 13
    assert store.current("weighted") == 13
    assert store.current("weighted") == 13
