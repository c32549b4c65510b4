"""The one HTTP client every importer goes through (httpx): timeouts, retries with backoff on
429 and 5xx (honouring Retry-After), a polite limit on concurrent requests per source, a limit
on the size of an answer (read no further than it), a local cache of responses so that a
re-run or a resumed run asks nothing twice, and API keys that come from the environment and
never reach a log line, an error message or the cache's file names. JSON answers and images
(`get_bytes`) share all of it.

Tests hand in an httpx.MockTransport replaying recorded responses; nothing here is mocked."""

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import httpx

log = logging.getLogger(__name__)


class _SecretsOutOfLogs(logging.Filter):
    """httpx logs every request's full address at INFO, query and all: the keys SourceClients
    send are replaced in those lines before any handler sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            for secret in sorted(self.secrets, key=len, reverse=True):
                message = message.replace(secret, "[secret]")
            record.msg, record.args = message, ()
        return True


_secrets_out_of_logs = _SecretsOutOfLogs()
logging.getLogger("httpx").addFilter(_secrets_out_of_logs)

USER_AGENT = "kcinema-importer/1.0 (https://github.com/kcinema; self-hosted Korean film library)"
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
RETRIED_STATUSES = {429, 500, 502, 503, 504}
MAX_ATTEMPTS = 5
MAX_BACKOFF_SECONDS = 60.0
MAX_RESPONSE_BYTES = 20 * 1024 * 1024


class SourceError(RuntimeError):
    """The source could not be read (network down, refused, not JSON): the import stops here,
    with whole films written, and resumes from the same place next run. `status` is the HTTP
    status when the source answered with an error, `body` the start of that answer (a reader
    turns its source's documented error JSON into a message; no key is ever in it)."""

    def __init__(self, message: str, *, status: int | None = None, body: bytes = b"") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class TooLarge(SourceError):
    """An answer longer than the caller's limit: nothing past the limit was read."""


class SourceClient:
    """GETs JSON (or an image's bytes) from one source. `secret_params` (an API key) are sent
    but never logged or cached under; `max_concurrent` bounds requests in flight across threads;
    `cache_dir` keeps each successful response, keyed by URL and public parameters, for
    `cache_seconds`."""

    def __init__(
        self,
        name: str,
        *,
        secret_params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        cache_dir: Path | None = None,
        cache_seconds: float = 7 * 24 * 3600,
        max_concurrent: int = 2,
        transport: httpx.BaseTransport | None = None,
        sleep=time.sleep,
    ) -> None:
        self.name = name
        self._secret = dict(secret_params or {})
        for value in self._secret.values():
            if value:
                # as written, and as httpx writes it in an address
                _secrets_out_of_logs.secrets |= {value, str(httpx.QueryParams({"v": value}))[2:]}
        self._cache_dir = cache_dir
        self._cache_seconds = cache_seconds
        self._slots = threading.BoundedSemaphore(max_concurrent)
        self._sleep = sleep
        self.requests = 0  # sent over the network, cached answers not counted
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})},
            timeout=TIMEOUT,
            follow_redirects=True,
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "SourceClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_json(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        *,
        keep: Callable[[Any], bool] | None = None,
    ) -> Any:
        """The JSON at `url`. `keep` says whether an answer may be cached: sources that answer
        errors with 200 and a JSON body (KOBIS's faultInfo) must not have them replayed."""
        public = {key: str(value) for key, value in (params or {}).items()}
        cached = self._cached(url, public)
        if cached is not None:
            return cached
        body = self._fetch(url, public)
        try:
            data = json.loads(body)
        except ValueError as error:
            raise SourceError(f"{self.name}: {self._show(url, public)} is not JSON") from error
        if keep is None or keep(data):
            self._keep(url, public, body)
        return data

    def get_bytes(self, url: str, *, max_bytes: int, accept: str = "image/*") -> bytes:
        """The body at `url` (an image), cached by its URL like JSON answers: a re-run reads it
        from the cache. An answer longer than `max_bytes` raises TooLarge, having read no more
        than that (a Content-Length that says so is not read at all)."""
        path = self._cache_file(url, {}, suffix=".bin")
        if path is not None and self._fresh(path):
            return path.read_bytes()
        body = self._fetch(url, {}, max_bytes=max_bytes, headers={"Accept": accept})
        self._keep(url, {}, body, suffix=".bin")
        return body

    def _fetch(
        self,
        url: str,
        params: dict[str, str],
        *,
        max_bytes: int = MAX_RESPONSE_BYTES,
        headers: Mapping[str, str] | None = None,
    ) -> bytes:
        shown = self._show(url, params)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            with self._slots:
                try:
                    status, body, response = self._send(url, params, shown, max_bytes, headers)
                except httpx.TransportError as error:
                    if attempt == MAX_ATTEMPTS:
                        raise SourceError(f"{self.name}: {shown}: {type(error).__name__}") from None
                    status, body, response = None, b"", None
            if status is not None and status not in RETRIED_STATUSES:
                if status >= 400:
                    raise SourceError(
                        f"{self.name}: {shown} answered {status}", status=status, body=body
                    )
                return body
            if attempt == MAX_ATTEMPTS:
                raise SourceError(
                    f"{self.name}: {shown} still answered {status or 'no answer'}, giving up",
                    status=status,
                    body=body,
                )
            wait = _retry_after(response) or min(MAX_BACKOFF_SECONDS, 2.0 ** (attempt - 1))
            log.info("%s: %s, retrying in %.0f s", self.name, shown, wait)
            self._sleep(wait)
        raise AssertionError("unreachable")

    def _send(
        self,
        url: str,
        params: dict[str, str],
        shown: str,
        max_bytes: int,
        headers: Mapping[str, str] | None,
    ) -> tuple[int, bytes, httpx.Response]:
        """One request, its body read as it streams in: (status, body, response). An error's
        body is cut at 2,000 bytes; a success longer than `max_bytes` raises TooLarge."""
        # Merged into the address's own query (httpx's params= would replace it).
        address = httpx.URL(url).copy_merge_params({**params, **self._secret})
        request = self._client.build_request("GET", address, headers=headers)
        response = self._client.send(request, stream=True)
        self.requests += 1
        try:
            if response.status_code >= 400:
                return response.status_code, _read_at_most(response, 2000), response
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise TooLarge(f"{self.name}: {shown} is larger than {_size(max_bytes)}")
            body = _read_at_most(response, max_bytes + 1)
            if len(body) > max_bytes:
                raise TooLarge(f"{self.name}: {shown} is larger than {_size(max_bytes)}")
            return response.status_code, body, response
        finally:
            response.close()

    def _show(self, url: str, params: dict[str, str]) -> str:
        """The request as logs and errors show it: public parameters only, never a key."""
        return str(httpx.URL(url).copy_merge_params(params))

    def _cache_file(
        self, url: str, params: dict[str, str], *, suffix: str = ".json"
    ) -> Path | None:
        if self._cache_dir is None:
            return None
        digest = hashlib.sha256(self._show(url, params).encode()).hexdigest()
        return self._cache_dir / self.name / digest[:2] / f"{digest}{suffix}"

    def _fresh(self, path: Path) -> bool:
        return path.exists() and time.time() - path.stat().st_mtime <= self._cache_seconds

    def _cached(self, url: str, params: dict[str, str]) -> Any:
        path = self._cache_file(url, params)
        if path is None or not self._fresh(path):
            return None
        try:
            return json.loads(path.read_bytes())
        except ValueError:
            return None  # a torn write: ask again

    def _keep(
        self, url: str, params: dict[str, str], body: bytes, *, suffix: str = ".json"
    ) -> None:
        path = self._cache_file(url, params, suffix=suffix)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(body)
        partial.replace(path)


def _read_at_most(response: httpx.Response, limit: int) -> bytes:
    """The body of a streamed response, no more than `limit` bytes of it."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    return b"".join(chunks)[:limit]


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB"


def _retry_after(response: httpx.Response | None) -> float | None:
    if response is None:
        return None
    value = response.headers.get("Retry-After", "")
    try:
        return min(MAX_BACKOFF_SECONDS, max(0.0, float(value)))
    except ValueError:
        return None


def keyed_client(
    name: str,
    label: str,
    *,
    setting: str,
    parameter: str,
    where: str,
    cache_dir: Path | None,
    transport: httpx.BaseTransport | None = None,
) -> SourceClient:
    """A client for a source whose key comes from the settings (`setting`, read from the
    environment) and goes in the query as `parameter`; SourceError saying what to set and where
    to get it (`where`) when there is none."""
    from django.conf import settings

    key = getattr(settings, setting, "").strip()
    if not key:
        raise SourceError(f"{label} needs an API key: set {setting} to your key ({where}).")
    return SourceClient(
        name, secret_params={parameter: key}, cache_dir=cache_dir, transport=transport
    )
