"""The page cache for anonymous visitors: pages kept and served, the headers caches in front
read, who gets a fresh page, and every write path that makes kept pages stale."""

import re

import pytest
from django.test import Client

from catalog import pagecache
from catalog.editing import films_changed
from community.models import Comment
from community.moderation import set_status
from tests.catalog.test_admin import film_form
from tests.factories import (
    CommentFactory,
    FilmFactory,
    GenreFactory,
    PersonFactory,
    VideoSourceFactory,
    miracle_in_cell_no_7,
)
from tests.watch.notices import notice_hiding

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache]


def state(response) -> str:
    return response["X-Kcinema-Cache"]


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed: invalidation waits for the commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_film_page_is_kept_and_served_to_the_next_visitor(client):
    film = miracle_in_cell_no_7()
    first = client.get(film.get_absolute_url())
    second = Client().get(film.get_absolute_url())
    assert (state(first), state(second)) == ("miss", "hit")
    assert first.content == second.content
    assert "Miracle in Cell No. 7" in second.text


def test_a_kept_page_says_so_to_caches_in_front(client):
    film = miracle_in_cell_no_7()
    client.get(film.get_absolute_url())
    response = client.get(film.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert re.fullmatch(r'W/"[0-9a-f]{24}"', response["ETag"])
    # Nothing of one visitor: no cookie, and it varies on nothing but compression.
    assert not response.cookies
    assert response["Vary"] == "Accept-Encoding"
    # The player's policy is sent with a kept page too.
    assert "frame-src" in response["Content-Security-Policy"]


def test_the_shared_seconds_come_from_the_settings(client, settings):
    settings.PAGE_CACHE_SHARED_SECONDS = 5
    response = client.get("/")
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=5"


def test_a_browser_that_has_the_page_is_told_so(client):
    film = miracle_in_cell_no_7()
    etag = client.get(film.get_absolute_url())["ETag"]
    again = client.get(film.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    other = client.get(film.get_absolute_url(), HTTP_IF_NONE_MATCH='W/"other"')
    assert other.status_code == 200


def test_a_kept_film_page_holds_no_token_of_anyones(client):
    film = miracle_in_cell_no_7()
    html = client.get(film.get_absolute_url()).text
    hidden = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', html)
    assert hidden and hidden.group(1) == ""
    assert re.search(r'name="form_token" value=""', html)
    assert f'data-token-url="/films/{film.slug}/comments/tokens/"' in html
    assert f'href="/films/{film.slug}/comments/new/"' in html  # without JavaScript


@pytest.mark.parametrize(
    "cookie", ["sessionid", "messages", "kcinema_own_comments"], ids=lambda name: name
)
def test_a_visitor_whose_page_may_be_their_own_gets_a_fresh_one(client, cookie):
    film = miracle_in_cell_no_7()
    client.get(film.get_absolute_url())
    client.cookies[cookie] = "anything"
    response = client.get(film.get_absolute_url())
    assert state(response) == "bypass"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "ETag" not in response


def test_parameters_the_page_does_not_read_share_its_kept_copy(client, monkeypatch):
    film = miracle_in_cell_no_7()
    keys = []
    original = pagecache.keep
    monkeypatch.setattr(
        pagecache, "keep", lambda key, *rest: keys.append(key) or original(key, *rest)
    )
    client.get(film.get_absolute_url())
    for number in range(5):
        response = client.get(film.get_absolute_url(), {"utm_source": number, "fbclid": "x"})
        assert state(response) == "hit"
        assert "utm_source" not in response.text
    # Values the page would ignore are the plain page too.
    junk = {"source": "abc", "comments": "sideways", "cpage": "x" * 500}
    assert state(client.get(film.get_absolute_url(), junk)) == "hit"
    assert len(keys) == 1
    # A country it does not know is one page (which says so), whatever is sent.
    assert state(client.get(film.get_absolute_url(), {"country": "Korea"})) == "miss"
    assert state(client.get(film.get_absolute_url(), {"country": "<script>"})) == "hit"
    assert len(keys) == 2
    # One it does read is a page of its own.
    assert state(client.get(film.get_absolute_url(), {"comments": "newest"})) == "miss"


def test_each_language_is_kept_apart(client):
    film = miracle_in_cell_no_7()
    english = client.get(film.get_absolute_url())
    korean = client.get("/ko" + film.get_absolute_url())
    assert (state(english), state(korean)) == ("miss", "miss")
    assert 'lang="ko"' in client.get("/ko" + film.get_absolute_url()).text
    # The English page is English whatever the browser prefers: no Vary: Accept-Language.
    response = client.get(film.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ko")
    assert state(response) == "hit" and 'lang="en"' in response.text


def test_with_no_seconds_nothing_is_kept(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    film = miracle_in_cell_no_7()
    client.get(film.get_absolute_url())
    assert state(client.get(film.get_absolute_url())) == "bypass"


def test_a_missing_page_is_not_kept(client):
    assert client.get("/films/no-such-film/").status_code == 404
    response = client.get("/films/no-such-film/")
    assert response.status_code == 404 and "ETag" not in response


@pytest.mark.parametrize(
    "address", ["/", "/genres/", "/genres/drama/", "/years/2013/", "/decades/2010s/"]
)
def test_catalogue_pages_are_kept(client, address):
    miracle_in_cell_no_7()
    assert state(client.get(address)) == "miss"
    assert state(client.get(address)) == "hit"


def test_the_comment_script_gets_its_tokens_from_a_page_never_kept(client):
    film = miracle_in_cell_no_7()
    response = client.get(f"/films/{film.slug}/comments/tokens/")
    assert response.status_code == 200
    assert set(response.json()) == {"csrfmiddlewaretoken", "form_token"}
    assert "no-store" in response["Cache-Control"]
    assert "csrftoken" in response.cookies


def test_without_javascript_a_comment_is_written_on_its_own_page(client):
    film = miracle_in_cell_no_7()
    response = client.get(f"/films/{film.slug}/comments/new/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    assert token and re.search(r'name="form_token" value="[^"]+"', response.text)


# What makes kept pages stale --------------------------------------------------------------


def kept_then(client, address: str) -> None:
    client.get(address)
    assert state(client.get(address)) == "hit", address


def test_films_changed_makes_the_pages_that_show_the_film_stale(client, committing):
    film = miracle_in_cell_no_7()
    person = film.credits.first().person
    addresses = [
        film.get_absolute_url(),
        "/ko" + film.get_absolute_url(),
        person.get_absolute_url(),
        "/genres/drama/",
        "/years/2013/",
        "/decades/2010s/",
        "/",
    ]
    for address in addresses:
        kept_then(client, address)
    film.title = "Miracle in Cell Number Seven"
    film.save()
    with committing():
        films_changed([film.pk])
    for address in addresses:
        response = client.get(address)
        assert state(response) == "miss", address
    assert "Miracle in Cell Number Seven" in client.get(film.get_absolute_url()).text


def test_another_film_changing_leaves_the_page_kept(client, committing):
    film = miracle_in_cell_no_7()
    other = FilmFactory(title="Other", genres=list(film.genres.all()))
    with committing():
        # The menu's generation is a fingerprint of it from the first write on (till then,
        # a cache just emptied has given it a new generation of its own).
        films_changed([film.pk])
    kept_then(client, film.get_absolute_url())
    with committing():
        films_changed([other.pk])
    assert state(client.get(film.get_absolute_url())) == "hit"


def test_a_film_that_appears_in_the_menu_changes_every_page(client, committing):
    film = miracle_in_cell_no_7()
    kept_then(client, film.get_absolute_url())
    thriller = GenreFactory(slug="thriller", name="Thriller", name_ko="스릴러")
    other = FilmFactory(title="Other", genres=[thriller])
    with committing():
        films_changed([other.pk])  # the menu gains Thriller
    response = client.get(film.get_absolute_url())
    assert state(response) == "miss" and "Thriller" in response.text


def test_an_editors_save_in_the_admin_reaches_the_pages_before_and_after(
    admin_client, client, committing
):
    drama = GenreFactory(slug="drama", name="Drama")
    comedy = GenreFactory(slug="comedy", name="Comedy")
    film = FilmFactory(title="Old Title", year=2001, slug="old-title-2001", genres=[drama])
    FilmFactory(title="Keeps Comedy In The Menu", genres=[comedy])
    for address in ["/films/old-title-2001/", "/ko/films/old-title-2001/", "/genres/drama/"]:
        kept_then(client, address)
    form = film_form(title="New Title", year="2001", slug="old-title-2001", genres=comedy.pk)
    form.update({"credits-TOTAL_FORMS": "0", "alternative_titles-TOTAL_FORMS": "0"})
    with committing():
        response = admin_client.post(f"/admin/catalog/film/{film.pk}/change/", form)
    assert response.status_code == 302
    assert "New Title" in client.get("/films/old-title-2001/").text
    assert "New Title" in client.get("/ko/films/old-title-2001/").text
    # It left Drama: Drama's page, kept with it, is made again without it.
    assert "Old Title" not in client.get("/genres/drama/").text
    assert "New Title" in client.get("/genres/comedy/").text


def test_renaming_a_person_in_the_admin_reaches_their_films(admin_client, client, committing):
    film = miracle_in_cell_no_7()
    person = PersonFactory(name="Jung Jin-young", name_ko="정진영")
    film.credits.create(person=person, order=9)
    kept_then(client, film.get_absolute_url())
    data = {"name": "Jung Jin-young II", "name_ko": "정진영", "slug": person.slug}
    with committing():
        response = admin_client.post(f"/admin/catalog/person/{person.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "Jung Jin-young II" in client.get(film.get_absolute_url()).text


def test_an_approved_comment_shows_on_the_kept_page(client, committing):
    film = miracle_in_cell_no_7()
    CommentFactory(film=film, body="Waiting for a moderator.", status="pending")
    kept_then(client, film.get_absolute_url())
    with committing():
        set_status(Comment.objects.all(), Comment.Status.APPROVED)
    assert "Waiting for a moderator." in client.get(film.get_absolute_url()).text


def test_a_comment_approved_in_the_admin_shows(admin_client, client, committing):
    film = miracle_in_cell_no_7()
    comment = CommentFactory(film=film, body="Approve me.", status="pending")
    kept_then(client, film.get_absolute_url())
    with committing():
        admin_client.post(
            "/admin/community/comment/",
            {"action": "approve", "_selected_action": [comment.pk]},
        )
    assert "Approve me." in client.get(film.get_absolute_url()).text


def test_a_takedown_hiding_a_source_reaches_the_kept_page(client, committing):
    film = miracle_in_cell_no_7()
    source = VideoSourceFactory(film=film, kind="full", uploader="Uploader Of Record")
    kept_then(client, film.get_absolute_url())
    assert "Uploader Of Record" in client.get(film.get_absolute_url()).text
    with committing():
        notice_hiding(source)
    source.refresh_from_db()
    assert source.hidden_by_takedown
    response = client.get(film.get_absolute_url())
    assert state(response) == "miss" and "Uploader Of Record" not in response.text


def test_a_source_edited_in_the_admin_reaches_the_kept_page(admin_client, client, committing):
    film = miracle_in_cell_no_7()
    source = VideoSourceFactory(film=film, uploader="Uploader Of Record")
    kept_then(client, film.get_absolute_url())
    with committing():
        admin_client.post(
            f"/admin/watch/videosource/{source.pk}/delete/", {"post": "yes"}, follow=True
        )
    assert "Uploader Of Record" not in client.get(film.get_absolute_url()).text


def test_a_missing_generation_is_never_an_old_one(client):
    """Redis evicting a generation (or being emptied) must not bring back a page kept before."""
    first = pagecache.current_generations(["film:x"])[pagecache.generation_key("film:x")]
    from django.core.cache import cache

    cache.delete(pagecache.generation_key("film:x"))
    second = pagecache.current_generations(["film:x"])[pagecache.generation_key("film:x")]
    assert first != second


def test_a_source_switched_off_by_its_health_check_leaves_the_kept_page(
    client, settings, committing
):
    from watch.health import check_source

    settings.KCINEMA_EMBED_HOSTS = ["archive.example.org"]
    film = miracle_in_cell_no_7()
    source = VideoSourceFactory(
        film=film,
        provider="allowed",
        url="https://archive.example.org/embed/42",
        video_id="/embed/42",
        uploader="The Archive Of Record",
    )
    kept_then(client, film.get_absolute_url())
    assert "The Archive Of Record" in client.get(film.get_absolute_url()).text
    settings.KCINEMA_EMBED_HOSTS = []  # the operator no longer allows the host
    with committing():
        check_source(source)
    assert "The Archive Of Record" not in client.get(film.get_absolute_url()).text


def test_offers_imported_reach_the_kept_page(client, committing):
    from watch.models import Offer
    from watch.offers import replace_offers

    film = miracle_in_cell_no_7()
    kept_then(client, film.get_absolute_url())
    offer = Offer(service="netflix", country="KR", kind=Offer.Kind.STREAM)
    offer.link = "https://www.netflix.com/title/80000001"
    with committing():
        replace_offers(film, [offer], source=Offer.Source.TMDB)
    response = client.get(film.get_absolute_url())
    assert state(response) == "miss" and "netflix.com/title/80000001" in response.text
