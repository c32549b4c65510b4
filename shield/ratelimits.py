"""Rate limits for forms and endpoints, counted per visitor across all processes."""

import hashlib
import time

from django.conf import settings
from django.http import HttpRequest

from shield.counters import counters


def client_address(request: HttpRequest) -> str:
    """The visitor's IP address; behind a trusted proxy, the last address it added."""
    if getattr(settings, "KCINEMA_BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def allow(scope: str, identity: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt by this identity; False once it made more than `limit` in the window."""
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    window = int(time.time() // window_seconds)
    key = f"ratelimit:{scope}:{digest}:{window}"
    return counters().increment(key, window_seconds) <= limit


def allow_request(request: HttpRequest, scope: str, limit: int, window_seconds: int) -> bool:
    return allow(scope, client_address(request), limit, window_seconds)
