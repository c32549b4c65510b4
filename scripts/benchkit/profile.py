"""Where an uncached page's time goes, in process: N requests through Django's test client with
the whole middleware stack, DEBUG off and the search and page caches off, first timed (median
ms a request), then under cProfile, its own time split by area (templates, ORM, database,
URLs, i18n, middleware, context processors, the apps) and the functions that cost most.

    KCINEMA_DATA_DIR=<a demo data dir> python -m benchkit.profile [--path /films/…/ ...]
        [--requests 200] [--top 25]

Without --path it rotates through every published film page of the catalogue.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time

# Own time of each function goes to the first area whose pattern its file path contains.
AREAS = [
    ("templates", ["django/template/", "django/templatetags/", "/templatetags/"]),
    ("URLs (reverse, resolve)", ["django/urls/"]),
    ("i18n (gettext, locale)", ["django/utils/translation/", "/gettext.py", "/locale.py"]),
    ("database driver and wrapper", ["django/db/backends/", "sqlite3", "psycopg"]),
    ("ORM (querysets, SQL compiling, models)", ["django/db/"]),
    ("context processors", ["context_processors.py"]),
    (
        "middleware",
        [
            "django/middleware/", "shield/", "whitenoise/", "axes/", "django_otp/",
            "django/contrib/sessions/", "django/contrib/auth/", "django/contrib/messages/",
            "auditlog/",
        ],
    ),
    ("kcinema's apps", ["/catalog/", "/watch/", "/community/", "/search/", "/kcinema/"]),
    ("HTML escaping, text, dates", ["django/utils/"]),
    ("Django request and response", ["django/core/", "django/http/", "django/test/"]),
]  # fmt: skip


def area_of(filename: str) -> str:
    for area, patterns in AREAS:
        if any(pattern in filename for pattern in patterns):
            return area
    return "other (Python itself, libraries)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", action="append", help="a page to ask for (repeatable)")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcinema.settings")
    os.environ.setdefault("SEARCH_CACHE_SECONDS", "0")
    os.environ.setdefault("KCINEMA_PAGE_CACHE_SECONDS", "0")
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.test import Client

    from catalog.models import Film

    paths = options.path or [film.get_absolute_url() for film in Film.objects.published()]
    client = Client()

    def ask(number: int) -> None:
        # Each request from its own address, as many visitors: one would meet the rate limits.
        address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        response = client.get(
            paths[number % len(paths)], HTTP_HOST="127.0.0.1", REMOTE_ADDR=address
        )
        if response.status_code != 200:
            raise SystemExit(f"{paths[number % len(paths)]} answered {response.status_code}")

    for number in range(min(len(paths), 50)):  # templates loaded, connections open
        ask(number)
    # Wall time, and this process's CPU time: on a shared machine the second is the steadier.
    timings, cpu = [], []
    for number in range(options.requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        ask(1000 + number)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    print(
        f"{options.requests} requests over {len(paths)} pages: median "
        f"{statistics.median(timings):.2f} ms (CPU {statistics.median(cpu):.2f} ms, fastest "
        f"tenth {statistics.quantiles(cpu, n=10)[0]:.2f} ms), max {max(timings):.2f} ms"
    )
    profiler = cProfile.Profile()
    profiler.enable()
    for number in range(options.requests):
        ask(2000 + number)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    areas: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():
        areas[area_of(filename)] = areas.get(area_of(filename), 0.0) + own
    each = total / options.requests * 1000
    calls = stats.total_calls / options.requests
    print(f"\nOwn time by area under cProfile ({each:.2f} ms, {calls:,.0f} calls a request):")
    for area, seconds in sorted(areas.items(), key=lambda item: -item[1]):
        print(f"  {area:<42} {seconds / options.requests * 1000:6.2f} ms  {seconds / total:5.1%}")
    print("\nInclusive time of what the issue asks about (ms a request, calls a request):")
    watched = {
        "render (Template.render)": ("django/template/base.py", "render"),
        "reverse()": ("django/urls/base.py", "reverse"),
        "gettext()": ("django/utils/translation/trans_real.py", "gettext"),
        "SQL compile (SQLCompiler.as_sql)": ("django/db/models/sql/compiler.py", "as_sql"),
        "SQL execute (CursorWrapper.execute)": ("django/db/backends/utils.py", "execute"),
        "context processor site()": ("kcinema/context_processors.py", "site"),
        "template loading (Engine.find_template)": ("django/template/engine.py", "find_template"),
    }
    for label, (file_end, function) in watched.items():
        calls = cumulative = 0.0
        for (filename, _line, name), (_cc, nc, _own, cum, _callers) in stats.stats.items():
            if filename.endswith(file_end) and name == function:
                calls += nc
                cumulative = max(cumulative, cum)  # nested calls are inside the outer one
        print(
            f"  {label:<42} {cumulative / options.requests * 1000:6.2f} ms "
            f"{calls / options.requests:7.1f} calls"
        )
    print(f"\nThe {options.top} functions with the most own time:")
    stats.sort_stats("tottime").print_stats(options.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
