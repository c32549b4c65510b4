"""The page benchmark behind scripts/bench-pages (`make bench-pages`): what each public page costs
uncached at two catalogue sizes, to find the pages whose cost grows with the catalogue.

    .venv/bin/python scripts/page_benchmark.py [--films 1000 --films 100000]
        [--backend sqlite|postgresql] [--requests 30] [--table-only]

For each size it takes the catalogue of scripts/bench_catalogue.py (built first if it is not
there), and in a child process with that catalogue's environment renders every public page in
process with Django's test client: the page caches off (search's cache, cache_page), the shared
cache an in-process one (the firewall's snapshot and counters stay where Redis would keep them),
one request to count queries and warm up, then the median and max of --requests requests. The
sample objects are picked the same way at every size: the published film and the person in the
middle of the id range, the genre in the middle of the genres, that film's year and decade, a
fixed page number of the lists. It prints one table (page, queries, the median at each size,
their ratio, flagged above 1.25) and writes the figures to var/bench/pages-<backend>.json.

The parent process never imports Django: each size is measured by `--measure` in a child.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "var" / "bench"
HOST = "127.0.0.1"
DEFAULT_SIZES = [1000, 100_000]
DEFAULT_REQUESTS = 30
PAGE_TIME_BUDGET = 20.0  # seconds per page: a page that takes seconds is measured fewer times
MIN_REQUESTS = 3
GROWTH_LIMIT = 1.25  # the bound: the median at the largest size within 1.25x the smallest
LIST_PAGE = 3  # a page of each list that exists at every size, past the first


def samples() -> list[tuple[str, str]]:
    """(name, path) of every public page, with sample objects picked the same way at any size."""
    from django.db.models import Max, Min

    from catalog.models import Film, Genre, Person

    def middle(queryset):
        bounds = queryset.aggregate(low=Min("pk"), high=Max("pk"))
        return queryset.filter(pk__gte=(bounds["low"] + bounds["high"]) // 2).order_by("pk").first()

    film = middle(Film.objects.published())
    person = middle(Person.objects.filter(credits__film__published=True).distinct())
    genres = list(Genre.objects.filter(films__published=True).distinct().order_by("pk"))
    genre = genres[len(genres) // 2]
    decade = film.year - film.year % 10
    query = film.title.split()[0]
    return [
        ("home", "/"),
        ("film", f"/films/{film.slug}/"),
        ("film (ko)", f"/ko/films/{film.slug}/"),
        ("person", f"/people/{person.slug}/"),
        ("genre index", "/genres/"),
        ("genre", f"/genres/{genre.slug}/"),
        (f"genre p{LIST_PAGE}", f"/genres/{genre.slug}/?page={LIST_PAGE}"),
        ("year", f"/years/{film.year}/"),
        ("decade", f"/decades/{decade}s/"),
        (f"decade p{LIST_PAGE}", f"/decades/{decade}s/?page={LIST_PAGE}"),
        ("films index", "/films/"),
        (f"films index p{LIST_PAGE}", f"/films/?page={LIST_PAGE}"),
        ("search results", f"/search/?q={query}"),
        ("feed (RSS)", "/feeds/films.rss"),
        ("feed (Atom)", "/feeds/films.atom"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap people p1", "/sitemap-people.xml?p=1"),
        ("sitemap films p1", "/sitemap-films.xml?p=1"),
        ("about", "/about/"),
        ("robots.txt", "/robots.txt"),
    ]


# Keys of whole pages kept in the shared cache: Django's cache_page (the sitemaps') and search's.
PAGE_CACHE_KEYS = ("views.decorators.cache.", "search:page")


def uncached_cache_class():
    """An in-process cache that keeps everything but pages (cache_page takes the default cache
    whatever CACHE_MIDDLEWARE_ALIAS says, so the pages have to be left out by their keys)."""
    from django.core.cache.backends.locmem import LocMemCache

    class WithoutPages(LocMemCache):
        def set(self, key, value, timeout=None, version=None):  # type: ignore[override]
            if not any(part in key for part in PAGE_CACHE_KEYS):
                super().set(key, value, timeout, version)

        def add(self, key, value, timeout=None, version=None):  # type: ignore[override]
            if any(part in key for part in PAGE_CACHE_KEYS):
                return False
            return super().add(key, value, timeout, version)

    return WithoutPages


def uncached_settings():
    """Every page cache off; the shared cache in process (what Redis holds for the firewall and
    the counters is then read for free, so only the page's own work is measured)."""
    from django.test import override_settings

    return override_settings(
        CACHES={"default": {"BACKEND": f"{__name__}.WithoutPages"}},
        SEARCH_CACHE_SECONDS=0,
        PAGE_CACHE_SECONDS=0,  # catalog.pagecache: nothing kept, every page made afresh
        SEARCH_RESULTS_PER_MINUTE=10**9,
        SEARCH_SUGGESTIONS_PER_MINUTE=10**9,
        ALLOWED_HOSTS=[HOST],
        DEBUG=False,
    )


def measure(films: int, requests: int) -> dict[str, Any]:
    """In the catalogue's environment: every page's queries, median and max in milliseconds."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    globals()["WithoutPages"] = uncached_cache_class()  # settings name it by this module's path
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    figures: dict[str, Any] = {}
    with uncached_settings():
        client = Client()
        for name, path in samples():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path, HTTP_HOST=HOST)
            # Read now: each request empties the connection's log of queries.
            captured = queries.captured_queries
            timings: list[float] = []
            cpu: list[float] = []  # this process's processor time: what other work cannot inflate
            started = time.perf_counter()
            while len(timings) < requests and (
                len(timings) < MIN_REQUESTS or time.perf_counter() - started < PAGE_TIME_BUDGET
            ):
                before, before_cpu = time.perf_counter(), time.process_time()
                client.get(path, HTTP_HOST=HOST)
                timings.append((time.perf_counter() - before) * 1000)
                cpu.append((time.process_time() - before_cpu) * 1000)
            slowest = max(captured, key=lambda q: float(q["time"]), default=None)
            figures[name] = {
                "path": path,
                "status": response.status_code,
                "bytes": len(response.content),
                "queries": len(captured),
                "requests": len(timings),
                "median_ms": round(statistics.median(timings), 2),
                "max_ms": round(max(timings), 2),
                "cpu_median_ms": round(statistics.median(cpu), 2),
                "slowest_query": slowest and slowest["sql"][:300],
            }
            shown = figures[name]
            print(
                f"  {name:<22} {response.status_code} {len(captured):>3} queries "
                f"median {shown['median_ms']:>8.2f} ms  max {shown['max_ms']:>8.2f} "
                f" cpu {shown['cpu_median_ms']:>8.2f}",
                flush=True,
            )
    return {"films": films, "vendor": connection.vendor, "pages": figures}


def table(results: dict[int, dict[str, Any]]) -> str:
    """One line per page: queries and median at each size, the ratio of the largest to the
    smallest, and a flag where it passes GROWTH_LIMIT. On SQLite, where the database works in
    this process, the flag follows the processor time's ratio, which other work on the machine
    cannot inflate; on PostgreSQL, whose server does part of the work, the elapsed time's."""
    sizes = sorted(results)
    small, large = sizes[0], sizes[-1]
    by_cpu = results[small].get("vendor") == "sqlite"
    header = f"{'page':<22} {'queries':>9} " + " ".join(f"{f'median {n:,}':>14}" for n in sizes)
    header += f" {f'max {large:,}':>12} {'ratio':>6} " + " ".join(
        f"{f'cpu {n:,}':>11}" for n in sizes
    )
    header += f" {'cpu ratio':>9}"
    lines = [header, "-" * len(header)]
    for name, first in results[small]["pages"].items():
        rows = [results[size]["pages"].get(name) for size in sizes]
        last = rows[-1]
        queries = "/".join(str(row["queries"]) if row else "-" for row in rows)
        medians = " ".join(f"{row['median_ms']:>11.2f} ms" if row else f"{'-':>14}" for row in rows)
        cpus = " ".join(
            f"{row['cpu_median_ms']:>8.2f} ms" if row and "cpu_median_ms" in row else f"{'-':>11}"
            for row in rows
        )
        ratio = cpu_ratio = None
        if last and len(sizes) > 1:
            ratio = last["median_ms"] / first["median_ms"]
            if "cpu_median_ms" in first and "cpu_median_ms" in last:
                cpu_ratio = last["cpu_median_ms"] / max(first["cpu_median_ms"], 0.01)
        judged = cpu_ratio if by_cpu and cpu_ratio is not None else ratio
        flag = "  GROWS" if judged is not None and judged > GROWTH_LIMIT else ""
        if {row["status"] for row in rows if row} != {200}:
            flag += f"  HTTP {'/'.join(str(row['status']) for row in rows if row)}"
        max_text = f"{last['max_ms']:>9.2f} ms" if last else f"{'-':>12}"
        ratio_text = f"{ratio:>5.2f}x" if ratio is not None else f"{'-':>6}"
        cpu_ratio_text = f"{cpu_ratio:>8.2f}x" if cpu_ratio is not None else f"{'-':>9}"
        lines.append(
            f"{name:<22} {queries:>9} {medians} {max_text} {ratio_text} {cpus} "
            f"{cpu_ratio_text}{flag}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, action="append", help="catalogue sizes (repeat)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--requests", type=int, default=DEFAULT_REQUESTS)
    parser.add_argument("--table-only", action="store_true", help="print the last run's table")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.requests < 1:
        parser.error("--requests must be at least 1")
    if options.measure:
        figures = measure(options.measure, options.requests)
        options.output.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
        return 0
    sizes = sorted(set(options.films or DEFAULT_SIZES))
    if any(size < 1 for size in sizes):
        parser.error("--films must be a positive number of films")
    combined = RESULTS_DIR / f"pages-{options.backend}.json"
    if options.table_only:
        if not combined.exists():
            parser.error(f"no results yet in {combined}: run without --table-only first")
        results = {int(size): figures for size, figures in json.loads(combined.read_text()).items()}
        print(table(results))
        return 0
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_catalogue import catalogue_environment

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    results = {}
    for size in sizes:
        environment = catalogue_environment(size, options.backend)
        output = RESULTS_DIR / f"pages-{options.backend}-{size}.json"
        print(f"{size:,} films ({options.backend}), {options.requests} requests a page:")
        subprocess.run(  # noqa: S603 - this script, with our own arguments
            [sys.executable, __file__, "--measure", str(size), "--output", str(output),
             "--requests", str(options.requests)],
            env=environment, check=True, cwd=ROOT,
        )  # fmt: skip
        results[size] = json.loads(output.read_text())
    combined.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print()
    print(table(results))
    print(f"\nFigures in {combined.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
