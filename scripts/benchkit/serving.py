"""Servers for the benchmarks (make bench, make bench-search): `kcinema serve` or any command
started on 127.0.0.1 in its own process group, waited for, and always stopped; and the GET of a
simulated visitor."""

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
KCINEMA = Path(sys.executable).parent / "kcinema"
HOST = "127.0.0.1"
SERVER_START_LIMIT = 180  # seconds; `kcinema serve` migrates and collects static files first


def serving(environment: dict[str, str], log: Path, port: int):
    """`kcinema serve` on 127.0.0.1:port until the block ends."""
    command = [str(KCINEMA), "serve", "--bind", f"{HOST}:{port}"]
    return started(command, environment, log, port)


@contextmanager
def started(
    command: list[str], environment: dict[str, str], log_path: Path, port: int
) -> Iterator[tuple[str, subprocess.Popen]]:
    if port_is_open(port):
        raise SystemExit(f"127.0.0.1:{port} is already in use: choose others with --port")
    base = f"http://{HOST}:{port}"
    with log_path.open("w") as log:
        server = subprocess.Popen(  # noqa: S603 - our own command line
            command,
            env=environment,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its workers share its process group, stopped together
        )
        try:
            wait_until_serving(server, base + "/", log_path)
            yield base, server
        finally:
            stop(server)


def port_is_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((HOST, port)) == 0


def wait_until_serving(server: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_LIMIT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server stopped (exit {server.returncode}); see {log.read_text()}")
        try:
            fetch(url)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer within {SERVER_START_LIMIT} s")


def stop(server: subprocess.Popen) -> None:
    """SIGTERM to gunicorn's master (it stops its workers), SIGKILL to its group if it hangs."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def fetch(
    url: str, headers: dict[str, str] | None = None, context: ssl.SSLContext | None = None
) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body as sent) of a GET from a simulated visitor."""
    request = urllib.request.Request(  # noqa: S310 - our own servers on 127.0.0.1
        url, headers={"X-Forwarded-For": "10.254.0.1", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30, context=context) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
