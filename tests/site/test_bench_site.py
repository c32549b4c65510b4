"""`make bench`'s pure parts (scripts/benchkit): wrk's Lua script and the parsing of its report,
the table against the targets, the bare Django page, worker memory from /proc. No wrk, no timing."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from benchkit import nginx, report, run, wrk  # noqa: E402 - from scripts/, on the path above
from benchkit.paths import spread  # noqa: E402

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8500
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     9.12ms    3.01ms  61.00ms   80.00%
  4000 requests in 10.00s, 64.00MB read
Requests/sec:    400.00
RESULT 4000 10000000 3 1 8000 12000 30000 45000 61000 9120 67108864
"""


def served(rate: float, p99: float = 10.0, **extra) -> dict:
    return {"requests_per_second": rate, "p50_ms": 5.0, "p99_ms": p99, "non_2xx": 0,
            "socket_errors": 0, "distinct_paths": 50, **extra}  # fmt: skip


def test_wrk_result_line_is_read():
    figures = wrk.parse_result(WRK_OUTPUT)
    assert figures["requests"] == 4000
    assert figures["requests_per_second"] == pytest.approx(400.0)
    assert figures["non_2xx"] == 3
    assert figures["socket_errors"] == 1
    assert (figures["p50_ms"], figures["p90_ms"], figures["p95_ms"]) == (8.0, 12.0, 30.0)
    assert figures["p99_ms"] == 45.0
    assert figures["mean_bytes"] == pytest.approx(67108864 / 4000)


@pytest.mark.parametrize(
    "output",
    ["Requests/sec: 400.00\n", "RESULT 4000 10000000 3\n", "RESULT 1 0 0 0 0 0 0 0 0 0 0\n"],
)
def test_wrk_output_without_figures_is_refused(output):
    with pytest.raises(ValueError):
        wrk.parse_result(output)


def test_lua_script_rotates_through_every_path_from_each_threads_own_start():
    paths = ["/films/a-2001/", "/search/?q=%EC%98%81%ED%99%94", "/"]
    script = wrk.lua_script(paths, headers={"Accept-Encoding": "gzip"})
    for path in paths:
        assert f'  "{path}"' in script
    assert f"threads * {wrk.THREAD_STRIDE}" in script
    assert "counter = counter % #paths + 1" in script
    assert 'headers["Accept-Encoding"] = "gzip"' in script
    assert 'headers["X-Forwarded-For"]' in script
    # The fields parse_result reads.
    assert '"RESULT' + " %d" * wrk.RESULT_FIELDS + '\\n"' in script
    # Balanced braces: a table, a function or a string left open would stop wrk.
    assert script.count("{") == script.count("}")
    assert script.count("function ") == script.count("\nend")


@pytest.mark.parametrize("path", ['/films/"a"/', "films/", "/a\nb", ""])
def test_lua_script_refuses_what_would_break_it(path):
    with pytest.raises(ValueError):
        wrk.lua_script([path] if path else [])


def test_table_shows_each_figure_beside_its_target():
    catalogue = {
        "name": "SQLite, 100,000 films",
        "films": 100_000,
        "bare": served(800.0),
        "pages": {
            "film-uncached": served(450.0, p99=40.0),
            "home-uncached": served(300.0),
            "search-uncached": served(100.0),
            "film-cached": served(2500.0, cache_header="hit"),
        },
        "nginx_static": served(20_000.0),
        "nginx_front": served(17_000.0, label="deployment guide's config"),
        "rss": {"workers": 5, "max_mb": 160.0, "sum_mb": 700.0, "max_file_mb": 90.0},
        "sizes": {
            "HTML": {"identity": 40_000, "gzip": 9_000, "br": 8_000},
            "CSS": {"identity": 20_000, "gzip": 5_000, "br": None},
        },
    }
    lines = report.table([catalogue]).splitlines()
    assert lines[0] == report.HEADER
    rows = {line.split(" | ")[1]: line for line in lines[2:]}
    assert "0.56×" in rows["film uncached"] and rows["film uncached"].endswith("| yes |")
    assert rows["home uncached"].endswith("| **no** |")
    assert rows["search uncached"].endswith("|  |")  # no target
    assert "X-Kcinema-Cache: hit" in rows["film cached"]
    assert "0.85× static" in rows["film cached through nginx"]
    assert rows["film cached through nginx"].endswith("| yes |")
    assert rows["worker RSS after the run"].endswith("| **no** |")
    assert "max 160 MB (90 MB of it file pages)" in rows["worker RSS after the run"]
    size = rows["film page size with its CSS and JS"]
    assert "br —" in size and "(served: 12.7 KB)" in size and size.endswith("| yes |")


def test_film_page_below_half_the_bare_page_misses_its_target():
    target, met = report.page_target("film", "uncached", served(450.0, p99=40.0), 1000.0)
    assert "0.45×" in target and met is False
    assert report.page_target("film", "uncached", served(450.0, p99=60.0), None)[1] is False
    assert report.page_target("genre", "cached", served(1999.0), 1000.0) == ("≥ 2,000 req/s", False)


def test_smaller_catalogues_get_their_verdicts_in_brackets():
    rows = report.catalogue_rows(
        {"name": "SQLite, 1,000 films", "films": 1000, "pages": {"home-uncached": served(300.0)}}
    )
    assert rows[-1].endswith("| (**no**) |")


def test_spread_samples_the_whole_catalogue():
    assert spread(list(range(10)), 20) == list(range(10))
    assert spread(list(range(100)), 4) == [0, 25, 50, 75]


def test_worker_memory_counts_the_masters_children():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        memory = run.worker_memory(os.getpid())
    finally:
        child.kill()
        child.wait()
    assert memory["workers"] >= 1
    assert 0 < memory["max_mb"] <= memory["sum_mb"]
    assert 0 < memory["max_file_mb"] < memory["max_mb"]  # Python's own code is a mapped file


def test_nginx_runs_the_deployment_guides_config_from_its_scratch_directory(tmp_path):
    certificate = (tmp_path / "bench.crt", tmp_path / "bench.key")
    command = nginx.render_command(tmp_path, "127.0.0.1:8500", 8502, 8503, certificate)
    subprocess.run(command, check=True)  # noqa: S603 - our own command line
    config = (tmp_path / "nginx.conf").read_text()
    # The guide's own server: TLS with HTTP/2 offered, its page cache, kcinema behind it.
    assert "listen 127.0.0.1:8502 ssl http2;" in config
    assert "listen 127.0.0.1:8503;" in config
    assert f"ssl_certificate {tmp_path}/bench.crt;" in config
    assert "proxy_cache kcinema_pages;" in config and "server 127.0.0.1:8500;" in config
    assert "worker_processes auto;" in config
    # Everything nginx writes or reads, but Debian's mime.types, is in the scratch directory.
    file_directives = re.compile(
        r"^\s*(?:pid|error_log|access_log|\w+_temp_path|proxy_cache_path|ssl_certificate\w*"
        r"|root|alias) (/[^\s;]*)",
        re.MULTILINE,
    )
    paths = file_directives.findall(config)
    assert len(paths) >= 12
    assert all(path.startswith(str(tmp_path)) for path in paths), paths


BARE_PAGE = """
import json, sys
from io import BytesIO
from benchkit import bare
from django.db import connection

answers = []
for path, language in (("/films/x-2001/", "en"), ("/", "ko")):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "127.0.0.1",
               "SERVER_PORT": "8501", "HTTP_HOST": "127.0.0.1", "HTTP_ACCEPT_LANGUAGE": language,
               "wsgi.input": BytesIO(), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr}
    started = {}
    body = b"".join(bare.application(environ, lambda s, h: started.update(status=s, headers=h)))
    answers.append({"status": started["status"], "headers": dict(started["headers"]),
                    "body": body.decode()})
try:
    connection.cursor()
    database = "connected"
except Exception as error:
    database = type(error).__name__
print(json.dumps({"answers": answers, "database": database}))
"""


def test_bare_page_answers_with_kcinemas_headers_and_no_database(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    environment |= {
        "KCINEMA_DATA_DIR": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "scripts")]),
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    completed = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-c", BARE_PAGE],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(completed.stdout)
    english, korean = result["answers"]
    assert english["status"] == "200 OK"
    assert "Content-Security-Policy" in english["headers"]
    assert english["headers"]["X-Frame-Options"] == "DENY"
    assert "<h1>Films</h1>" in english["body"]
    assert korean["headers"]["Content-Language"] == "ko"
    assert "<h1>영화</h1>" in korean["body"]
    assert result["database"] == "ImproperlyConfigured"
