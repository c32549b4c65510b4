import pytest

from tests.catalog.test_admin import film_form
from tests.factories import FilmFactory
from watch.models import VideoSource

pytestmark = pytest.mark.django_db


def with_source(url, **fields):
    form = film_form(**{"credits-TOTAL_FORMS": "0", "alternative_titles-TOTAL_FORMS": "0"})
    form.update(
        {
            "video_sources-TOTAL_FORMS": "1",
            "video_sources-INITIAL_FORMS": "0",
            "video_sources-0-url": url,
            "video_sources-0-kind": "trailer",
            "video_sources-0-uploader": "Showbox",
            "video_sources-0-source_note": "Official channel",
            "video_sources-0-language": "ko",
            "video_sources-0-subtitle_languages": "en",
            "video_sources-0-start_seconds": "0",
            "video_sources-0-order": "0",
            "video_sources-0-active": "on",
        }
    )
    form.update(fields)
    return form


def test_editor_pastes_a_youtube_address_and_visitors_get_a_facade(admin_client, client):
    url = "https://youtu.be/dQw4w9WgXcQ?si=tracking&t=1m5s"
    response = admin_client.post("/admin/catalog/film/add/", with_source(url))
    assert response.status_code == 302
    source = VideoSource.objects.get()
    assert (source.provider, source.video_id, source.start_seconds) == (
        "youtube",
        "dQw4w9WgXcQ",
        65,
    )
    assert source.embed_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    html = client.get(source.film.get_absolute_url()).text
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ?start=65&amp;autoplay=1" in html


@pytest.mark.parametrize(
    "url",
    [
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/?v=youtube.com",
        "javascript:alert(1)",
        "https://www.youtube.com/watch?v=short",
    ],
)
def test_editor_gets_a_clear_refusal_for_hosts_and_ids_that_cannot_be_embedded(admin_client, url):
    response = admin_client.post("/admin/catalog/film/add/", with_source(url))
    assert response.status_code == 200
    assert 'class="errorlist' in response.text
    assert not VideoSource.objects.exists()


def test_same_video_twice_on_a_film_is_refused(admin_client):
    film = FilmFactory()
    form = with_source("https://www.youtube.com/watch?v=dQw4w9WgXcQ", title=film.title)
    form["video_sources-TOTAL_FORMS"] = "2"
    for key in list(form):
        if key.startswith("video_sources-0-"):
            form[key.replace("-0-", "-1-")] = form[key]
    form["video_sources-1-url"] = "https://youtu.be/dQw4w9WgXcQ"
    response = admin_client.post("/admin/catalog/film/add/", form)
    assert response.status_code == 200
    assert not VideoSource.objects.exists()
