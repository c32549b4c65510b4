import pytest

from tests.catalog.test_admin import film_form
from tests.factories import FilmFactory, VideoSourceFactory
from tests.shield.reads import FIREWALL_QUERIES
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


def test_source_languages_are_chosen_by_name(admin_client):
    html = admin_client.get("/ko/admin/catalog/film/add/").text
    assert '<option value="ko" selected>한국어</option>' in html  # the source's language
    response = admin_client.post(
        "/admin/catalog/film/add/",
        with_source(
            "https://youtu.be/dQw4w9WgXcQ", **{"video_sources-0-subtitle_languages": ["ja", "en"]}
        ),
    )
    assert response.status_code == 302
    assert VideoSource.objects.get().subtitle_languages == "ja,en"


@pytest.mark.parametrize(
    ("field", "value"),
    [("video_sources-0-language", "xx-Nope"), ("video_sources-0-subtitle_languages", "en,ja")],
)
def test_a_language_not_on_the_list_is_refused(admin_client, field, value):
    form = with_source("https://youtu.be/dQw4w9WgXcQ", **{field: value})
    response = admin_client.post("/admin/catalog/film/add/", form)
    assert response.status_code == 200
    assert "is not one of the available choices" in response.text
    assert not VideoSource.objects.exists()


def test_a_source_keeps_a_language_tag_the_list_does_not_hold(admin_client):
    source = VideoSourceFactory(language="ko-Latn", subtitle_languages="en")
    page = admin_client.get(f"/admin/watch/videosource/{source.pk}/change/").text
    assert '<option value="ko-Latn" selected>ko-Latn</option>' in page


def test_the_sources_list_says_which_a_takedown_hides(admin_client, django_assert_num_queries):
    hidden = VideoSourceFactory()
    VideoSource.objects.filter(pk=hidden.pk).update(hidden_by_takedown=True)
    VideoSourceFactory(active=False)
    shown = VideoSourceFactory()
    html = admin_client.get("/admin/watch/videosource/").text
    assert html.count("<strong>Hidden by a takedown</strong>") == 1
    assert "Switched off" in html and ">Shown<" in html
    filtered = admin_client.get("/admin/watch/videosource/?hidden_by_takedown__exact=1")
    assert [source.pk for source in filtered.context["cl"].result_list] == [hidden.pk]
    # the authenticator, the films are joined, the reports counted per page
    with django_assert_num_queries(7 + FIREWALL_QUERIES):
        admin_client.get("/admin/watch/videosource/")
    VideoSourceFactory.create_batch(5, film=shown.film)
    # the authenticator, the films are joined, the reports counted per page
    with django_assert_num_queries(7 + FIREWALL_QUERIES):
        admin_client.get("/admin/watch/videosource/")
