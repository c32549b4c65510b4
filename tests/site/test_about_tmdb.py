"""The About page credits TMDB as TMDB's terms ask (importers/attribution.py) whenever the site
reads TMDB, in both languages, and says nothing of TMDB otherwise."""

import hashlib
from pathlib import Path

import html5lib
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

NOTICE = (
    "This website uses TMDB and the TMDB APIs but is not endorsed, certified, or otherwise "
    "approved by TMDB."
)
LOGO = Path(__file__).resolve().parents[2] / "kcinema/static/kcinema/tmdb-logo.svg"
# The SHA-256 in the address TMDB serves its approved "blue_short" logo at (tmdb-logo.txt).
OFFICIAL_LOGO_SHA256 = "8e7b30f73a4020692ccca9c88bafe5dcb6f8a62a4c6bc55cd9ba82bb2cd95f6c"


@pytest.fixture
def no_tmdb(settings):
    settings.TMDB_API_KEY = ""
    settings.TMDB_ATTRIBUTION = False


@pytest.mark.parametrize("path", ["/about/", "/ko/about/"])
def test_a_site_with_a_tmdb_key_shows_the_logo_and_the_notice(client, no_tmdb, settings, path):
    settings.TMDB_API_KEY = "0123456789abcdef0123456789abcdef"
    html = client.get(path).text
    assert '<a href="https://www.themoviedb.org/"><img src="/static/kcinema/tmdb-logo.svg"' in html
    assert f'<p lang="en">{NOTICE}</p>' in html


@pytest.mark.parametrize("path", ["/about/", "/ko/about/"])
def test_a_site_that_does_not_read_tmdb_says_nothing_of_it(client, no_tmdb, path):
    html = client.get(path).text
    assert "tmdb-logo.svg" not in html
    assert "TMDB" not in html


def test_the_operator_can_keep_the_credit_after_the_key_is_gone(client, no_tmdb, settings):
    settings.TMDB_ATTRIBUTION = True
    html = client.get("/about/").text
    assert NOTICE in html and "tmdb-logo.svg" in html


def test_the_korean_page_gives_the_notice_in_tmdbs_words_then_in_korean(client, no_tmdb, settings):
    settings.TMDB_API_KEY = "0123456789abcdef0123456789abcdef"
    english, korean = client.get("/about/").text, client.get("/ko/about/").text
    assert english.count(NOTICE) == 1
    assert '<html lang="ko"' in korean
    after = korean.split(f'<p lang="en">{NOTICE}</p>', 1)[1]
    assert "TMDB" in after.split("<p>", 1)[1].split("</p>", 1)[0]


def test_the_credit_costs_no_query(client, no_tmdb, settings):
    client.get("/about/")
    with CaptureQueriesContext(connection) as without:
        client.get("/about/")
    settings.TMDB_API_KEY = "0123456789abcdef0123456789abcdef"
    with CaptureQueriesContext(connection) as credited:
        client.get("/about/")
    assert len(credited) == len(without)


def test_the_logo_is_tmdbs_own_file_unchanged():
    assert hashlib.sha256(LOGO.read_bytes()).hexdigest() == OFFICIAL_LOGO_SHA256


@pytest.mark.parametrize("path", ["/about/", "/ko/about/"])
def test_the_credited_page_is_valid_html_with_one_heading(client, no_tmdb, settings, path):
    settings.TMDB_API_KEY = "0123456789abcdef0123456789abcdef"
    html = client.get(path).text
    html5lib.HTMLParser(strict=True).parse(html)
    assert html.count("<h1") == 1
