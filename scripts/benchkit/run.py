"""`make bench`: kcinema's pages served in production mode under wrk, on catalogues of 1,000
and 100,000 films, on SQLite and on PostgreSQL + Redis, beside a bare Django page and nginx,
in one table (printed, and written to var/bench/results-<timestamp>.md).

    scripts/bench-site [--films 1000,100000] [--backend sqlite|postgresql|both]
                       [--duration 10] [--warm-up 3] [--no-nginx] [--port 8500]

For each catalogue (built or reused by scripts/bench_catalogue.py): `kcinema serve` with
DEBUG off and no background worker on 127.0.0.1:PORT, first uncached (KCINEMA_PAGE_CACHE_SECONDS
and SEARCH_CACHE_SECONDS 0; wrk rotates through many films, people, genres and queries), then
cached (a fixed set of each asked once first, then rotated). In the same run: the bare Django
page (benchkit/bare.py, same gunicorn config and worker count) on PORT+1, and nginx with the
deployment guide's configuration in front of the cached kcinema (benchkit/nginx.py), HTTPS on
PORT+2 (its plain-HTTP redirect on PORT+3), serving the film page's bytes as a static file and
the cached film page. wrk: -t2 -c8, a warm-up run, then the measured one.
"""

import argparse
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchkit import nginx, report, wrk
from benchkit.serving import HOST, fetch, port_is_open, serving, started

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPTS = ROOT / "scripts"
UNCACHED_PATHS = 2000  # of each kind, rotated, so that no one object is all that is asked
CACHED_PATHS = 50
COLD_WARM_UP = 20  # paths asked once before the wrk warm-up, so every worker has connected
ENCODINGS = ("identity", "gzip", "br")
CACHE_HEADER = "X-Kcinema-Cache"
NGINX_CACHE_HEADER = "X-Nginx-Cache"  # deploy/nginx/kcinema.conf's


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench-site", description=__doc__.split("\n")[0])
    parser.add_argument("--films", default="1000,100000", help="catalogue sizes, comma-separated")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    parser.add_argument("--warm-up", type=int, default=3, help="seconds of wrk before each run")
    parser.add_argument("--no-nginx", action="store_true", help="leave out the nginx rows")
    parser.add_argument("--port", type=int, default=8500, help="uses PORT to PORT+3")
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY") or min(2 * (os.cpu_count() or 1) + 1, 8)),
        help="gunicorn workers for kcinema and for the bare page alike",
    )
    options = parser.parse_args(argv)
    try:
        sizes = [int(size.replace("_", "")) for size in options.films.split(",")]
    except ValueError:
        parser.error(f"--films takes sizes such as 1000,100000, not {options.films!r}")
    if any(size < 1 for size in sizes) or options.duration < 1 or options.warm_up < 0:
        parser.error("--films, --duration must be positive and --warm-up not negative")
    if not shutil.which("wrk"):
        parser.error("wrk is needed (sudo apt-get install wrk)")
    if not options.no_nginx and not shutil.which("nginx"):
        parser.error("nginx is needed (sudo apt-get install nginx), or use --no-nginx")
    for port in range(options.port, options.port + 4):
        if port_is_open(port):
            parser.error(f"127.0.0.1:{port} is in use: choose other ports with --port")
    backends = ["sqlite", "postgresql"] if options.backend == "both" else [options.backend]

    sys.path.insert(0, str(SCRIPTS))
    import bench_catalogue

    catalogues = []
    for backend in backends:
        for films in sizes:
            print(f"== {films:,} films on {backend}", flush=True)
            environment = bench_catalogue.catalogue_environment(films, backend)
            catalogues.append(measure_catalogue(films, backend, environment, options))
    table = report.table(catalogues)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    results_dir = ROOT / "var" / "bench"
    results_dir.mkdir(parents=True, exist_ok=True)
    output = results_dir / f"results-{stamp}.md"
    heading = (
        f"# make bench, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n\n"
        f"wrk -t{wrk.THREADS} -c{wrk.CONNECTIONS} -d{options.duration}s after a "
        f"{options.warm_up} s warm-up; {options.workers} gunicorn workers; "
        f"{os.cpu_count()} cores. Targets are for {report.TARGET_FILMS:,} films; "
        "verdicts in brackets are for smaller catalogues.\n\n"
    )
    output.write_text(heading + table)
    (output.with_suffix(".json")).write_text(json.dumps(catalogues, indent=1))
    print()
    print(heading + table)
    print(f"Written to {output.relative_to(ROOT)}")
    return 0


def measure_catalogue(
    films: int, backend: str, base_environment: dict[str, str], options: argparse.Namespace
) -> dict[str, Any]:
    environment = base_environment | {
        "KCINEMA_TRUSTED_PROXIES": HOST,  # wrk's requests come from many simulated visitors
        "WEB_CONCURRENCY": str(options.workers),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(SCRIPTS)]),
    }
    name = f"{'SQLite' if backend == 'sqlite' else 'PostgreSQL + Redis'}, {films:,} films"
    result: dict[str, Any] = {"name": name, "films": films, "backend": backend, "pages": {}}
    paths = catalogue_paths(environment)
    scratch = Path(tempfile.mkdtemp(prefix="kcinema-bench-"))
    try:
        result["bare"] = measure_bare(environment, scratch, options)
        uncached = environment | {"KCINEMA_PAGE_CACHE_SECONDS": "0", "SEARCH_CACHE_SECONDS": "0"}
        rss = []
        with serving(uncached, scratch / "uncached.log", options.port) as (base, server):
            result["sizes"], film_html = page_sizes(base, paths["film"][0])
            for page in report.PAGES:
                result["pages"][f"{page}-uncached"] = load(
                    base, paths[page][:UNCACHED_PATHS], scratch, page, options, warm_all=False
                )
            rss.append(worker_memory(server.pid))
        cached = {key: value for key, value in environment.items()}
        cached.pop("SEARCH_CACHE_SECONDS", None)
        with serving(cached, scratch / "cached.log", options.port) as (base, server):
            for page in report.PAGES:
                result["pages"][f"{page}-cached"] = load(
                    base, paths[page][:CACHED_PATHS], scratch, page, options, warm_all=True
                )
            if not options.no_nginx:
                result["nginx_static"], result["nginx_front"] = measure_nginx(
                    base, paths["film"][:CACHED_PATHS], film_html, scratch, options
                )
            rss.append(worker_memory(server.pid))
        result["rss"] = max(rss, key=lambda memory: memory["max_mb"])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return result


def catalogue_paths(environment: dict[str, str]) -> dict[str, list[str]]:
    completed = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-m", "benchkit.paths", str(UNCACHED_PATHS)],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout)


def load(
    base: str,
    paths: list[str],
    scratch: Path,
    name: str,
    options: argparse.Namespace,
    warm_all: bool,
    context: ssl.SSLContext | None = None,
) -> dict[str, Any]:
    """Each path (or the first few) asked once, a wrk warm-up, then the measured wrk run.
    `context`: what an https `base` is trusted with."""
    asked = paths if warm_all else paths[:COLD_WARM_UP]
    statuses = [fetch(base + path, context=context)[0] for path in asked]
    if set(statuses) - {200}:
        print(f"  {name}: answers {sorted(set(statuses))} before wrk")
    cache_header = None
    if warm_all:
        cache_header = fetch(base + paths[0], context=context)[1].get(CACHE_HEADER)
    script = scratch / f"{name}.lua"
    script.write_text(wrk.lua_script(paths))
    state = "cached" if warm_all else "uncached"
    print(f"  {name:<7} {state:<8} {len(paths):>5} paths: ", end="", flush=True)
    if options.warm_up:
        wrk.run(script, base, options.warm_up)
    served = wrk.run(script, base, options.duration)
    served["distinct_paths"] = len(set(paths))
    if cache_header:
        served["cache_header"] = cache_header
    print(summary(served), flush=True)
    return served


def summary(served: dict[str, Any]) -> str:
    failed = served["non_2xx"] + served["socket_errors"]
    return (
        f"{served['requests_per_second']:,.0f} req/s, p50 {served['p50_ms']:.1f} ms, "
        f"p99 {served['p99_ms']:.1f} ms" + (f", {failed} failed" if failed else "")
    )


def measure_bare(
    environment: dict[str, str], scratch: Path, options: argparse.Namespace
) -> dict[str, Any]:
    """The bare Django page, gunicorn with kcinema's config and worker count, on PORT+1."""
    data_dir = scratch / "bare"
    data_dir.mkdir()
    bare_environment = environment | {"KCINEMA_DATA_DIR": str(data_dir)}
    bare_environment.pop("DATABASE_URL", None)
    command = [
        sys.executable, "-m", "gunicorn", "benchkit.bare:application",
        "--config", "python:kcinema.gunicorn_config", "--bind", f"{HOST}:{options.port + 1}",
        "--workers", str(options.workers), "--no-control-socket",
    ]  # fmt: skip
    with started(command, bare_environment, scratch / "bare.log", options.port + 1) as (base, _):
        return load(base, ["/", "/films/", "/ko/"], scratch, "bare", options, warm_all=True)


def measure_nginx(
    upstream: str,
    paths: list[str],
    film_html: bytes,
    scratch: Path,
    options: argparse.Namespace,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Through one nginx with the guide's configuration: the film page's bytes as a static file,
    then the cached film pages (kcinema behind it)."""
    with nginx.in_front(
        scratch / "nginx",
        upstream.removeprefix("http://"),
        https_port=options.port + 2,
        http_port=options.port + 3,
        static_bytes=film_html,
    ) as front:
        static = load(
            front.base, [front.static_path], scratch, "static", options, True, front.context
        )
        static["label"] = nginx.LABEL
        served = load(front.base, paths, scratch, "nginx", options, True, front.context)
        served["label"] = nginx.LABEL
        served["nginx_cache"] = fetch(front.base + paths[0], context=front.context)[1].get(
            NGINX_CACHE_HEADER
        )
        return static, served


# --- Page sizes and memory ----------------------------------------------------------------------


def page_sizes(base: str, film_path: str) -> tuple[dict[str, dict[str, int | None]], bytes]:
    """Bytes on the wire of the film page and of its stylesheets and scripts, as sent with each
    Accept-Encoding (None where the server sent it uncompressed); and the page's HTML."""
    _, _, html = fetch(base + film_path, {"Accept-Encoding": "identity"})
    sizes = {"HTML": encoded_sizes(base + film_path)}
    text = html.decode("utf-8", "replace")
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', text)
    for kind in ("CSS", "JS"):
        mine = [a for a in assets if a.split("?")[0].endswith(".css" if kind == "CSS" else ".js")]
        if mine:
            each = [encoded_sizes(base + asset) for asset in mine if asset.startswith("/")]
            sizes[kind] = {
                encoding: (
                    None
                    if any(e[encoding] is None for e in each)
                    else sum(e[encoding] for e in each)
                )
                for encoding in ENCODINGS
            }
    return sizes, html


def encoded_sizes(url: str) -> dict[str, int | None]:
    sizes: dict[str, int | None] = {}
    for encoding in ENCODINGS:
        _, headers, body = fetch(url, {"Accept-Encoding": encoding})
        sent = headers.get("Content-Encoding", "identity")
        sizes[encoding] = len(body) if sent == encoding else None
    return sizes


def worker_memory(master: int) -> dict[str, Any]:
    """Resident memory of the master's child processes (gunicorn's workers), from /proc: all of
    it (VmRSS), and the part that is file pages (RssFile: SQLite's memory-mapped database, and
    the code of Python and its libraries), which the workers share with each other and the
    operating system's cache rather than each holding its own."""
    resident, files = [], []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("PPid", "0").strip()) == master and "VmRSS" in fields:
            resident.append(int(fields["VmRSS"].split()[0]) / 1024)
            files.append(int(fields.get("RssFile", "0 kB").split()[0]) / 1024)
    largest = resident.index(max(resident)) if resident else None
    return {
        "workers": len(resident),
        "max_mb": max(resident, default=0.0),
        "sum_mb": sum(resident),
        "max_file_mb": files[largest] if largest is not None else 0.0,
    }


if __name__ == "__main__":
    sys.exit(main())
