"""`kcinema serve` in production: a graceful stop, the access log, the worker count and whom
gunicorn believes; a real server on loopback."""

import os
import re
import signal
import socket
import subprocess
import time

import pytest

from kcinema import cli
from tests.deploy.processes import KCINEMA, PATIENCE, Process, free_port, wait_for_http

pytestmark = pytest.mark.django_db(transaction=True)

# Combined Log Format: host ident user [time] "request" status bytes "referer" "user agent"
COMBINED = re.compile(
    r'^(?P<host>\S+) - - \[[^\]]+\] "(?P<request>[^"]*)" (?P<status>\d{3}) (?P<bytes>\d+|-) '
    r'"(?P<referer>[^"]*)" "(?P<agent>[^"]*)"$'
)


def _accept_queue_is_empty(port: int) -> bool:
    """The listening socket's Recv-Q: connections the kernel holds that no worker accepted."""
    lines = subprocess.run(  # noqa: S603
        ["ss", "-ltnH", f"sport = :{port}"],  # noqa: S607 - the system's ss
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return bool(lines) and lines[1] == "0"


def test_sigterm_lets_the_request_in_flight_finish_then_stops_the_worker(site_env):
    port = free_port()
    server = Process([*KCINEMA, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"], site_env)
    try:
        worker = int(server.wait_for(r"kcinema worker: running \(pid (\d+)\)")[1])
        wait_for_http(port)
        with socket.create_connection(("127.0.0.1", port), timeout=PATIENCE) as visitor:
            # Half a request: the web worker has accepted it and is reading it when the stop comes.
            visitor.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            deadline = time.monotonic() + PATIENCE
            while not _accept_queue_is_empty(port):
                assert time.monotonic() < deadline, "the worker never accepted the connection"
                time.sleep(0.1)
            before = len(server.lines)
            server.popen.send_signal(signal.SIGTERM)
            server.wait_for(r"Handling signal: term", after=before)
            visitor.sendall(b"Connection: close\r\n\r\n")
            response = b""
            while chunk := visitor.recv(65536):
                response += chunk
        assert response.startswith(b"HTTP/1.1 200 ")
        assert response.rstrip().endswith(b"</html>")
        assert server.popen.wait(timeout=PATIENCE) == 0
        assert server.said(r"Shutting down: Master")
        with pytest.raises(ProcessLookupError):  # the server stopped its worker before exiting
            os.kill(worker, 0)
    finally:
        server.stop()


def test_the_access_log_is_combined_with_the_visitor_address_through_a_trusted_proxy(site_env):
    port = free_port()
    site_env |= {"KCINEMA_TRUSTED_PROXIES": "127.0.0.1", "KCINEMA_WORKER": "0"}
    server = Process([*KCINEMA, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"], site_env)
    try:
        wait_for_http(port)
        server.wait_for(r"Booting worker")
        forwarded = "Connection: close\r\nX-Forwarded-For: 198.51.100.7, 203.0.113.9\r\n"
        with socket.create_connection(("127.0.0.1", port), timeout=PATIENCE) as visitor:
            visitor.sendall(
                f"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: probe/1.0\r\n"
                f"Referer: https://example.org/\r\n{forwarded}\r\n".encode()
            )
            while visitor.recv(65536):
                pass
        line = server.wait_for(r'"GET /robots.txt HTTP/1.1"').string
        entry = COMBINED.match(line)
        assert entry, line
        # The nearest address nginx (the trusted 127.0.0.1) did not add itself is the visitor's.
        assert entry["host"] == "203.0.113.9"
        assert (entry["status"], entry["referer"], entry["agent"]) == (
            "200",
            "https://example.org/",
            "probe/1.0",
        )
    finally:
        server.stop()


def test_without_trusted_proxies_the_log_names_the_peer_whatever_the_header_says(site_env):
    port = free_port()
    site_env |= {"KCINEMA_TRUSTED_PROXIES": "", "KCINEMA_WORKER": "0"}
    server = Process([*KCINEMA, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"], site_env)
    try:
        wait_for_http(port)
        server.wait_for(r"Booting worker")
        with socket.create_connection(("127.0.0.1", port), timeout=PATIENCE) as visitor:
            visitor.sendall(
                b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                b"X-Forwarded-For: 203.0.113.9\r\n\r\n"
            )
            while visitor.recv(65536):
                pass
        line = server.wait_for(r'"GET /robots.txt HTTP/1.1"').string
        assert COMBINED.match(line)["host"] == "127.0.0.1"
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("trusted", "explicit", "expected"),
    [
        ("", "", "127.0.0.1,::1"),
        ("1", "", "*"),
        ("127.0.0.1, 10.1.2.3/8", "", "127.0.0.1/32,10.0.0.0/8"),
        ("1", "192.0.2.1", "192.0.2.1"),
    ],
)
def test_gunicorn_believes_the_proxies_kcinema_trusts(
    settings, monkeypatch, trusted, explicit, expected
):
    settings.KCINEMA_TRUSTED_PROXIES = trusted
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", explicit)
    assert cli.forwarded_allow_ips() == expected


def test_web_concurrency_sets_the_worker_count_and_bad_values_are_refused(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert cli.web_workers() == 3
    monkeypatch.setenv("WEB_CONCURRENCY", "many")
    with pytest.raises(ValueError, match="WEB_CONCURRENCY must be a whole number"):
        cli.web_workers()
    monkeypatch.delenv("WEB_CONCURRENCY")
    assert 3 <= cli.web_workers() <= 8
