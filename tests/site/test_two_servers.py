"""The page cache end to end on two real app servers (`kcinema serve`) sharing one PostgreSQL
database and one Redis: a page kept by one is served by the other, and an editor's change made
through the catalogue's write functions reaches both at their next request, in English and in
Korean. Runs when the suite runs on PostgreSQL and Redis (DATABASE_URL, REDIS_URL); the
servers get a database of their own, created and dropped here, and a key prefix of their own."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.two_servers,
    pytest.mark.skipif(
        not (DATABASE_URL.startswith(("postgres://", "postgresql://")) and REDIS_URL),
        reason="two servers need PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)",
    ),
]

PORTS = range(8200, 8300)  # the range this part of the work may serve on
KCINEMA = Path(sys.executable).with_name("kcinema")
START_SECONDS = 180
SLUG = "two-servers-2013"

CREATE = """
from django.db import transaction
from catalog.editing import films_changed, save_film, save_genre
from catalog.models import Film
with transaction.atomic():
    drama = save_genre(slug="drama", name="Drama", name_ko="드라마")
    film = Film(title="Two Servers", original_title="두 서버", year=2013, runtime=100,
                countries="KR", languages="ko", published=True, slug="two-servers-2013",
                synopsis="One page, two servers.", synopsis_ko="한 페이지, 두 서버.")
    save_film(film, genres=[drama])
    films_changed([film.pk])
"""
EDIT = """
from django.db import transaction
from catalog.editing import films_changed, save_film
from catalog.models import Film
with transaction.atomic():
    film = Film.objects.get(slug="two-servers-2013")
    film.title, film.original_title = "Two Servers Edited", "두 서버 고침"
    save_film(film, genres=film.genres.all())
    films_changed([film.pk])
"""


def free_ports(count: int) -> list[int]:
    found = []
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    pytest.skip(f"no {count} free ports in {PORTS}")


def admin_connection(database_url: str):
    import psycopg

    parts = urlsplit(database_url)
    return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)


@pytest.fixture
def site(tmp_path):
    """The environment both servers (and the editor's scripts) share."""
    name = f"kcinema_two_servers_{secrets.token_hex(4)}"
    prefix = f"two-servers-{secrets.token_hex(4)}"
    with admin_connection(DATABASE_URL) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    environment = {
        **os.environ,
        "DATABASE_URL": urlunsplit(urlsplit(DATABASE_URL)._replace(path=f"/{name}")),
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "KCINEMA_DATA_DIR": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(40),
        "KCINEMA_WORKER": "0",
        "WEB_CONCURRENCY": "1",
        "KCINEMA_PAGE_CACHE_SECONDS": "600",
    }
    environment.pop("CACHE_URL", None)
    yield environment
    with admin_connection(DATABASE_URL) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def run(environment: dict, code: str) -> None:
    subprocess.run(  # noqa: S603 - our own command, with our own arguments
        [str(KCINEMA), "manage", "shell", "-c", code],
        env=environment,
        check=True,
        timeout=120,
        capture_output=True,
    )


def get(url: str) -> tuple[int, dict, str]:
    """As a load balancer in front of both servers asks: for the site's one host name (links
    on a page are absolute, so the page cache keeps each host's pages apart)."""
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - loopback
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def wait_until_serving(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server stopped: {server.stdout.read()[-2000:]}")
        try:
            if get(base + "/robots.txt")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{base} did not answer within {START_SECONDS} s")


@pytest.fixture
def servers(site, tmp_path):
    """Two `kcinema serve` processes, started one after the other (each migrates first)."""
    started = []
    bases = []
    try:
        for port in free_ports(2):
            log = (tmp_path / f"server-{port}.log").open("w+")
            server = subprocess.Popen(  # noqa: S603
                [str(KCINEMA), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                env=site,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its workers stop with it
                text=True,
            )
            server.stdout = log
            started.append(server)
            base = f"http://127.0.0.1:{port}"
            wait_until_serving(base, server)
            bases.append(base)
        yield bases
    finally:
        for server in started:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
        for server in started:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


def test_an_edit_reaches_the_kept_pages_of_both_servers(site, servers):
    first, second = servers
    run(site, CREATE)
    for language, title in [("", "Two Servers"), ("/ko", "두 서버")]:
        address = f"{language}/films/{SLUG}/"
        status, headers, html = get(first + address)
        assert status == 200 and title in html
        assert headers["X-Kcinema-Cache"] == "miss"
        # The other server has it from the shared cache, and so does the first, again.
        for base in (second, first):
            status, headers, again = get(base + address)
            assert (status, headers["X-Kcinema-Cache"]) == (200, "hit"), base
            assert again == html

    run(site, EDIT)  # an editor's change, committed, from a third process

    for language, title in [("", "Two Servers Edited"), ("/ko", "두 서버 고침")]:
        address = f"{language}/films/{SLUG}/"
        for base in (second, first):
            status, headers, html = get(base + address)
            assert status == 200 and title in html, (base, address)
        assert headers["X-Kcinema-Cache"] == "hit"  # made anew once, by the second server
