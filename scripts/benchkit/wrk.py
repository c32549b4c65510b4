"""wrk for the site benchmark: the Lua script that rotates through many paths and reports the
figures wrk's own summary leaves out, and the parser of that report."""

import subprocess
from pathlib import Path
from typing import Any

CONNECTIONS = 8
THREADS = 2
# Each thread starts this far into the path list, so that the two do not ask the same pages.
THREAD_STRIDE = 499
RESULT_FIELDS = 11


def lua_script(paths: list[str], headers: dict[str, str] | None = None) -> str:
    """A wrk script: each thread walks `paths` in turn from its own starting point, each request
    from its own simulated visitor address (the server trusts X-Forwarded-For from 127.0.0.1, so
    per-visitor rate limits count each apart); its RESULT line carries p50/p90/p95/p99 and
    non-2xx answers. `headers` are sent with every request (e.g. Accept-Encoding)."""
    if not paths:
        raise ValueError("wrk needs at least one path")
    for path in paths:
        if not path.startswith("/") or any(c in path for c in '"\\\n\r'):
            raise ValueError(f"not a path wrk can be given: {path!r}")
    listed = ",\n".join(f'  "{path}"' for path in paths)
    extra = "".join(
        f'  headers["{_lua_text(name)}"] = "{_lua_text(value)}"\n'
        for name, value in (headers or {}).items()
    )
    return f"""-- Written by scripts/benchkit/wrk.py: {len(paths)} paths, rotated.
local paths = {{
{listed}
}}
local threads = 0
function setup(thread)
  thread:set("start", threads * {THREAD_STRIDE})
  threads = threads + 1
end
local counter = 0
function init(args)
  counter = start or 0
end
local visitor = 0
function request()
  counter = counter % #paths + 1
  visitor = visitor + 1
  local headers = {{}}
  headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", (start or 0) % 256,
    math.floor(visitor / 256) % 256, visitor % 256)
{extra}  return wrk.format("GET", paths[counter], headers)
end
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "RESULT %d %d %d %d %d %d %d %d %d %d %d\\n",
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean, summary.bytes))
end
"""


def _lua_text(text: str) -> str:
    if any(c in text for c in '"\\\n\r'):
        raise ValueError(f"not a header wrk can send: {text!r}")
    return text


def parse_result(output: str) -> dict[str, Any]:
    """The figures of a run of a script from lua_script(), from wrk's standard output."""
    lines = [line for line in output.splitlines() if line.startswith("RESULT ")]
    if not lines:
        raise ValueError("wrk printed no RESULT line (did the script run?)")
    fields = lines[-1].split()[1:]
    if len(fields) != RESULT_FIELDS:
        raise ValueError(
            f"wrk's RESULT line has {len(fields)} fields, not {RESULT_FIELDS}: {lines[-1]!r}"
        )
    requests, duration, non_2xx, errors, p50, p90, p95, p99, most, mean, size = (
        float(value) for value in fields
    )
    if duration <= 0:
        raise ValueError("wrk ran for no time")
    return {
        "requests": int(requests),
        "requests_per_second": requests / (duration / 1e6),
        "non_2xx": int(non_2xx),
        "socket_errors": int(errors),
        "p50_ms": p50 / 1000,
        "p90_ms": p90 / 1000,
        "p95_ms": p95 / 1000,
        "p99_ms": p99 / 1000,
        "max_ms": most / 1000,
        "mean_ms": mean / 1000,
        "mean_bytes": size / requests if requests else 0.0,
    }


def run(script: Path, base: str, seconds: int) -> dict[str, Any]:
    """wrk -t2 -c8 for `seconds` on `base` with `script`; its figures."""
    command = [
        "wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s",
        "--latency", "-s", str(script), base,
    ]  # fmt: skip
    completed = subprocess.run(  # noqa: S603 - our own command line
        command, capture_output=True, text=True, timeout=seconds + 60, check=True
    )
    return parse_result(completed.stdout)
