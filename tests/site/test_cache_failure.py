"""A shared cache server that goes away: every page is still served, made anew (uncached), and
the failure is logged, never shown. A real failure: Redis addressed at a port nobody listens on."""

import logging
import socket

import pytest

from tests.factories import miracle_in_cell_no_7

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache]


def closed_port() -> int:
    """A loopback port that was free a moment ago, and so refuses connections."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_away(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "kcinema.cachebackends.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "KEY_PREFIX": "away",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_pages_are_served_uncached_when_redis_is_away(client, redis_away, caplog):
    film = miracle_in_cell_no_7()
    with caplog.at_level(logging.ERROR, logger="kcinema.cachebackends"):
        for _visit in range(2):
            response = client.get(film.get_absolute_url())
            assert response.status_code == 200
            assert "Miracle in Cell No. 7" in response.text
            assert response["X-Kcinema-Cache"] == "miss"  # made anew each time
    assert "The shared cache failed" in caplog.text
    for address in ["/", "/ko/genres/", "/search/?q=miracle", "/search/suggest/?q=mir"]:
        assert client.get(address).status_code == 200, address


def test_a_comment_is_still_posted_when_redis_is_away(client, redis_away, settings):
    from community.models import Comment
    from tests.community.forms import comment_form

    settings.COMMENT_MIN_SECONDS = 0
    film = miracle_in_cell_no_7()
    assert client.get(f"/films/{film.slug}/comments/tokens/").status_code == 200
    response = client.post(f"/films/{film.slug}/comments/", comment_form(film))
    assert response.status_code == 303
    assert Comment.objects.filter(film=film).exists()


def test_a_plain_redis_cache_would_fail_where_this_one_does_not(settings):
    """Why kcinema.cachebackends exists: Django's own RedisCache raises to every caller."""
    from django.core.cache import cache
    from redis.exceptions import ConnectionError as RedisConnectionError

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    with pytest.raises(RedisConnectionError):
        cache.get("anything")
