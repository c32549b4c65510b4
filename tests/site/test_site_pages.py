"""What every page shares: valid HTML, security headers, the site's error pages."""

import html5lib
import pytest
from django.test import Client

from catalog import pages
from tests.factories import miracle_in_cell_no_7

pytestmark = pytest.mark.django_db


@pytest.fixture
def film():
    return miracle_in_cell_no_7()


def page_paths(film):
    person = film.credits.first().person
    return [
        "/",
        film.get_absolute_url(),
        "/ko" + film.get_absolute_url(),
        person.get_absolute_url(),
        "/genres/",
        "/genres/drama/",
        "/years/2013/",
        "/decades/2010s/",
        "/about/",
        "/search/?q=miracle",
        "/no-such-page/",
    ]


def test_every_page_is_valid_html(client, film):
    for path in page_paths(film):
        parser = html5lib.HTMLParser(strict=True)
        parser.parse(client.get(path).content)  # raises on the first parse error


def test_every_page_has_landmarks_and_one_heading(client, film):
    for path in page_paths(film):
        html = client.get(path).text
        assert html.count("<h1") == 1, path
        for landmark in ('<header class="site-header">', '<main id="main"', "<footer", "<nav"):
            assert landmark in html, (path, landmark)


def test_pages_send_a_strict_content_security_policy(client, film):
    response = client.get(film.get_absolute_url())
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_ask_nothing_of_other_hosts(client, film):
    html = client.get(film.get_absolute_url()).text
    for attribute in ('src="http', "src='http", 'href="//', 'src="//'):
        assert attribute not in html
    stylesheets = [line for line in html.splitlines() if 'rel="stylesheet"' in line]
    assert len(stylesheets) == 1 and "/static/" in stylesheets[0]


def test_server_error_shows_the_sites_500_page(film, monkeypatch):
    def broken(slug):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(pages, "film_page", broken)
    response = Client(raise_request_exception=False).get(film.get_absolute_url())
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "database on fire" not in response.content.decode()


def test_favicon_ico_points_at_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
