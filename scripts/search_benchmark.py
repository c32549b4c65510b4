"""The search benchmark behind scripts/bench-search (`make bench-search`).

For each backend (SQLite in var/bench/sqlite/, PostgreSQL in the kcinema_bench database) it
generates the synthetic catalogue (scripts/synthetic_catalogue.py), rebuilds the search index,
reads the database into the operating system's cache, times 1,000 mixed queries through
search.engine.suggest() and search.engine.search() in process with the cache off, then serves
the site with `kcinema serve` on 127.0.0.1 and runs wrk (-t2 -c8 -d10s) against /search/?q=
and /search/suggest/?q= rotating through the same queries, twice: uncached (served with
SEARCH_CACHE_SECONDS=0, so the engine and the template answer every request) and cached (every
query asked once before, so the shared cache answers).
It ends with one table of every figure against the targets.

The parent process never imports Django: each backend is measured in a child process with that
backend's environment, which writes its figures to var/bench/<backend>/results.json.
"""

import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from benchkit import wrk  # scripts/ is this script's own directory, first on the path
from benchkit.serving import HOST, fetch, serving

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent
KCINEMA = BIN / "kcinema"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/kcinema_bench"
POSTGRES_REDIS_URL = "redis://127.0.0.1:6379/14"
PORT = 8765
WRK_SECONDS = 10
QUERIES = 1000
WARM_UP_QUERIES = 50
SLOWEST = 15
MAX_FAILED_SHARE = 0.01  # wrk runs with more failed requests than this get no verdict
BUSY_CORES = 0.2  # cores kept busy by other work, above which the figures are flagged
BUSY_SAMPLE_SECONDS = 2
PAGE_QUERIES = 200  # the whole results page in process, to split engine time from rendering
TARGETS_MS = {"suggest": 10.0, "search": 30.0}  # p95 at 100k films, on both backends
TARGET_REQUESTS_PER_SECOND = 500
# The kinds of query that search has to understand (synthetic_catalogue.UNDERSTANDING_MIX): the
# film or person drawn from in the first three results, at least this often.
UNDERSTOOD_KINDS = ("wish words", "title + year", "title + person", "spacing variant", "surname")
TARGET_TOP3 = 0.95
ENDPOINTS = {"search": "/search/?q=", "suggest": "/search/suggest/?q="}
BACKEND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Settings from the caller's environment that would change what is measured.
CLEARED_ENVIRONMENT = [
    "DATABASE_URL", "CACHE_URL", "REDIS_URL", "KCINEMA_DATA_DIR", "DEBUG", "KCINEMA_HTTPS",
    "KCINEMA_BIND", "WEB_CONCURRENCY", "ALLOWED_HOSTS",
]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/bench-search",
        description="Latency and throughput of search on a synthetic catalogue.",
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=300_000)
    parser.add_argument("--queries", type=int, default=QUERIES, help=argparse.SUPPRESS)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="reuse the generated database when its catalogue already has the right size",
    )
    parser.add_argument(
        "--reuse-index",
        action="store_true",
        help="with --keep, also reuse the search index when it has an entry for every film "
        "and person (a rebuild takes minutes; use only while search/indexing.py is unchanged)",
    )
    parser.add_argument("--skip-wrk", action="store_true", help="no served-page benchmark")
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--in-process", metavar="RESULTS", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.in_process:
        measure_in_process(options, Path(options.in_process))
        return 0
    if not options.skip_wrk and not shutil.which("wrk"):
        parser.error("wrk is needed (sudo apt-get install wrk), or use --skip-wrk")
    # Stopping the benchmark (Ctrl+C, kill) unwinds through the finally that stops the server.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    backends = ["sqlite", "postgresql"] if options.backend == "both" else [options.backend]
    results = {}
    for backend in backends:
        print(f"\n=== {BACKEND_NAMES[backend]} ===", flush=True)
        results[backend] = benchmark_backend(backend, options)
    print_summary(results)
    return 0


def engine_snapshot() -> str:
    """A short hash of the search app's code, to say which engine the figures are of while
    the engine is still changing (the working tree, not only what is committed)."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "search").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def busy_machine(stage: str) -> float:
    """How many cores other work keeps busy, sampled over two seconds while the benchmark
    itself waits (the load average would still count the index rebuild that just ended),
    with a warning when it is more than a little: the targets are for this machine at rest."""
    try:
        first = _cpu_times()
        time.sleep(BUSY_SAMPLE_SECONDS)
        second = _cpu_times()
    except OSError:  # not Linux: the load average will do
        busy = os.getloadavg()[0]
    else:
        total = sum(second) - sum(first)
        idle = (second[3] + second[4]) - (first[3] + first[4])  # idle and iowait
        busy = (os.cpu_count() or 1) * (total - idle) / max(total, 1)
    if busy > BUSY_CORES:
        print(f"  note: other work kept {busy:.1f} cores busy before {stage}; figures suffer")
    return busy


def _cpu_times() -> list[int]:
    with open("/proc/stat") as stat:
        return [int(value) for value in stat.readline().split()[1:]]


def run(*command: str | Path, **options: Any) -> subprocess.CompletedProcess:
    """A command of our own making (kcinema, psql, wrk), never one built from input."""
    return subprocess.run([str(part) for part in command], check=True, **options)  # noqa: S603


# --- One backend, from the parent -------------------------------------------------------------


def backend_environment(backend: str) -> dict[str, str]:
    environment = {
        name: value for name, value in os.environ.items() if name not in CLEARED_ENVIRONMENT
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "kcinema.settings",
        "KCINEMA_DATA_DIR": str(BENCH_DIR / backend),
        "KCINEMA_WORKER": "0",  # no background jobs competing for the two cores
        # wrk's requests say which simulated visitor they come from (benchkit.wrk).
        "KCINEMA_TRUSTED_PROXIES": "127.0.0.1",
        "PYTHONUNBUFFERED": "1",
    }
    if backend == "postgresql":
        environment |= {"DATABASE_URL": POSTGRES_URL, "REDIS_URL": POSTGRES_REDIS_URL}
    return environment


def benchmark_backend(backend: str, options: argparse.Namespace) -> dict[str, Any]:
    environment = backend_environment(backend)
    data_dir = BENCH_DIR / backend
    data_dir.mkdir(parents=True, exist_ok=True)
    prepare_database(backend, data_dir, keep=options.keep)
    run(KCINEMA, "setup", env=environment, stdout=subprocess.DEVNULL)
    results_file = data_dir / "results.json"
    results_file.unlink(missing_ok=True)
    child = [
        sys.executable,
        __file__,
        "--in-process",
        str(results_file),
        "--films",
        str(options.films),
        "--people",
        str(options.people),
        "--queries",
        str(options.queries),
    ]
    reuse = ["--keep"] if options.keep else []
    reuse += ["--reuse-index"] if options.keep and options.reuse_index else []
    run(*child, *reuse, env=environment)
    results = json.loads(results_file.read_text())
    if not options.skip_wrk:
        paths = {
            name: [prefix + urllib.parse.quote(query["text"]) for query in results["queries"]]
            for name, prefix in ENDPOINTS.items()
        }
        results["busy_before_wrk"] = busy_machine("wrk")
        results["engine_served"] = engine_snapshot()
        if results["engine_served"] != results["engine"]:
            print("  note: search/ changed since the queries were timed; wrk measures the new code")
        results["wrk"] = serve_and_load(environment, data_dir, paths, options.port)
        results_file.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print(f"Figures for {BACKEND_NAMES[backend]}: {results_file.relative_to(ROOT)}")
    return results


def prepare_database(backend: str, data_dir: Path, keep: bool) -> None:
    """A new, empty database unless --keep, which reuses what is there (or makes one)."""
    if backend == "sqlite":
        if not keep:
            for suffix in ("", "-wal", "-shm"):
                (data_dir / f"kcinema.sqlite3{suffix}").unlink(missing_ok=True)
        return
    url = urllib.parse.urlparse(POSTGRES_URL)
    connection = ["-h", url.hostname or HOST, "-p", str(url.port or 5432), "-U", url.username]
    name = url.path.lstrip("/")
    exists = run(
        "psql",
        *connection,
        "-d",
        "postgres",
        "-tA",
        "-v",
        f"name={name}",
        input="SELECT 1 FROM pg_database WHERE datname = :'name'",  # psql quotes the name
        capture_output=True,
        text=True,
    ).stdout.strip()
    if exists and keep:
        return
    if exists:
        run("dropdb", *connection, "--force", name)
    run("createdb", *connection, name)


# --- Served pages under wrk -------------------------------------------------------------------


def serve_and_load(
    environment: dict[str, str], data_dir: Path, paths: dict[str, list[str]], port: int
) -> dict[str, Any]:
    """wrk on each endpoint, uncached then cached: `kcinema serve` on 127.0.0.1:port, first
    keeping no search answers (every request runs the engine and the template), then keeping
    them, after each path has been asked once (as on a site whose visitors search for what
    others searched before)."""
    figures = {}
    for state, cache_seconds in (("uncached", "0"), ("cached", None)):
        served_environment = dict(environment)
        if cache_seconds is not None:
            served_environment["SEARCH_CACHE_SECONDS"] = cache_seconds
        with serving(served_environment, data_dir / "server.log", port) as (base, _):
            for name, endpoint_paths in paths.items():
                # The first few make every worker import and connect; all of them, the cache.
                asked = endpoint_paths if state == "cached" else endpoint_paths[:20]
                statuses = warm_up(base, asked)
                if set(statuses) - {200}:
                    print(f"  {name}: answers {sorted(set(statuses))} before wrk")
                script = data_dir / f"wrk-{name}.lua"
                script.write_text(wrk.lua_script(endpoint_paths))
                print(
                    f"  {state:<8} wrk -t{wrk.THREADS} -c{wrk.CONNECTIONS} -d{WRK_SECONDS}s "
                    f"{base}{ENDPOINTS[name]}... ",
                    end="",
                    flush=True,
                )
                served = wrk.run(script, base, WRK_SECONDS)
                served["distinct_paths"] = len(set(endpoint_paths))
                figures[f"{name}-{state}"] = served
                print(
                    f"{served['requests_per_second']:,.0f} requests/s, "
                    f"p50 {served['p50_ms']:.1f} ms, p99 {served['p99_ms']:.1f} ms"
                    + (f", {served['non_2xx']} not 2xx" if served["non_2xx"] else "")
                )
    return figures


def warm_up(base: str, paths: list[str]) -> list[int]:
    """Each path asked once, two at a time, each from its own address as wrk's visitors are (one
    address would meet the rate limit)."""

    def status(number: int, path: str) -> int:
        address = f"10.255.{number // 256 % 256}.{number % 256}"
        return fetch(base + path, {"X-Forwarded-For": address})[0]

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(status, range(len(paths)), paths))


# --- In the child: generate, rebuild, time the engine -----------------------------------------


def measure_in_process(options: argparse.Namespace, results_file: Path) -> None:
    import django

    django.setup()
    import synthetic_catalogue as synthetic
    from django.core.cache import caches
    from django.db import connection
    from django.utils import translation

    from search import engine

    translation.activate("en")
    size = synthetic.CatalogueSize(films=options.films, people=options.people)
    results: dict[str, Any] = {"backend": connection.vendor, "films": size.films}
    results["people"] = size.people
    results["generation_seconds"] = ensure_catalogue(synthetic, size, options.keep)

    if options.reuse_index and index_is_complete(size):
        print("Reusing the search index", flush=True)
        results["rebuild_seconds"] = 0.0
    else:
        results["rebuild_seconds"] = rebuild_index(synthetic)

    results["engine"] = engine_snapshot()
    results["read_into_memory_mb"] = read_into_memory(connection)
    results["busy_before_timing"] = busy_machine("timing the queries")
    queries = synthetic.query_mix(options.queries) + synthetic.understanding_mix()
    print(f"Query mix ({len(queries)} queries):\n{synthetic.describe_mix(queries)}", flush=True)
    functions = {"suggest": engine.suggest, "search": engine.search}
    timings = time_queries(functions, queries)
    results["queries"] = [
        {"kind": query.kind, "text": query.text, "expects": query.expects}
        | {name: timings[name][index] for name in functions}
        for index, query in enumerate(queries)
    ]
    results["queries_per_call"] = count_queries(functions, queries[:WARM_UP_QUERIES])
    results["page"] = time_pages(queries[:PAGE_QUERIES])
    caches["default"].clear()  # wrk's server starts with an empty cache, also after --keep
    results_file.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print_in_process(results)


def read_into_memory(connection: Any) -> float:
    """The whole database read once into the operating system's cache, as on a server that
    has been serving it (this machine pages out a file left unread for a minute, and a query
    that reads from the disk times the disk, not the engine). Returns the megabytes read."""
    started = time.monotonic()
    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        size = 0
        for file in (path, path.with_name(path.name + "-wal")):
            if file.exists():
                with file.open("rb") as stream:
                    while chunk := stream.read(1 << 20):
                        size += len(chunk)
    else:
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            cursor.execute(
                "SELECT coalesce(sum(pg_prewarm(oid, 'read')), 0) "
                "* current_setting('block_size')::int FROM pg_class "
                "WHERE relkind IN ('r', 'i', 't', 'm') AND relfilenode <> 0 "
                "AND relnamespace IN ('public'::regnamespace, 'pg_toast'::regnamespace)"
            )
            size = int(cursor.fetchone()[0])
    megabytes = size / 1e6
    print(
        f"Read the database into memory: {megabytes:,.0f} MB in {time.monotonic() - started:.1f} s"
    )
    return megabytes


def index_is_complete(size: Any) -> bool:
    from search.models import Kind, SearchEntry

    films = SearchEntry.objects.filter(kind=Kind.FILM).count()
    people = SearchEntry.objects.filter(kind=Kind.PERSON).count()
    return (films, people) == (size.films, size.people)


def rebuild_index(synthetic: Any) -> float:
    """search.indexing.rebuild() in one transaction, as `kcinema reindex` does; seconds."""
    from django.db import connection, transaction

    from search import indexing

    print(f"Rebuilding the search index ({connection.vendor})", flush=True)
    progress = synthetic.ProgressPrinter()
    started = time.perf_counter()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Django's foreign keys are checked at commit (DEFERRABLE INITIALLY DEFERRED), and
            # PostgreSQL refuses CREATE INDEX on a table with such checks pending, which is
            # what rebuild() does at the end of its bulk_writes(): check them as rows go in.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        indexed = indexing.rebuild(progress=lambda done, total: progress("index", done, total))
    seconds = time.perf_counter() - started
    print(f"  {indexed:,} entries indexed in {seconds:.1f} s", flush=True)
    if connection.vendor == "postgresql":
        # Autovacuum would analyse the freshly loaded tables within a minute or so; a site at
        # rest has statistics and a visibility map, so measure that state.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return seconds


def ensure_catalogue(synthetic: Any, size: Any, keep: bool) -> float:
    """Generate the catalogue unless --keep finds it already there; seconds taken, or 0."""
    from django.core.management import call_command

    present = synthetic.catalogue_size()
    if keep and present == size:
        print(f"Reusing the catalogue: {size.films:,} films, {size.people:,} people", flush=True)
        return 0.0
    if present.films or present.people:
        print(f"Emptying the database ({present.films:,} films, {present.people:,} people)")
        call_command("flush", interactive=False, verbosity=0)
    print(f"Generating {size.films:,} films and {size.people:,} people", flush=True)
    started = time.perf_counter()
    synthetic.generate(size, progress=synthetic.ProgressPrinter())
    seconds = time.perf_counter() - started
    print(f"  generated in {seconds:.1f} s", flush=True)
    return seconds


def time_queries(functions: dict[str, Any], queries: list[Any]) -> dict[str, list[dict]]:
    """Each query through each function, the cache off so every call reaches the database;
    one warm-up pass over the first queries first."""
    from django.test.utils import override_settings

    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    timings: dict[str, list[dict]] = {}
    with override_settings(CACHES=dummy):
        for name, function in functions.items():
            for query in queries[:WARM_UP_QUERIES]:
                function(query.text)
            timings[name] = []
            for query in queries:
                started = time.perf_counter()
                result = function(query.text)
                elapsed = time.perf_counter() - started
                timings[name].append({"ms": elapsed * 1000, **consume(result, query.expects)})
    return timings


def time_pages(queries: list[Any]) -> dict[str, float]:
    """The results page through Django's test client, in process and with the cache off as
    above: what a request costs beside the engine (view, form, template), before gunicorn."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    client = Client(HTTP_HOST=HOST)
    times, sizes = [], []
    with override_settings(CACHES=dummy):
        for query in queries[:WARM_UP_QUERIES]:
            client.get("/search/", {"q": query.text})
        for query in queries:
            started = time.perf_counter()
            response = client.get("/search/", {"q": query.text})
            times.append((time.perf_counter() - started) * 1000)
            sizes.append(len(response.content))
        with CaptureQueriesContext(connection) as captured:
            for query in queries[:WARM_UP_QUERIES]:
                client.get("/search/", {"q": query.text})
    return {
        "count": len(times),
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "max": max(times),
        "queries_per_page": len(captured) / WARM_UP_QUERIES,
        "mean_bytes": sum(sizes) / len(sizes),
    }


def count_queries(functions: dict[str, Any], queries: list[Any]) -> dict[str, float]:
    """Database queries per call, on average, over a few queries (not timed)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    counts = {}
    with override_settings(CACHES=dummy):
        for name, function in functions.items():
            with CaptureQueriesContext(connection) as captured:
                for query in queries:
                    function(query.text)
            counts[name] = len(captured) / max(1, len(queries))
    return counts


def consume(result: Any, expects: str) -> dict[str, Any]:
    """How many films and people an answer found (search.engine.SearchResults or Suggestions;
    the popular films offered when nothing matched do not count), whether only after a typo
    was corrected, and whether the film or person the query was drawn from is on show: among
    the suggestions, or on the first results page. Reads only what the answer has loaded."""
    from synthetic_catalogue import film_key, person_key

    films_found = result.total if hasattr(result, "total") else len(result.films)
    answer = {
        "found": films_found + len(result.people),
        "corrected": result.corrected is not None,
        "hit": None,
        "top3": None,
    }
    if expects:
        if hasattr(result.films, "object_list"):
            films = result.films.object_list
        else:
            films = [entry.film for entry in result.films]
        keys = [film_key(film.title, film.original_title) for film in films]
        people = [
            {person_key(entry.person.name, entry.person.name_ko)}
            | {person_key("", entry.person.name_ko)}
            for entry in result.people
        ]
        answer["hit"] = expects in set(keys).union(*people)
        # In the first three films, or (for a person) the first three people.
        answer["top3"] = expects in set(keys[:3]).union(*people[:3])
    return answer


# --- Reports ----------------------------------------------------------------------------------


def percentile(values: list[float], percent: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(0, -(-len(ordered) * percent // 100) - 1)
    return ordered[int(rank)]


def latency(results: dict[str, Any], name: str, kind: str | None = None) -> dict[str, float]:
    rows = [query[name] for query in results["queries"] if kind in (None, query["kind"])]
    times = [row["ms"] for row in rows]
    return {
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "max": max(times),
        "found": sum(1 for row in rows if row["found"]),
        "corrected": sum(1 for row in rows if row["corrected"]),
        "count": len(rows),
        "hits": sum(1 for row in rows if row["hit"]),
        "top3": sum(1 for row in rows if row.get("top3")),
        "pointed": sum(1 for row in rows if row["hit"] is not None),
    }


def print_in_process(results: dict[str, Any]) -> None:
    kinds = list(dict.fromkeys(query["kind"] for query in results["queries"]))
    for name in ("suggest", "search"):
        figures = latency(results, name)
        print(
            f"{name}(): p50 {figures['p50']:.2f} ms, p95 {figures['p95']:.2f} ms, "
            f"p99 {figures['p99']:.2f} ms, max {figures['max']:.1f} ms; "
            f"found something for {figures['found']}/{figures['count']} "
            f"({figures['corrected']} after correcting a typo); "
            f"showed the film or person drawn from for {figures['hits']}/{figures['pointed']}; "
            f"{results['queries_per_call'][name]:.1f} database queries a call"
        )
    page = results["page"]
    print(
        f"/search/ page in process ({page['count']} queries): p50 {page['p50']:.2f} ms, "
        f"p95 {page['p95']:.2f} ms, p99 {page['p99']:.2f} ms, "
        f"{page['queries_per_page']:.1f} database queries, {page['mean_bytes'] / 1000:.0f} kB"
    )
    print(
        "\nBy kind: p50 / p95 ms, how many found something, how many showed what they were "
        "drawn from (among the suggestions; on the first results page), and how many in the "
        "first three"
    )
    print(f"{'':<25}{'suggest()':^40}{'search()':^40}")
    for kind in sorted(kinds):
        cells = []
        for name in ("suggest", "search"):
            figures = latency(results, name, kind)
            shown = f"{figures['hits']}/{figures['pointed']}" if figures["pointed"] else "-"
            top3 = f"{figures['top3']}/{figures['pointed']}" if figures["pointed"] else "-"
            timing = f"{figures['p50']:.1f} / {figures['p95']:.1f}"
            cells.append(f"{timing:>15} {figures['found']:>6} {shown:>9} {top3:>8}")
        count = latency(results, "suggest", kind)["count"]
        print(f"  {kind:<19}{count:>4}" + "".join(cells))
    for name in ("suggest", "search"):
        print(f"\nSlowest {SLOWEST} {name}() calls:")
        slowest = sorted(results["queries"], key=lambda query: -query[name]["ms"])[:SLOWEST]
        for query in slowest:
            print(
                f"  {query[name]['ms']:8.1f} ms  {query['kind']:<19} {query['text']!r}"
                f"  ({query[name]['found']} found"
                + (", after correcting it)" if query[name]["corrected"] else ")")
            )
    print(flush=True)


def print_summary(all_results: dict[str, dict[str, Any]]) -> None:
    """One table: a column per backend, a row per figure, the target at the end of the row."""
    results = list(all_results.values())
    rows: list[tuple[str, list[str], str]] = [
        ("catalogue (films / people)", [f"{r['films']:,} / {r['people']:,}" for r in results], ""),
        ("generation", [seconds(r["generation_seconds"]) for r in results], ""),
        ("index rebuild", [seconds(r["rebuild_seconds"]) for r in results], ""),
        (
            "engine timed / served (search/*.py)",
            [f"{r['engine'][:8]} / {r.get('engine_served', '-')[:8]}" for r in results],
            "",
        ),
        (
            "database read into memory before timing",
            [f"{r.get('read_into_memory_mb', 0):,.0f} MB" for r in results],
            "",
        ),
        (
            "cores busy elsewhere: timing / wrk",
            [f"{r['busy_before_timing']:.1f} / {r.get('busy_before_wrk', 0):.1f}" for r in results],
            f"≤ {BUSY_CORES} at rest",
        ),
    ]
    for name in ("suggest", "search"):
        figures = [latency(r, name) for r in results]
        target = TARGETS_MS[name]
        rows += [
            (
                f"{name}() p50 / p95 / p99 ms",
                [milliseconds(f, "p50", "p95", "p99") for f in figures],
                f"p95 ≤ {target:.0f} ms",
            ),
            (f"{name}() max ms", [f"{f['max']:.1f}" for f in figures], ""),
            (
                f"{name}() found (via a correction)",
                [f"{f['found']} ({f['corrected']}) / {f['count']}" for f in figures],
                "",
            ),
            (
                f"{name}() showed the one drawn from",
                [f"{f['hits']} / {f['pointed']}" for f in figures],
                "",
            ),
            (f"{name}() within target", [verdict(f["p95"] <= target) for f in figures], ""),
        ]
    for kind in UNDERSTOOD_KINDS:
        figures = [latency(r, "search", kind) for r in results]
        rows.append(
            (
                f"search() top 3: {kind}",
                [top_three(f) for f in figures],
                f"≥ {TARGET_TOP3:.0%}",
            )
        )
    rows.append(
        (
            "/search/ page in process p50 / p95 ms",
            [milliseconds(r["page"], "p50", "p95") for r in results],
            "",
        )
    )
    for name, prefix in ENDPOINTS.items():
        for state in ("uncached", "cached"):
            served = [r.get("wrk", {}).get(f"{name}-{state}") or {} for r in results]
            if not any(served):
                continue
            label = f"{prefix}… {state}"
            goal = f"≥ {TARGET_REQUESTS_PER_SECOND}" if name == "search" else ""
            rows += [
                (
                    f"{label} requests/s",
                    [cell(s, "{requests_per_second:,.0f}") for s in served],
                    goal,
                ),
                (
                    f"{label} p50 / p95 / p99 ms",
                    [cell(s, "{p50_ms:.1f} / {p95_ms:.1f} / {p99_ms:.1f}") for s in served],
                    "",
                ),
                (
                    f"{label} requests / distinct URLs",
                    [cell(s, "{requests:,} / {distinct_paths:,}") for s in served],
                    "",
                ),
                (
                    f"{label} not 2xx / errors",
                    [cell(s, "{non_2xx} / {socket_errors}") for s in served],
                    "",
                ),
            ]
            if name == "search":
                passed = [
                    served_verdict(s["requests_per_second"] >= TARGET_REQUESTS_PER_SECOND, s)
                    if s
                    else "-"
                    for s in served
                ]
                rows.append((f"{label} within target", passed, ""))
    width = 24
    names = "".join(f"{BACKEND_NAMES[backend]:>{width}}" for backend in all_results)
    print(f"\n{'':<52}{names}   target")
    for label, cells, target in rows:
        print(f"{label:<52}" + "".join(f"{text:>{width}}" for text in cells) + f"   {target}")


def top_three(figures: dict[str, Any]) -> str:
    """How often the film or person drawn from was in the first three, and whether enough."""
    if not figures["pointed"]:
        return "-"
    share = figures["top3"] / figures["pointed"]
    return f"{figures['top3']}/{figures['pointed']} {verdict(share >= TARGET_TOP3)}"


def cell(figures: dict[str, Any], template: str) -> str:
    return template.format(**figures) if figures else "-"


def milliseconds(figures: dict[str, float], *names: str) -> str:
    return " / ".join(f"{figures[name]:.1f}" for name in names)


def seconds(value: float) -> str:
    return "reused" if not value else f"{value:,.1f} s"


def served_verdict(passed: bool, figures: dict[str, Any]) -> str:
    """No verdict on a run whose answers were errors: its speed is that of the error page."""
    failed = figures["non_2xx"] + figures["socket_errors"]
    if failed > MAX_FAILED_SHARE * max(figures["requests"], 1):
        return f"invalid: {failed / max(figures['requests'], 1):.0%} failed"
    return verdict(passed)


def verdict(passed: bool) -> str:
    return "yes" if passed else "NO"


if __name__ == "__main__":
    sys.exit(main())
