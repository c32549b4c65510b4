"""Pages sent compressed (brotli or gzip, as the browser accepts), and what must stay as it is."""

import gzip
import math

import brotli
import pytest
from django.conf import settings

from catalog.sitemaps import CatalogueSitemap
from kcinema.compression import accepted_encoding
from tests.factories import miracle_in_cell_no_7

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0.5, br;q=0.9", "br"),
        ("gzip;q=1.0, br;q=0.5", "gzip"),
        ("br;q=0, gzip;q=0", None),
        ("*", "br"),
        ("*;q=0", None),
        ("identity", None),
        ("", None),
        ("br;q=nonsense, gzip", "gzip"),
    ],
)
def test_the_encoding_is_the_one_the_browser_prefers(header, chosen):
    assert accepted_encoding(header) == chosen


def test_a_film_page_is_sent_with_brotli_to_a_browser(client):
    film = miracle_in_cell_no_7()
    response = client.get(film.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response["Vary"]
    html = brotli.decompress(response.content).decode()
    assert "Miracle in Cell No. 7" in html
    assert int(response["Content-Length"]) == len(response.content) < len(html.encode()) / 3


def test_gzip_for_a_browser_that_refuses_brotli(client):
    film = miracle_in_cell_no_7()
    response = client.get(film.get_absolute_url(), HTTP_ACCEPT_ENCODING="br;q=0, gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Miracle in Cell No. 7" in gzip.decompress(response.content).decode()


def test_nothing_compressed_for_a_client_that_asks_for_nothing(client):
    film = miracle_in_cell_no_7()
    response = client.get(film.get_absolute_url())
    assert "Content-Encoding" not in response
    assert "Accept-Encoding" in response["Vary"]  # another client would have had it compressed
    assert "Miracle in Cell No. 7" in response.text


def test_xml_is_compressed_too(client):
    film = miracle_in_cell_no_7()
    # Film sitemaps are paged by id ranges, and PostgreSQL's ids go on from earlier tests.
    page = math.ceil(film.pk / (CatalogueSitemap.limit // len(settings.LANGUAGES)))
    response = client.get(f"/sitemap-films.xml?p={page}", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"<urlset" in gzip.decompress(response.content)


def test_a_tiny_answer_is_sent_as_it_is(client):
    response = client.get("/robots.txt", HTTP_ACCEPT_ENCODING="br, gzip")
    assert "Content-Encoding" not in response
    assert response.content.startswith(b"User-agent")


@pytest.mark.page_cache
def test_a_kept_page_keeps_its_weak_etag_compressed(client):
    film = miracle_in_cell_no_7()
    first = client.get(film.get_absolute_url(), HTTP_ACCEPT_ENCODING="br")
    second = client.get(film.get_absolute_url(), HTTP_ACCEPT_ENCODING="br")
    assert second["X-Kcinema-Cache"] == "hit"
    assert first["ETag"] == second["ETag"] and second["ETag"].startswith('W/"')
    assert first.content == second.content
    assert second["Vary"] == "Accept-Encoding"
    not_modified = client.get(
        film.get_absolute_url(), HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=second["ETag"]
    )
    assert not_modified.status_code == 304
