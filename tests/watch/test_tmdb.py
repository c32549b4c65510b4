"""Offers from TMDB's watch providers, read from recorded answers in TMDB's format: never the
real host."""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import FilmFactory, OfferFactory
from watch.management.commands import import_tmdb_offers as command
from watch.models import Offer
from watch.tmdb import HTTPTMDBClient, TMDBError, import_tmdb_offers

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
TMDB_ID = 1000001
KR_PAGE = "https://www.themoviedb.org/movie/1000001-test-film/watch?locale=KR"


def answer(name: str = "tmdb_watch_providers.json") -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class RecordedTMDB:
    """Answers from fixture files, by TMDB id; an exception stands for a failed request."""

    def __init__(self, answers: dict):
        self.answers, self.asked = answers, []

    def movie_watch_providers(self, tmdb_id: int):
        self.asked.append(tmdb_id)
        found = self.answers.get(tmdb_id)
        if isinstance(found, Exception):
            raise found
        return found


def offers_of(film) -> set[tuple[str, str, str, str]]:
    return set(film.offers.values_list("service", "country", "kind", "source"))


def test_import_creates_the_offers_tmdb_lists_for_our_services_and_countries():
    film = FilmFactory(tmdb_id=TMDB_ID)
    report = import_tmdb_offers([film], RecordedTMDB({TMDB_ID: answer()}))
    assert offers_of(film) == {
        ("wavve", "KR", "stream", "tmdb"),
        ("watcha", "KR", "stream", "tmdb"),
        ("google_play", "KR", "rent", "tmdb"),
        ("naver_series_on", "KR", "rent", "tmdb"),
        ("google_play", "KR", "buy", "tmdb"),
        ("apple_tv", "KR", "buy", "tmdb"),
        ("netflix", "US", "stream", "tmdb"),
        ("youtube", "US", "free_ads", "tmdb"),
    }
    assert report.created == 8 and report.films == 1
    # TMDB gives its own page per country, not the services' deep links.
    assert set(film.offers.filter(country="KR").values_list("link", flat=True)) == {KR_PAGE}


def test_unknown_providers_and_countries_are_skipped_and_counted():
    film = FilmFactory(tmdb_id=TMDB_ID)
    report = import_tmdb_offers([film], RecordedTMDB({TMDB_ID: answer()}))
    assert report.skipped_providers == {"TVING": 1, "Amazon Video": 1}
    assert report.skipped_countries == {"AR": 1}


def test_running_again_changes_nothing():
    film = FilmFactory(tmdb_id=TMDB_ID)
    tmdb = RecordedTMDB({TMDB_ID: answer()})
    import_tmdb_offers([film], tmdb)
    before = list(film.offers.order_by("pk").values("pk", "link", "updated_at"))
    report = import_tmdb_offers([film], tmdb)
    assert (report.created, report.updated, report.removed) == (0, 0, 0)
    assert list(film.offers.order_by("pk").values("pk", "link", "updated_at")) == before


def test_a_later_answer_updates_and_removes_what_tmdb_no_longer_lists():
    film = FilmFactory(tmdb_id=TMDB_ID)
    import_tmdb_offers([film], RecordedTMDB({TMDB_ID: answer()}))
    report = import_tmdb_offers(
        [film], RecordedTMDB({TMDB_ID: answer("tmdb_watch_providers_later.json")})
    )
    assert offers_of(film) == {
        ("wavve", "KR", "rent", "tmdb"),
        ("google_play", "KR", "rent", "tmdb"),
        ("naver_series_on", "KR", "rent", "tmdb"),
        ("google_play", "KR", "buy", "tmdb"),
        ("apple_tv", "KR", "buy", "tmdb"),
    }
    assert (report.created, report.removed) == (1, 4)


def test_editor_offers_are_never_touched():
    film = FilmFactory(tmdb_id=TMDB_ID)
    # The same service, country and kind as one TMDB lists, and one TMDB does not list.
    same = OfferFactory(film=film, service="wavve", link="https://www.wavve.com/m/1")
    other = OfferFactory(film=film, service="tving", link="https://www.tving.com/m/1")
    first = import_tmdb_offers([film], RecordedTMDB({TMDB_ID: answer()}))
    assert first.kept_for_editor == 1 and first.created == 7
    import_tmdb_offers([film], RecordedTMDB({TMDB_ID: answer("tmdb_watch_providers_later.json")}))
    for offer in (same, other):
        fresh = Offer.objects.get(pk=offer.pk)
        assert (fresh.source, fresh.link, fresh.updated_at) == (
            "editor",
            offer.link,
            offer.updated_at,
        )


def test_a_film_tmdb_does_not_know_or_a_failed_request_leaves_its_offers_alone():
    missing, failing = FilmFactory(tmdb_id=1), FilmFactory(tmdb_id=2)
    kept = OfferFactory(film=failing, source=Offer.Source.TMDB, link=KR_PAGE)
    report = import_tmdb_offers(
        [missing, failing], RecordedTMDB({1: None, 2: TMDBError("TMDB answered 503")})
    )
    assert report.not_on_tmdb == [missing.slug]
    assert report.failed == {failing.slug: "TMDB answered 503"}
    assert Offer.objects.filter(pk=kept.pk).exists()


@pytest.mark.parametrize(
    "garbage",
    [
        {},
        {"results": []},
        {"results": {"KR": "x"}},
        {"results": {"KR": {"flatrate": "x"}}},
        {"results": {"KR": {"link": "http://evil.example/", "flatrate": [{"provider_id": 8}]}}},
        {"results": {"KR": {"link": KR_PAGE, "flatrate": [None, {"provider_id": "8"}]}}},
    ],
)
def test_an_answer_of_another_shape_adds_nothing_and_breaks_nothing(garbage):
    film = FilmFactory(tmdb_id=TMDB_ID)
    import_tmdb_offers([film], RecordedTMDB({TMDB_ID: garbage}))
    assert not film.offers.exists()


def test_imported_offers_show_with_the_justwatch_credit(client):
    film = FilmFactory(tmdb_id=TMDB_ID)
    import_tmdb_offers([film], RecordedTMDB({TMDB_ID: answer()}))
    html = client.get(film.get_absolute_url()).text
    section = html.split('id="where-to-watch"', 1)[1].split("</section>", 1)[0]
    assert f'href="{KR_PAGE}"' in section
    assert 'Source: <a href="https://www.justwatch.com/"' in section


def test_the_justwatch_credit_shows_only_beside_imported_offers(client):
    film = FilmFactory(tmdb_id=TMDB_ID)
    OfferFactory(film=film)
    OfferFactory(film=film, country="US", source=Offer.Source.TMDB, link=KR_PAGE)
    assert "justwatch.com" not in client.get(film.get_absolute_url()).text
    assert "justwatch.com" in client.get(film.get_absolute_url(), {"country": "US"}).text


# --- the command ------------------------------------------------------------------------------


def test_command_imports_one_film_by_slug(settings, monkeypatch):
    settings.TMDB_API_KEY = "test-key"
    film, other = FilmFactory(tmdb_id=TMDB_ID), FilmFactory(tmdb_id=7)
    tmdb = RecordedTMDB({TMDB_ID: answer()})
    monkeypatch.setattr(command.Command, "client", lambda self: tmdb)
    out = io.StringIO()
    call_command("import_tmdb_offers", "--film", film.slug, stdout=out)
    assert tmdb.asked == [TMDB_ID]
    assert film.offers.count() == 8 and not other.offers.exists()
    assert "offers created 8" in out.getvalue()
    assert "Skipped 2 offers of unknown services: TVING (1), Amazon Video (1)" in out.getvalue()


def test_command_without_an_api_key_says_what_to_set(settings):
    settings.TMDB_API_KEY = ""
    with pytest.raises(CommandError, match="TMDB_API_KEY"):
        call_command("import_tmdb_offers")


def test_command_with_an_unknown_slug_says_so(settings):
    settings.TMDB_API_KEY = "test-key"
    with pytest.raises(CommandError, match="No film with the slug"):
        call_command("import_tmdb_offers", "--film", "no-such-film")


def test_kcinema_offers_tmdb_runs_the_import_command(monkeypatch):
    from kcinema import cli

    ran = []
    monkeypatch.setattr(cli, "_django", lambda *arguments: ran.append(arguments))
    monkeypatch.setattr("django.setup", lambda: None)
    cli.main(["offers", "tmdb", "--film", "parasite-2019"])
    assert ran == [("import_tmdb_offers", "--film", "parasite-2019")]


# --- the HTTP client, against a local stand-in ------------------------------------------------


class TMDBHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append((self.path, self.headers.get("Authorization")))
        status, body = (200, json.dumps(answer()).encode())
        if "/movie/404/" in self.path:
            status, body = 404, b'{"success": false, "status_code": 34}'
        elif "/movie/500/" in self.path:
            status, body = 500, b"oops"
        elif "/movie/666/" in self.path:
            body = b"<html>not json</html>"
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_tmdb():
    server = ThreadingHTTPServer(("127.0.0.1", 0), TMDBHandler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_http_client_reads_the_answer_and_sends_the_key(local_tmdb):
    origin = f"http://127.0.0.1:{local_tmdb.server_port}/3"
    client = HTTPTMDBClient("v3key", origin=origin, timeout=5)
    assert client.movie_watch_providers(TMDB_ID)["id"] == TMDB_ID
    assert local_tmdb.requests[-1] == (f"/3/movie/{TMDB_ID}/watch/providers?api_key=v3key", None)
    HTTPTMDBClient("eyJtoken", origin=origin, timeout=5).movie_watch_providers(TMDB_ID)
    assert local_tmdb.requests[-1] == (f"/3/movie/{TMDB_ID}/watch/providers", "Bearer eyJtoken")


def test_http_client_tells_a_missing_film_from_a_failure(local_tmdb):
    client = HTTPTMDBClient("k", origin=f"http://127.0.0.1:{local_tmdb.server_port}/3", timeout=5)
    assert client.movie_watch_providers(404) is None
    with pytest.raises(TMDBError, match="500"):
        client.movie_watch_providers(500)
    with pytest.raises(TMDBError, match="not JSON"):
        client.movie_watch_providers(666)
