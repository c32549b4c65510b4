"""nginx for the site benchmark, with the deployment guide's own configuration
(deploy/nginx/kcinema.conf, rendered by scripts/render-nginx-config --standalone, as
tests/deploy does), run as an ordinary user from a scratch directory: TLS with a certificate the
run makes, HTTP/2 offered, the page cache in front of kcinema, static files from disk.

Through that one nginx, in the same run, the bench measures a static file (the film page's
bytes, from the guide's /static/ location) and the cached film page. wrk speaks HTTPS but only
HTTP/1.1 (it offers no ALPN), so both are measured over TLS with HTTP/1.1 keep-alive
connections: the TLS configuration is what is measured, HTTP/2 is not."""

import os
import pwd
import shutil
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
RENDER_SCRIPT = ROOT / "scripts" / "render-nginx-config"
DEPLOY_CONFIG = ROOT / "deploy" / "nginx" / "kcinema.conf"
LABEL = "deployment guide's config (deploy/nginx/kcinema.conf), HTTPS, HTTP/1.1"
HOST = "127.0.0.1"
STATIC_FILE = "film.html"
START_LIMIT = 15  # seconds


@dataclass(frozen=True)
class Front:
    """The guide's nginx as the bench reaches it."""

    base: str  # https://127.0.0.1:PORT
    context: ssl.SSLContext  # trusts the run's own certificate
    static_path: str  # the static file, through the guide's /static/ location


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, valid a day, and its key: an ECDSA P-256 key,
    the kind certbot makes by default since its 2.0 (Debian 12 ships 2.1)."""
    certificate, key = directory / "bench.crt", directory / "bench.key"
    command = [
        "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-nodes", "-days", "1", "-keyout", str(key), "-out", str(certificate),
        "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=IP:{HOST}",
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603 - our own command line
    return certificate, key


def render_command(
    prefix: Path, upstream: str, https_port: int, http_port: int, certificate: tuple[Path, Path]
) -> list[str]:
    """scripts/render-nginx-config for loopback, everything it writes kept under `prefix`;
    worker_processes auto, as Debian's own nginx.conf has it."""
    command = [
        sys.executable, str(RENDER_SCRIPT), "--host", HOST, "--app", upstream,
        "--static-root", str(prefix / "static"), "--media-root", str(prefix / "media"),
        "--cache-dir", str(prefix / "cache"), "--acme-root", str(prefix / "acme"),
        "--certificate", str(certificate[0]), "--certificate-key", str(certificate[1]),
        "--http-listen", f"{HOST}:{http_port}", "--https-listen", f"{HOST}:{https_port}",
        "--standalone", str(prefix), "--output", str(prefix / "nginx.conf"),
        "--worker-processes", "auto",
    ]  # fmt: skip
    if os.geteuid() == 0:
        # Started by root, nginx's workers would become "nobody" and could not read the private
        # scratch directory; they keep the caller's account instead.
        command += ["--user", pwd.getpwuid(os.geteuid()).pw_name]
    return command


@contextmanager
def in_front(
    prefix: Path, upstream: str, https_port: int, http_port: int, static_bytes: bytes
) -> Iterator[Front]:
    """The guide's nginx in front of `upstream` (host:port) until the block ends, serving
    `static_bytes` as a static file."""
    if not shutil.which("nginx"):
        raise SystemExit("nginx is needed (sudo apt-get install nginx), or use --no-nginx")
    (prefix / "static").mkdir(parents=True, exist_ok=True)
    (prefix / "static" / STATIC_FILE).write_bytes(static_bytes)
    certificate = make_certificate(prefix)
    rendered = subprocess.run(  # noqa: S603 - our own command line
        render_command(prefix, upstream, https_port, http_port, certificate),
        capture_output=True,
        text=True,
        check=False,
    )
    if rendered.returncode != 0:
        raise SystemExit(f"scripts/render-nginx-config refused: {rendered.stderr.strip()}")
    context = ssl.create_default_context(cafile=str(certificate[0]))
    front = Front(f"https://{HOST}:{https_port}", context, f"/static/{STATIC_FILE}")
    with running(prefix, prefix / "nginx.conf", front):
        yield front


@contextmanager
def running(prefix: Path, config: Path, front: Front) -> Iterator[None]:
    """nginx with `config` until the block ends, once it serves the static file."""
    arguments = ["nginx", "-p", str(prefix), "-c", str(config), "-e", str(prefix / "error.log")]
    subprocess.run([*arguments, "-t", "-q"], check=True)  # noqa: S603 - our own command line
    server = subprocess.Popen([*arguments, "-g", "daemon off;"])  # noqa: S603
    try:
        deadline = time.monotonic() + START_LIMIT
        while True:
            if server.poll() is not None:
                raise SystemExit(f"nginx stopped (exit {server.returncode}); see {prefix}")
            try:
                url = front.base + front.static_path
                urllib.request.urlopen(url, timeout=2, context=front.context).close()  # noqa: S310
                break
            except urllib.error.HTTPError as error:
                raise SystemExit(f"nginx answered {error.code} for {url}; see {prefix}") from None
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    message = f"nginx did not answer on {front.base}; see {prefix}"
                    raise SystemExit(message) from None
                time.sleep(0.2)
        yield
    finally:
        server.terminate()  # SIGTERM: fast shutdown of the master and its workers
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
