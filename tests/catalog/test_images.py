from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.images import RENDITION_WIDTHS, rendition_name, validate_image_bytes
from catalog.models import Film
from tests.catalog.test_admin import film_form
from tests.factories import FilmFactory

pytestmark = pytest.mark.django_db


def poster_upload(width=800, height=1200, image_format="JPEG", name="poster.jpg"):
    buffer = BytesIO()
    Image.new("RGB", (width, height), (180, 40, 30)).save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def post_film_with_poster(client, upload):
    form = film_form(**{"credits-TOTAL_FORMS": "0", "alternative_titles-TOTAL_FORMS": "0"})
    form["poster"] = upload
    return client.post("/admin/catalog/film/add/", form)


def test_uploaded_poster_is_served_in_responsive_sizes(admin_client, client, settings):
    assert post_film_with_poster(admin_client, poster_upload()).status_code == 302
    film = Film.objects.get()
    assert (film.poster_width, film.poster_height) == (800, 1200)
    for width in RENDITION_WIDTHS:
        with Image.open(settings.MEDIA_ROOT / rendition_name(film.poster.name, width)) as image:
            assert image.format == "WEBP"
            assert image.size == (width, width * 3 // 2)
    html = client.get(film.get_absolute_url()).text
    assert 'width="320" height="480"' in html
    assert "-640w.webp 640w" in html
    rendition_url = film.poster_picture.src
    response = client.get(rendition_url)
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]


def test_small_poster_is_never_upscaled(admin_client):
    post_film_with_poster(admin_client, poster_upload(200, 300))
    picture = Film.objects.get().poster_picture
    assert picture.srcset.endswith("-160w.webp 160w")
    assert (picture.width, picture.height) == (160, 240)


def test_film_without_poster_gets_a_placeholder(client):
    film = FilmFactory(title="No Poster", original_title="포스터 없음")
    html = client.get(film.get_absolute_url()).text
    assert 'class="poster poster-placeholder' in html
    assert 'aria-label="No poster yet for No Poster"' in html


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("poster.jpg", b"not an image at all", content_type="image/jpeg"),
        poster_upload(image_format="GIF", name="poster.gif"),
    ],
    ids=["garbage", "gif"],
)
def test_non_photo_uploads_are_refused(admin_client, upload):
    response = post_film_with_poster(admin_client, upload)
    assert response.status_code == 200
    assert not Film.objects.exists()


def test_link_previews_use_the_largest_rendition(admin_client, client):
    post_film_with_poster(admin_client, poster_upload())
    film = Film.objects.get()
    html = client.get(film.get_absolute_url()).text
    assert '<meta property="og:image" content="http://testserver/media/posters/renditions/' in html
    assert '-640w.webp">' in html
    assert '<meta property="og:image:width" content="640">' in html
    assert '<meta property="og:image:height" content="960">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_image_bytes_are_checked_as_uploads_are():
    checked = validate_image_bytes(poster_upload(300, 450, "PNG", "poster.png").read())
    assert (checked.format, checked.width, checked.height, checked.extension) == (
        "PNG",
        300,
        450,
        ".png",
    )
    with pytest.raises(ValidationError, match="not an image that can be read"):
        validate_image_bytes(b"<html>Not found</html>")
