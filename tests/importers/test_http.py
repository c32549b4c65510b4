"""importers.http.SourceClient.get_bytes: images through the one client, with its limits,
retries and response cache, on httpx.MockTransport (no network)."""

import httpx
import pytest

from importers.http import SourceClient, SourceError, TooLarge

URL = "https://upload.example.org/poster.png"


class Host:
    """Answers every request with the next of `answers` (the last one again when they run
    out), keeping each request."""

    def __init__(self, *answers: httpx.Response) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def client(host: Host, cache_dir=None) -> SourceClient:
    return SourceClient(
        "images",
        cache_dir=cache_dir,
        transport=httpx.MockTransport(host),
        sleep=lambda seconds: None,
    )


def test_bytes_are_cached_by_address_so_a_re_run_asks_nothing(tmp_path):
    host = Host(httpx.Response(200, content=b"\x89PNG..."))
    assert client(host, tmp_path).get_bytes(URL, max_bytes=100) == b"\x89PNG..."
    assert client(host, tmp_path).get_bytes(URL, max_bytes=100) == b"\x89PNG..."
    assert len(host.requests) == 1
    assert host.requests[0].headers["Accept"] == "image/*"


def test_an_answer_over_the_limit_is_refused_and_not_cached(tmp_path):
    host = Host(httpx.Response(200, content=b"x" * 101))
    with pytest.raises(TooLarge, match="larger than"):
        client(host, tmp_path).get_bytes(URL, max_bytes=100)
    assert not list(tmp_path.rglob("*.bin"))


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_read():
    def endless():
        yield b"x" * 50
        raise AssertionError("the body was read")

    host = Host(httpx.Response(200, headers={"Content-Length": "5000"}, content=endless()))
    with pytest.raises(TooLarge):
        client(host).get_bytes(URL, max_bytes=100)


def test_a_server_error_is_retried_and_a_missing_file_is_not():
    host = Host(httpx.Response(503), httpx.Response(200, content=b"image"))
    assert client(host).get_bytes(URL, max_bytes=100) == b"image"
    assert len(host.requests) == 2

    missing = Host(httpx.Response(404, content=b"Not found"))
    with pytest.raises(SourceError) as error:
        client(missing).get_bytes(URL, max_bytes=100)
    assert (error.value.status, len(missing.requests)) == (404, 1)


def test_an_address_keeps_its_own_query():
    host = Host(httpx.Response(200, content=b"image"))
    client(host).get_bytes(f"{URL}?width=960", max_bytes=100)
    assert str(host.requests[0].url) == f"{URL}?width=960"
