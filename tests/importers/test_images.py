"""Posters an import brings (importers.images): copied through the real HTTP client from images
Pillow makes here and httpx.MockTransport serves, checked, stored with their renditions and
provenance; refused with a line in the report; linked, never asked for, when the source's terms
do not let a site copy them; an editor's poster never replaced; a re-run downloads nothing."""

import struct
import zlib
from collections.abc import Callable
from datetime import timedelta
from io import BytesIO

import httpx
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from catalog.images import MAX_UPLOAD_BYTES, RENDITION_WIDTHS, rendition_name
from catalog.models import Film
from importers import images
from importers.records import FilmRecord, ImageRecord, Source
from importers.retention import drop_expired
from importers.reviews import take_source_value
from importers.runs import Report, listed, run_import

pytestmark = pytest.mark.django_db

COMMONS = "https://commons.wikimedia.org/wiki/Special:FilePath/Host_poster.jpg?width=960"
TMDB_POSTER = "https://image.tmdb.org/t/p/w780/host.jpg"


def picture(image_format: str = "JPEG", size: tuple[int, int] = (600, 900)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (40, 90, 160)).save(buffer, image_format)
    return buffer.getvalue()


def decompression_bomb() -> bytes:
    """A real PNG whose header claims 30,000 × 30,000 pixels (900 megapixels)."""
    png = bytearray(picture("PNG", (1, 1)))
    header = b"IHDR" + struct.pack(">II", 30_000, 30_000) + bytes(png[24:29])
    png[12:29] = header
    png[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(png)


class Host:
    """Serves `files` by address and keeps every request; any other address is a 404."""

    def __init__(self, files: dict[str, bytes | Callable[[], httpx.Response]]) -> None:
        self.files = files
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        found = self.files.get(str(request.url))
        if callable(found):
            return found()
        return httpx.Response(200, content=found) if found is not None else httpx.Response(404)


def wikidata_film(poster: ImageRecord | None = None, **changes) -> FilmRecord:
    record = FilmRecord(
        Source.WIKIDATA,
        "Q900000010",
        ids={"wikidata_id": "Q900000010"},
        title="The Host",
        original_title="괴물",
        year=2006,
        poster=poster
        or ImageRecord(COMMONS, licence="CC BY-SA 4.0", may_copy=True, credit="Kim Min-ji"),
    )
    for name, value in changes.items():
        setattr(record, name, value)
    return record


def tmdb_film() -> FilmRecord:
    return FilmRecord(
        Source.TMDB,
        "1255",
        ids={"tmdb_id": "1255", "wikidata_id": "Q900000010"},
        title="The Host",
        original_title="괴물",
        year=2006,
        poster=ImageRecord(TMDB_POSTER, licence="TMDB", may_copy=False),
    )


def run(record: FilmRecord, host: Host | None, **options) -> Report:
    """One run of the import, downloading through the real client when `host` is given."""
    if host is None:
        return run_import(record.source, listed([record]), progress=False, **options)
    client = images.client(cache_dir=None, transport=httpx.MockTransport(host))
    with client, images.downloading(client):
        return run_import(record.source, listed([record]), progress=False, **options)


def test_a_free_image_is_stored_in_the_sizes_pages_use_with_its_source_and_licence(settings):
    host = Host({COMMONS: picture("JPEG", (600, 900))})
    report = run(wikidata_film(), host)
    assert report.counts["created"] == 1 and not report.skipped
    film = Film.objects.get()
    assert (film.poster.name, film.poster_width, film.poster_height) == (
        "posters/the-host-2006.jpg",
        600,
        900,
    )
    for width in [w for w in RENDITION_WIDTHS if w <= 600]:
        with Image.open(settings.MEDIA_ROOT / rendition_name(film.poster.name, width)) as made:
            assert made.size == (width, width * 3 // 2)
    written = film.provenance.fields["poster"]
    assert {key: value for key, value in written.items() if key != "at"} == {
        "source": "wikidata",
        "value": "posters/the-host-2006.jpg",
        "url": COMMONS,
        "licence": "CC BY-SA 4.0",
        "credit": "Kim Min-ji",
        "copied": True,
    }
    assert host.requests[0].headers["User-Agent"].startswith("kcinema-importer/1.0 (")


def test_a_png_is_stored_as_a_png():
    run(wikidata_film(), Host({COMMONS: picture("PNG", (300, 450))}))
    assert Film.objects.get().poster.name == "posters/the-host-2006.png"


@pytest.mark.parametrize(
    ("served", "reason"),
    [
        (lambda: httpx.Response(200, content=b"<html>File not found</html>"), "not an image"),
        (lambda: httpx.Response(200, content=picture("GIF", (60, 90))), "JPEG, PNG or WebP"),
        (lambda: httpx.Response(200, content=b"\xff\xd8" + bytes(MAX_UPLOAD_BYTES)), "10 MB"),
        (lambda: httpx.Response(200, content=decompression_bomb()), "not an image"),
        (lambda: httpx.Response(404, content=b"No such file"), "answered 404"),
    ],
    ids=["not-an-image", "gif", "over-10-mb", "decompression-bomb", "missing"],
)
def test_an_image_refused_is_a_line_in_the_report_and_the_film_is_still_imported(served, reason):
    host = Host({COMMONS: served})
    report = run(wikidata_film(), host)
    assert report.counts["created"] == 1
    [(what, why)] = report.skipped
    assert what == "poster of 괴물 (2006)" and reason in why
    film = Film.objects.get()
    assert not film.poster
    assert film.provenance.fields["poster"]["refused"] == COMMONS

    run(wikidata_film(runtime=119), host)  # the film changes; its poster was refused already
    assert len(host.requests) == 1


def test_an_image_over_40_megapixels_is_refused():
    buffer = BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, "PNG")  # 48 megapixels in a few kilobytes
    host = Host({COMMONS: buffer.getvalue()})
    [(_what, why)] = run(wikidata_film(), host).skipped
    assert "40 megapixels" in why


def test_a_poster_that_may_not_be_copied_is_linked_and_never_asked_for(client):
    host = Host({})
    report = run(tmdb_film(), host)
    assert report.counts["created"] == 1 and not report.skipped
    assert host.requests == []
    film = Film.objects.get()
    assert not film.poster
    written = film.provenance.fields["poster"]
    assert (written["source"], written["url"], written["copied"], written["value"]) == (
        "tmdb",
        TMDB_POSTER,
        False,
        "",
    )
    page = client.get(film.get_absolute_url()).text
    assert "poster-placeholder" in page and "image.tmdb.org" not in page


def test_a_copy_beats_a_link_whichever_comes_first():
    run(tmdb_film(), Host({}))
    host = Host({COMMONS: picture()})
    run(wikidata_film(), host)
    film = Film.objects.get()
    assert film.poster and film.provenance.fields["poster"]["source"] == "wikidata"

    run(tmdb_film(), host)  # TMDB again: its link does not replace the copy
    film.refresh_from_db()
    assert film.poster.name == "posters/the-host-2006.jpg"
    assert film.provenance.fields["poster"]["source"] == "wikidata"
    assert len(host.requests) == 1


def test_an_editors_poster_is_never_replaced():
    run(wikidata_film(poster=ImageRecord(TMDB_POSTER)), None)
    film = Film.objects.get()
    film.poster.save("editors.jpg", ContentFile(picture()))  # an editor uploads one
    host = Host({COMMONS: picture()})
    run(wikidata_film(), host)
    film.refresh_from_db()
    assert film.poster.name.startswith("posters/editors")
    assert host.requests == []


def test_a_poster_an_editor_removed_stays_removed():
    run(wikidata_film(), Host({COMMONS: picture()}))
    film = Film.objects.get()
    film.poster = ""
    film.save()
    host = Host({COMMONS: picture()})
    run(wikidata_film(runtime=119), host)
    film.refresh_from_db()
    assert not film.poster and host.requests == []


def test_a_re_run_downloads_nothing_and_writes_nothing():
    host = Host({COMMONS: picture()})
    run(wikidata_film(), host)
    with CaptureQueriesContext(connection) as queries:
        report = run(wikidata_film(), host)
    assert report.counts["unchanged"] == 1
    assert len(host.requests) == 1
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE") and "importrun" not in q["sql"]
    ]
    assert len(writes) == 1 and "importers_sourcerecord" in writes[0]  # seen: stamped


def test_the_cache_keeps_a_download_for_the_next_run(tmp_path):
    host = Host({COMMONS: picture()})
    first = images.client(cache_dir=tmp_path, transport=httpx.MockTransport(host))
    second = images.client(cache_dir=tmp_path, transport=httpx.MockTransport(host))
    assert images.fetch_image(first, COMMONS) == images.fetch_image(second, COMMONS)
    assert len(host.requests) == 1


def test_a_new_image_from_the_same_source_replaces_the_imports_own(
    settings, django_capture_on_commit_callbacks
):
    run(wikidata_film(), Host({COMMONS: picture()}))
    old = Film.objects.get().poster.name
    other = COMMONS.replace("Host_poster", "Host_poster_2")
    with django_capture_on_commit_callbacks(execute=True):  # the old files go once committed
        run(
            wikidata_film(poster=ImageRecord(other, "CC0", may_copy=True)), Host({other: picture()})
        )
    film = Film.objects.get()
    assert film.poster.name != old and film.provenance.fields["poster"]["url"] == other
    assert not (settings.MEDIA_ROOT / old).exists()
    assert not (settings.MEDIA_ROOT / rendition_name(old, 320)).exists()


def test_without_a_client_a_free_image_is_linked_until_a_run_that_has_one():
    run(wikidata_film(), None)
    film = Film.objects.get()
    assert not film.poster and film.provenance.fields["poster"]["copied"] is False
    run(wikidata_film(), Host({COMMONS: picture()}))
    film.refresh_from_db()
    assert film.poster


def test_a_dry_run_downloads_nothing():
    host = Host({COMMONS: picture()})
    run(wikidata_film(), host, dry_run=True)
    assert host.requests == [] and not Film.objects.exists()


def test_a_host_that_fails_leaves_the_posters_linked_for_the_next_run_and_the_import_goes_on():
    refusing = Host({COMMONS: lambda: httpx.Response(403, content=b"Please set a user-agent")})
    report = run(wikidata_film(), refusing)
    assert not report.stopped and report.counts["created"] == 1
    [(what, why)] = report.skipped
    assert what == "posters" and "answered 403" in why
    written = Film.objects.get().provenance.fields["poster"]
    assert written["copied"] is False and "refused" not in written

    run(wikidata_film(), Host({COMMONS: picture()}))
    assert Film.objects.get().poster


def test_the_film_page_credits_a_copied_poster_in_one_more_query(client):
    run(wikidata_film(), Host({COMMONS: picture()}))
    film = Film.objects.get()
    with CaptureQueriesContext(connection) as queries:
        page = client.get(film.get_absolute_url()).text
    assert (
        "<dd>Kim Min-ji, CC BY-SA 4.0, "
        '<a href="https://commons.wikimedia.org/wiki/File:Host_poster.jpg" rel="noopener">'
        "Wikimedia Commons</a></dd>"
    ) in page
    film.poster.save("editors.jpg", ContentFile(picture()))  # an editor's: no credit of ours
    with CaptureQueriesContext(connection) as again:
        page = client.get(film.get_absolute_url()).text
    assert "Wikimedia Commons" not in page
    assert len(queries) == len(again)
    assert sum("importers_provenance" in q["sql"] for q in queries) == 1


def test_the_admin_shows_each_sources_poster_as_a_link_not_an_image(admin_client):
    run(tmdb_film(), Host({}))
    film = Film.objects.get()
    page = admin_client.get(reverse("admin:catalog_film_change", args=[film.pk])).text
    row = page[page.index('id="field-source-poster"') :]
    row = row[: row.index("</tr>")]
    assert f'<a href="{TMDB_POSTER}" rel="noreferrer">{TMDB_POSTER}</a>' in row
    assert "<img" not in row and "TMDB" in row


def test_an_editor_takes_a_sources_poster_back_and_the_next_run_stores_it():
    host = Host({COMMONS: picture()})
    run(wikidata_film(), host)
    film = Film.objects.get()
    film.poster.save("editors.jpg", ContentFile(picture()))
    take_source_value(film, "poster", "wikidata")
    film.refresh_from_db()
    assert not film.poster
    assert film.provenance.fields["poster"]["url"] == COMMONS
    run(wikidata_film(), host)
    film.refresh_from_db()
    assert film.poster.name.startswith("posters/the-host-2006")


def test_tmdbs_linked_poster_is_forgotten_with_its_other_data_after_six_months():
    then = timezone.now() - timedelta(days=200)
    run_import(Source.TMDB, listed([tmdb_film()]), progress=False, now=then)
    run(wikidata_film(poster=ImageRecord(COMMONS)), None)  # Wikidata's, linked: not TMDB's
    film = Film.objects.get()
    assert film.provenance.fields["poster"]["source"] == "tmdb"  # TMDB ranks first for links

    drop_expired(Source.TMDB)
    film.refresh_from_db()
    assert "poster" not in film.provenance.fields
