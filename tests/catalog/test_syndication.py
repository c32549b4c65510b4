"""The site's life outside itself: sitemaps, feeds, robots.txt and link-preview tags."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import FilmFactory, GenreFactory, PersonFactory, miracle_in_cell_no_7

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"


def test_sitemap_index_lists_every_section(client):
    FilmFactory()
    root = ET.fromstring(client.get("/sitemap.xml").content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    for section in ("pages", "films", "people", "genres"):
        assert f"http://testserver/sitemap-{section}.xml" in locations


def test_film_sitemap_has_both_languages_lastmod_and_hreflang(client):
    film = miracle_in_cell_no_7()
    FilmFactory(title="Hidden", published=False)
    root = ET.fromstring(client.get("/sitemap-films.xml").content)
    urls = root.findall(f"{SITEMAP}url")
    locations = [url.find(f"{SITEMAP}loc").text for url in urls]
    assert locations == [
        f"http://testserver{film.get_absolute_url()}",
        f"http://testserver/ko{film.get_absolute_url()}",
    ]
    assert all(url.find(f"{SITEMAP}lastmod").text for url in urls)
    alternates = {link.get("hreflang") for link in urls[0].iter(f"{XHTML}link")}
    assert alternates == {"en", "ko", "x-default"}


def test_people_and_genre_sitemaps(client):
    person = PersonFactory(name="Song Kang-ho")
    GenreFactory(slug="fantasy", name="Fantasy")  # no films: left out
    FilmFactory(genres=[GenreFactory(slug="drama", name="Drama")])
    people = client.get("/sitemap-people.xml").text
    genres = client.get("/sitemap-genres.xml").text
    assert f"http://testserver{person.get_absolute_url()}" in people
    assert "/genres/drama/" in genres and "/genres/fantasy/" not in genres


def test_unknown_sitemap_section_is_not_found(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_rss_feed_lists_new_films(client):
    miracle_in_cell_no_7()
    FilmFactory(title="Hidden", published=False)
    response = client.get("/feeds/films.rss")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.find("title").text for item in channel.findall("item")]
    assert titles == ["Miracle in Cell No. 7 (2013)"]
    item = channel.find("item")
    assert item.find("link").text == "http://testserver/films/miracle-in-cell-no-7-2013/"
    assert item.find("pubDate").text


def test_korean_atom_feed_is_in_korean(client):
    miracle_in_cell_no_7()
    response = client.get("/ko/feeds/films.atom")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "7번방의 선물 (2013)"
    assert entry.find(f"{ATOM}updated").text
    assert "지적 장애" in entry.find(f"{ATOM}summary").text


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_forms(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    kept_out = {line for line in response.text.splitlines() if line.startswith("Disallow: ")}
    assert kept_out == {
        f"Disallow: {prefix}{path}"
        for path in (
            "/admin/",
            "/search/",
            "/takedown/",
            "/watch/*/report/",
            "/films/*/comments/",
        )
        for prefix in ("", "/ko")
    }


def test_film_page_has_link_preview_tags(client):
    film = miracle_in_cell_no_7()
    html = client.get(film.get_absolute_url()).text
    assert '<meta property="og:type" content="video.movie">' in html
    assert '<meta property="og:title" content="Miracle in Cell No. 7 (2013)">' in html
    assert (
        '<meta property="og:url" content="http://testserver/films/miracle-in-cell-no-7-2013/">'
        in html
    )
    assert '<meta property="og:locale" content="en_US">' in html
    assert '<meta name="twitter:card" content="summary">' in html  # no poster yet
    assert 'type="application/rss+xml"' in html


def test_preview_tags_escape_what_editors_type(client):
    film = FilmFactory(title='"><script>alert(1)</script>', synopsis='"onmouseover="x')
    html = client.get(film.get_absolute_url()).text
    assert "<script>alert(1)</script>" not in html
    assert 'content="&quot;onmouseover=&quot;x"' in html


@pytest.mark.parametrize(
    ("address", "kind"), [("/feeds/films.rss", "rss"), ("/feeds/films.atom", "atom")]
)
def test_feeds_carry_editors_titles_and_synopses_as_plain_text(client, address, kind):
    """Feed readers read an item's description (Atom: summary type="html") as HTML: what an
    editor typed must reach the reader as the same text, never as markup that runs."""
    FilmFactory(
        title="Tom & <b>Jerry</b>",
        synopsis='<script>alert("x")</script> A & B <img src=x onerror=alert(1)>',
    )
    root = ET.fromstring(client.get(address).content)
    if kind == "rss":
        item = root.find("channel").find("item")
        title, description = item.find("title").text, item.find("description").text
    else:
        entry = root.find(f"{ATOM}entry")
        assert entry.find(f"{ATOM}summary").get("type") == "html"
        title, description = entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}summary").text
    assert title.startswith("Tom & <b>Jerry</b> (")  # a text field: the reader shows it as typed
    assert description == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; A &amp; B "
        "&lt;img src=x onerror=alert(1)&gt;"
    )


def test_film_sitemap_pages_by_id_ranges(client, monkeypatch):
    from catalog.sitemaps import FilmSitemap

    monkeypatch.setattr(FilmSitemap, "limit", 4)  # two films a page, each in two languages
    films = FilmFactory.create_batch(5)
    films[1].published = False
    films[1].save()
    base = films[0].pk - 1  # the test database's ids need not start at 1
    pages = {}
    for number in range(1, (films[-1].pk + 1) // 2 + 1):
        response = client.get(f"/sitemap-films.xml?p={number}")
        assert response.status_code == 200
        root = ET.fromstring(response.content)
        pages[number] = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    listed = [location for page in pages.values() for location in page]
    expected = [
        f"http://testserver{prefix}{film.get_absolute_url()}"
        for film in films
        if film.published
        for prefix in ("", "/ko")
    ]
    assert listed == expected
    assert all(len(page) <= 4 for page in pages.values())
    index = client.get("/sitemap.xml").text
    last = (films[-1].pk + 1) // 2
    assert f"http://testserver/sitemap-films.xml?p={last}</loc>" in index
    assert f"?p={last + 1}<" not in index and base >= 0
    assert client.get(f"/sitemap-films.xml?p={last + 1}").status_code == 404
    assert client.get("/sitemap-films.xml?p=first").status_code == 404


def test_sitemap_query_counts_do_not_grow(client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The sitemaps are kept in the cache for an hour: measure what making them costs.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    counts = {}
    for size in (3, 30):
        FilmFactory.create_batch(size)
        PersonFactory.create_batch(size)
        for path in ("/sitemap.xml", "/sitemap-films.xml", "/sitemap-people.xml"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            counts.setdefault(path, []).append(len(queries))
    assert all(first == second for first, second in counts.values()), counts
