"""Compressed pages: HTML, JSON, XML and feeds sent with brotli or gzip when the browser accepts
it (Accept-Encoding, with its q-values: q=0 refuses), `Vary: Accept-Encoding` on every answer
that could have been compressed. Static files are not this module's: WhiteNoise serves their
pre-compressed copies.

Why not Django's GZipMiddleware: no brotli, and it ignores q-values. The compressed bytes of
pages the page cache serves (weak ETag) are remembered per process, so a page that is read a
thousand times is compressed once per worker, not a thousand times (see docs in the report:
compressing a 60 KB film page costs ~0.4 ms with brotli at quality 5, ~0.3 ms with gzip)."""

import gzip
import threading
from collections import OrderedDict
from collections.abc import Callable

import brotli
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

COMPRESSIBLE_TYPES = (
    "text/html",
    "text/plain",
    "text/xml",
    "text/css",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/ld+json",
    "image/svg+xml",
)
MIN_SIZE = 860  # below one packet's worth, compression saves nothing worth its headers
BROTLI_QUALITY = 5  # of 11: most of brotli's gain over gzip for a fraction of its time
GZIP_LEVEL = 6
REMEMBERED_PAGES = 256  # compressed copies of cached pages kept per worker (~20 KB each)


def accepted_encoding(accept_encoding: str) -> str | None:
    """br or gzip, whichever the browser accepts (br when both, at equal q), else None."""
    weights: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        coding, _semicolon, parameters = part.strip().partition(";")
        weight = 1.0
        for parameter in parameters.split(";"):
            name, _equals, value = parameter.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[coding.strip()] = weight
    star = weights.get("*", 0.0)
    best = None
    for coding in ("br", "gzip"):
        weight = weights.get(coding, star)
        if weight > 0 and (best is None or weight > best[1]):
            best = (coding, weight)
    return best[0] if best else None


def compress(content: bytes, coding: str) -> bytes:
    if coding == "br":
        return brotli.compress(content, quality=BROTLI_QUALITY, mode=brotli.MODE_TEXT)
    return gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)


def compressible(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return (
        not response.streaming
        and response.status_code == 200
        and content_type in COMPRESSIBLE_TYPES
        and not response.has_header("Content-Encoding")
        and "no-transform" not in response.get("Cache-Control", "")
    )


class CompressionMiddleware:
    """Outermost but for the security headers: what every other middleware wrote is sent
    compressed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.remembered: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self.lock = threading.Lock()  # a worker's threads share the remembered copies

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not compressible(response):
            return response
        patch_vary_headers(response, ["Accept-Encoding"])
        if len(response.content) < MIN_SIZE:
            return response
        coding = accepted_encoding(request.headers.get("Accept-Encoding", ""))
        if coding is None:
            return response
        response.content = self.compressed(response, coding)
        response["Content-Encoding"] = coding
        response["Content-Length"] = str(len(response.content))
        if (etag := response.get("ETag")) and not etag.startswith("W/"):
            # Other bytes than the page's: at most the same page in meaning (RFC 9110, 8.8.3).
            response["ETag"] = "W/" + etag
        return response

    def compressed(self, response: HttpResponse, coding: str) -> bytes:
        """Pages the page cache serves carry an ETag that names their bytes: compress each once."""
        etag = response.get("ETag") if response.get("X-Kcinema-Cache") in ("hit", "miss") else None
        if etag is None:
            return compress(response.content, coding)
        key = (etag, coding)
        with self.lock:
            if (kept := self.remembered.get(key)) is not None:
                self.remembered.move_to_end(key)
                return kept
        content = compress(response.content, coding)
        with self.lock:
            self.remembered[key] = content
            if len(self.remembered) > REMEMBERED_PAGES:
                self.remembered.popitem(last=False)
        return content
