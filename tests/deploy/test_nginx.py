"""deploy/nginx/kcinema.conf, rendered by scripts/render-nginx-config and run: in front of a
stand-in upstream whose headers the test controls (what the page cache keeps, and what it must
not), and in front of a real `kcinema serve`. Skipped where nginx is not installed."""

import http.server
import shutil
import subprocess
import threading

import pytest

from tests.deploy.nginx import NGINX, RENDER, Nginx
from tests.deploy.processes import KCINEMA, Process, free_port, wait_for_http

pytestmark = pytest.mark.skipif(
    NGINX is None or shutil.which("openssl") is None or shutil.which("curl") is None,
    reason="needs nginx, openssl and curl",
)


class Upstream(http.server.ThreadingHTTPServer):
    """Answers like kcinema would, and counts what reaches it."""

    def __init__(self, port: int) -> None:
        self.hits: dict[str, int] = {}
        self.seen: list[dict[str, str]] = []
        super().__init__(("127.0.0.1", port), UpstreamHandler)


class UpstreamHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        server: Upstream = self.server
        server.hits[self.path] = server.hits.get(self.path, 0) + 1
        server.seen.append(dict(self.headers))
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if self.path.startswith("/public/"):
            self.send_header("Cache-Control", "public, max-age=0, s-maxage=60")
        elif self.path.startswith("/sets-cookie/"):
            self.send_header("Cache-Control", "public, max-age=0, s-maxage=60")
            self.send_header("Set-Cookie", "csrftoken=abc; Path=/")
        elif self.path.startswith("/private/"):
            self.send_header("Cache-Control", "private, max-age=0")
        body = f"<p>{self.path} #{server.hits[self.path]}</p>".encode()
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *arguments):
        pass


@pytest.fixture
def upstream():
    server = Upstream(free_port(8370, 8379))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def nginx_before_upstream(upstream, tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    nginx = Nginx(
        tmp_path / "nginx", f"127.0.0.1:{upstream.server_port}", static, tmp_path / "media"
    )
    wait_for_http(nginx.https_port)
    yield nginx, upstream
    nginx.stop()


def test_the_page_cache_keeps_what_a_shared_cache_may_keep_for_s_maxage(nginx_before_upstream):
    nginx, upstream = nginx_before_upstream
    first, body, version = nginx.get("/public/film/")
    second, again, _ = nginx.get("/public/film/")
    assert version == "2"
    assert (first["x-nginx-cache"], second["x-nginx-cache"]) == ("MISS", "HIT")
    assert body == again == "<p>/public/film/ #1</p>"
    assert upstream.hits["/public/film/"] == 1
    # The proxy headers kcinema trusts from its proxy.
    assert upstream.seen[0]["X-Forwarded-Proto"] == "https"
    assert upstream.seen[0]["X-Forwarded-For"] == "127.0.0.1"
    assert upstream.seen[0]["Host"] == f"localhost:{nginx.https_port}"


@pytest.mark.parametrize(
    "cookie",
    ["sessionid=abc", "kcinema_own_comments=1:signed", "theme=dark; messages=xyz"],
)
def test_a_visitor_with_a_session_or_a_pending_comment_gets_a_fresh_page(
    nginx_before_upstream, cookie
):
    nginx, _ = nginx_before_upstream
    nginx.get("/public/page/")
    headers, body, _ = nginx.get("/public/page/", "-H", f"Cookie: {cookie}")
    assert headers["x-nginx-cache"] == "BYPASS"
    assert body == "<p>/public/page/ #2</p>"
    # ...and what they got is not kept for the others.
    headers, body, _ = nginx.get("/public/page/")
    assert headers["x-nginx-cache"] == "HIT"
    assert body == "<p>/public/page/ #1</p>"


def test_an_unrelated_cookie_does_not_bypass_the_cache(nginx_before_upstream):
    nginx, _ = nginx_before_upstream
    nginx.get("/public/other/")
    headers, _, _ = nginx.get("/public/other/", "-H", "Cookie: csrftoken=abc; xsessionid=1")
    assert headers["x-nginx-cache"] == "HIT"


@pytest.mark.parametrize("path", ["/sets-cookie/", "/private/", "/no-header/"])
def test_responses_that_set_cookies_or_are_private_or_unmarked_are_never_kept(
    nginx_before_upstream, path
):
    nginx, upstream = nginx_before_upstream
    nginx.get(path)
    headers, _, _ = nginx.get(path)
    assert headers["x-nginx-cache"] == "MISS"
    assert upstream.hits[path] == 2


def test_plain_http_redirects_to_https(nginx_before_upstream):
    nginx, _ = nginx_before_upstream
    result = subprocess.run(  # noqa: S603
        ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}",  # noqa: S607
         f"http://localhost:{nginx.http_port}/films/x/?a=1"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert result.stdout == f"301 https://localhost:{nginx.https_port}/films/x/?a=1"


def test_the_sign_in_page_is_rate_limited(nginx_before_upstream):
    nginx, upstream = nginx_before_upstream
    statuses = [nginx.get("/admin/account/login/")[0][":status"] for _ in range(10)]
    # A burst of 6 beyond the one the rate allows at once; the rest are refused by nginx.
    assert statuses[:7] == ["200"] * 7
    assert "429" in statuses[7:]
    assert upstream.hits["/admin/account/login/"] == statuses.count("200")


def test_the_renderer_refuses_a_bad_host_and_relative_paths():
    bad = subprocess.run(  # noqa: S603
        [RENDER, "--host", "films.example.org; evil"], capture_output=True, text=True
    )
    assert bad.returncode != 0
    assert "is not a host name" in bad.stderr
    relative = subprocess.run(  # noqa: S603
        [RENDER, "--host", "films.example.org", "--static-root", "static"],
        capture_output=True,
        text=True,
    )
    assert "--static-root must be absolute" in relative.stderr
    workers = subprocess.run(  # noqa: S603
        [RENDER, "--host", "films.example.org", "--worker-processes", "2; evil"],
        capture_output=True,
        text=True,
    )
    assert "--worker-processes takes a number or auto" in workers.stderr


@pytest.mark.django_db(transaction=True)
def test_nginx_in_front_of_kcinema_serves_pages_static_files_and_caches_anonymous_pages(
    site_env, tmp_path
):
    port = free_port()
    public = tmp_path / "public"
    site_env |= {
        "KCINEMA_STATIC_ROOT": str(public / "static"),
        "KCINEMA_MEDIA_ROOT": str(public / "media"),
        "KCINEMA_TRUSTED_PROXIES": "127.0.0.1",
        "KCINEMA_HTTPS": "1",
        "ALLOWED_HOSTS": "localhost",
        "KCINEMA_WORKER": "0",
    }
    server = Process([*KCINEMA, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"], site_env)
    nginx = None
    try:
        wait_for_http(port)
        nginx = Nginx(tmp_path / "nginx", f"127.0.0.1:{port}", public / "static", public / "media")
        wait_for_http(nginx.https_port)
        headers, page, version = nginx.get("/")
        assert headers[":status"] == "200", page
        assert version == "2"
        # kcinema saw https through its trusted proxy: HSTS (sent only on secure requests).
        assert "max-age=" in headers.get("strict-transport-security", "")
        stylesheet = next(
            part.split('"')[0] for part in page.split('href="/static/')[1:] if ".css" in part
        )
        static, css, _ = nginx.get(f"/static/{stylesheet}")
        assert static[":status"] == "200"
        assert static["cache-control"] == "public, max-age=31536000, immutable"
        assert css == (public / "static" / stylesheet).read_text()
        assert not server.said("GET /static/")  # from disk, by nginx
        assert server.said(r'^127\.0\.0\.1 - - \[.*\] "GET / HTTP/1\.1" 200')
        cache_control = headers.get("cache-control", "")
        if "s-maxage" not in cache_control:
            pytest.skip(
                f"kcinema's pages do not carry s-maxage yet (Cache-Control: {cache_control!r})"
            )
        again, _, _ = nginx.get("/")
        assert again["x-nginx-cache"] == "HIT"
    finally:
        if nginx:
            nginx.stop()
        server.stop()
