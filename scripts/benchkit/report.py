"""The site benchmark's one table (markdown): every figure beside the issue's target.

The targets (issue 12) are set for 100,000 films on a 2-core machine; smaller catalogues show
them too, for comparison, with their verdict in brackets."""

from typing import Any

PAGES = ["film", "person", "genre", "home", "search"]
UNCACHED_FLOOR = {"film": 400.0, "person": 400.0, "genre": 400.0, "home": 400.0}
FILM_P99_MS = 50.0
FILM_SHARE_OF_BARE = 0.5
CACHED_FLOOR = 2000.0
NGINX_SHARE_OF_STATIC = 0.8
WORKER_RSS_MB = 150.0
FILM_PAGE_KB = 30.0
TARGET_FILMS = 100_000
HEADER = "| Catalogue | What | req/s | p50 ms | p99 ms | Other | Target | Met |"
RULE = "|---|---|--:|--:|--:|---|---|---|"


def table(catalogues: list[dict[str, Any]]) -> str:
    """The markdown table of every catalogue's figures (see run.measure_catalogue)."""
    rows = [HEADER, RULE]
    for catalogue in catalogues:
        rows.extend(catalogue_rows(catalogue))
    return "\n".join(rows) + "\n"


def catalogue_rows(catalogue: dict[str, Any]) -> list[str]:
    name = catalogue["name"]
    binding = catalogue["films"] >= TARGET_FILMS
    rows = []

    def row(what: str, served: dict | None, other: str = "", target: str = "", met=None) -> None:
        figures = ["—", "—", "—"]
        if served:
            figures = [
                f"{served['requests_per_second']:,.0f}",
                f"{served['p50_ms']:.1f}",
                f"{served['p99_ms']:.1f}",
            ]
            failed = served.get("non_2xx", 0) + served.get("socket_errors", 0)
            if failed:
                other = ", ".join(filter(None, [other, f"{failed:,} failed"]))
        rows.append(
            f"| {name} | {what} | {' | '.join(figures)} | {other} | {target} | "
            f"{verdict(met, binding)} |"
        )

    bare = catalogue.get("bare")
    bare_rate = bare["requests_per_second"] if bare else None
    if bare:
        row("bare Django page, no database (ceiling)", bare)
    pages = catalogue.get("pages", {})
    for state in ("uncached", "cached"):
        for page in PAGES:
            served = pages.get(f"{page}-{state}")
            if served is None:
                continue
            count = served.get("distinct_paths", 0)
            other = f"{count:,} path{'s' if count != 1 else ''}"
            if state == "cached" and served.get("cache_header"):
                other += f", X-Kcinema-Cache: {served['cache_header']}"
            target, met = page_target(page, state, served, bare_rate)
            row(f"{page} {state}", served, other, target, met)
    static = catalogue.get("nginx_static")
    if static:
        row("nginx, static file (film page's bytes)", static, static.get("label", ""))
    front = catalogue.get("nginx_front")
    if front:
        share = front["requests_per_second"] / static["requests_per_second"] if static else None
        other = front.get("label", "")
        if front.get("nginx_cache"):
            other += f", X-Nginx-Cache: {front['nginx_cache']}"
        if share is not None:
            other += f"; {share:.2f}× static"
        row(
            "film cached through nginx",
            front,
            other,
            f"≥ {NGINX_SHARE_OF_STATIC}× nginx static",
            None if share is None else share >= NGINX_SHARE_OF_STATIC,
        )
    rss = catalogue.get("rss")
    if rss:
        row(
            "worker RSS after the run",
            None,
            f"{rss['workers']} workers: max {rss['max_mb']:.0f} MB"
            + (f" ({rss['max_file_mb']:.0f} MB of it file pages)" if "max_file_mb" in rss else "")
            + f", sum {rss['sum_mb']:.0f} MB",
            f"≤ {WORKER_RSS_MB:.0f} MB a worker",
            rss["max_mb"] <= WORKER_RSS_MB,
        )
    sizes = catalogue.get("sizes")
    if sizes:
        row("film page size with its CSS and JS", None, size_text(sizes), *size_target(sizes))
    return rows


def page_target(
    page: str, state: str, served: dict[str, Any], bare_rate: float | None
) -> tuple[str, bool | None]:
    rate = served["requests_per_second"]
    if state == "cached":
        return f"≥ {CACHED_FLOOR:,.0f} req/s", rate >= CACHED_FLOOR
    if page == "film":
        target = f"≥ {UNCACHED_FLOOR['film']:.0f} req/s, p99 ≤ {FILM_P99_MS:.0f} ms"
        met = rate >= UNCACHED_FLOOR["film"] and served["p99_ms"] <= FILM_P99_MS
        if bare_rate:
            share = rate / bare_rate
            target += f", ≥ {FILM_SHARE_OF_BARE}× bare ({share:.2f}×)"
            met = met and share >= FILM_SHARE_OF_BARE
        return target, met
    if page in UNCACHED_FLOOR:
        return f"≥ {UNCACHED_FLOOR[page]:.0f} req/s", rate >= UNCACHED_FLOOR[page]
    return "", None


def size_text(sizes: dict[str, dict[str, int | None]]) -> str:
    """'HTML 41.2 / gzip 9.8 / br 8.1 KB; CSS …; JS …' (— where the server did not compress)."""
    parts = []
    for name, encodings in sizes.items():
        shown = [f"{(encodings.get('identity') or 0) / 1024:.1f}"]
        for encoding in ("gzip", "br"):
            value = encodings.get(encoding)
            shown.append(f"{encoding} {value / 1024:.1f}" if value is not None else f"{encoding} —")
        parts.append(f"{name} {' / '.join(shown)} KB")
    return "; ".join(parts)


def smallest_total(sizes: dict[str, dict[str, int | None]]) -> int:
    """Bytes a browser accepting gzip and brotli downloads: each file's smallest served form."""
    return sum(min(v for v in encodings.values() if v is not None) for encodings in sizes.values())


def size_target(sizes: dict[str, dict[str, int | None]]) -> tuple[str, bool]:
    total = smallest_total(sizes)
    return (
        f"≤ {FILM_PAGE_KB:.0f} KB compressed (served: {total / 1024:.1f} KB)",
        total <= FILM_PAGE_KB * 1024,
    )


def verdict(met: bool | None, binding: bool) -> str:
    if met is None:
        return ""
    word = "yes" if met else "**no**"
    return word if binding else f"({word})"
