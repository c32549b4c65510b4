import re

import pytest
from django.utils import translation

from tests.catalog.test_film_page import FILM_PAGE_QUERIES
from tests.factories import (
    CommentFactory,
    FilmFactory,
    VideoSourceFactory,
    miracle_in_cell_no_7,
)
from watch.models import VideoSource

pytestmark = pytest.mark.django_db


def watch_section(html: str) -> str:
    return html.split('id="watch"', 1)[1].split("</section>", 1)[0]


def test_film_page_shows_a_click_to_play_facade_without_any_iframe(client):
    film = miracle_in_cell_no_7()
    source = VideoSourceFactory(film=film, video_id="dQw4w9WgXcQ", uploader="CJ ENM Movie")
    html = client.get(film.get_absolute_url()).text
    section = watch_section(html)
    assert "<iframe" not in html
    assert f'href="/watch/{source.pk}/"' in section
    assert (
        'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in section
    )
    assert "On YouTube, uploaded by CJ ENM Movie" in section
    assert f'href="/watch/{source.pk}/report/"' in section
    # A link to the host's own page is no request; it shows once the visitor has pressed play.
    watch_on = re.search(r'<span class="watch-on" data-watch-on hidden>.*?</span>', section)
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in watch_on.group(0)
    assert "Watch on YouTube" in watch_on.group(0)
    rest = section.replace(watch_on.group(0), "")
    assert "youtube.com/" not in rest.replace("youtube-nocookie.com/embed", "")


def test_sources_are_labelled_and_full_films_come_first(client):
    film = FilmFactory()
    trailer = VideoSourceFactory(
        film=film, kind=VideoSource.Kind.TRAILER, source_note="", uploader="Showbox"
    )
    full = VideoSourceFactory(film=film, source_note="Korean Film Archive")
    section = watch_section(client.get(film.get_absolute_url()).text)
    assert section.index(f'data-source="{full.pk}"') < section.index(f'data-source="{trailer.pk}"')
    assert "Full film · Korean Film Archive" in section
    assert "Trailer · Showbox" in section
    assert f'data-source-panel="{trailer.pk}" hidden' in section


def test_visitor_can_choose_a_source_by_address(client):
    film = FilmFactory()
    VideoSourceFactory(film=film)
    trailer = VideoSourceFactory(film=film, kind=VideoSource.Kind.TRAILER)
    section = watch_section(client.get(film.get_absolute_url(), {"source": trailer.pk}).text)
    assert f'data-source-panel="{trailer.pk}">' in section


@pytest.mark.parametrize("value", ["abc", "-1", "999999", "1 OR 1=1", "x" * 5000])
def test_odd_source_choice_falls_back_to_the_first(client, value):
    film = FilmFactory()
    first = VideoSourceFactory(film=film)
    response = client.get(film.get_absolute_url(), {"source": value})
    assert response.status_code == 200
    assert f'data-source-panel="{first.pk}">' in watch_section(response.text)


def test_film_without_sources_or_offers_says_so_once(client):
    film = FilmFactory()
    html = client.get(film.get_absolute_url()).text
    message = "This film cannot be watched here, and we know of no legal offer for it yet."
    assert html.count(message) == 1
    assert 'id="where-to-watch"' not in html


def test_film_with_only_a_trailer_says_the_film_is_not_here(client):
    film = FilmFactory()
    VideoSourceFactory(film=film, kind=VideoSource.Kind.TRAILER)
    html = client.get(film.get_absolute_url()).text
    assert "The full film is not available to watch here yet" in html


@pytest.mark.parametrize(
    "hidden", [{"active": False}, {"hidden_by_takedown": True}], ids=["inactive", "takedown"]
)
def test_inactive_and_taken_down_sources_are_not_shown(client, hidden):
    film = FilmFactory()
    source = VideoSourceFactory(film=film, **hidden)
    html = client.get(film.get_absolute_url()).text
    assert f"/watch/{source.pk}/" not in html
    # A source a notice hid says so (and how to dispute it); one switched off is not found.
    expected = 451 if source.active else 404
    assert client.get(f"/watch/{source.pk}/").status_code == expected


def test_source_page_holds_the_player_for_visitors_without_javascript(client):
    source = VideoSourceFactory(start_seconds=90)
    html = client.get(source.get_absolute_url()).text
    assert '<iframe class="player-frame" src="https://www.youtube-nocookie.com/embed/' in html
    assert "start=90" in html
    assert 'referrerpolicy="strict-origin-when-cross-origin"' in html
    assert 'allow="autoplay; encrypted-media; picture-in-picture; fullscreen"' in html
    assert 'loading="lazy"' in html and "title=" in html


def test_csp_lets_the_page_frame_only_the_registry_hosts(client):
    film = FilmFactory()
    policy = client.get(film.get_absolute_url())["Content-Security-Policy"]
    frame_src = next(part for part in policy.split(";") if part.strip().startswith("frame-src"))
    assert "https://www.youtube-nocookie.com" in frame_src
    assert "https://player.vimeo.com" in frame_src
    assert "*" not in frame_src and "https://www.youtube.com" not in frame_src


def test_pages_without_a_player_frame_nothing_from_other_hosts(client):
    FilmFactory()
    for path in ("/", "/genres/", "/about/"):
        policy = client.get(path)["Content-Security-Policy"]
        assert "youtube" not in policy and "frame-src" not in policy
        assert "default-src 'self'" in policy


def test_a_sources_own_page_may_frame_the_registry_hosts(client):
    source = VideoSourceFactory()
    policy = client.get(source.get_absolute_url())["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com" in policy


def test_uploader_text_is_escaped(client):
    film = FilmFactory()
    VideoSourceFactory(film=film, uploader='<img src=x onerror="alert(1)">')
    html = client.get(film.get_absolute_url()).text
    assert '<img src=x onerror="alert(1)">' not in html
    assert "&lt;img src=x" in html


def test_query_count_does_not_grow_with_sources(client, django_assert_num_queries):
    film = miracle_in_cell_no_7()
    CommentFactory(film=film)
    for size in (1, 8):
        VideoSourceFactory.create_batch(size, film=film)
        with django_assert_num_queries(FILM_PAGE_QUERIES):
            assert client.get(film.get_absolute_url()).status_code == 200


def test_korean_page_labels_the_player_in_korean(client):
    film = FilmFactory()
    VideoSourceFactory(film=film, kind=VideoSource.Kind.TRAILER, source_note="")
    with translation.override("ko"):
        url = film.get_absolute_url()
    section = watch_section(client.get(url).text)
    assert "예고편" in section
    assert "문제 신고" in section


def test_film_page_carries_movie_and_video_object_data(client):
    import json

    film = miracle_in_cell_no_7()
    VideoSourceFactory(film=film, video_id="dQw4w9WgXcQ", uploader="NEW</script><b>")
    html = client.get(film.get_absolute_url()).text
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(block)
    assert data["@type"] == "Movie"
    assert data["name"] == "Miracle in Cell No. 7"
    assert data["duration"] == "PT127M"
    assert data["director"][0]["name"] == "Lee Hwan-kyung"
    video = data["video"][0]
    assert video["@type"] == "VideoObject"
    assert video["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert video["author"]["name"] == "NEW</script><b>"
    assert "</script><b>" not in block


def test_movie_data_counts_the_approved_comments(client):
    import json

    film = FilmFactory()
    CommentFactory.create_batch(2, film=film)
    CommentFactory(film=film, status="pending")
    html = client.get(film.get_absolute_url()).text
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(block)["commentCount"] == 2


def features(response) -> dict[str, str]:
    policy = response["Permissions-Policy"]
    return dict(part.strip().split("=", 1) for part in policy.split(","))


def test_pages_without_a_player_allow_no_powerful_browser_feature(client):
    FilmFactory()
    for path in ("/", "/genres/", "/about/", "/search/?q=x", "/no-such-page/"):
        policy = features(client.get(path))
        for feature in ("camera", "microphone", "geolocation", "payment", "usb", "autoplay"):
            assert policy[feature] == "()", (path, feature)
        assert policy["fullscreen"] == "(self)"


def test_player_pages_grant_the_video_hosts_frames_what_playing_needs(client):
    source = VideoSourceFactory()
    for path in (source.film.get_absolute_url(), source.get_absolute_url()):
        policy = features(client.get(path))
        for feature in ("autoplay", "encrypted-media", "fullscreen", "picture-in-picture"):
            assert '"https://www.youtube-nocookie.com"' in policy[feature], (path, feature)
        assert policy["camera"] == "()" and "youtube" not in policy["geolocation"]
