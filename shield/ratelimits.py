"""Rate limits for forms and endpoints, counted per visitor across all processes."""

import hashlib
import time

from django.http import HttpRequest

from shield.addresses import client_address, request_group
from shield.counters import counters
from shield.offences import RATE_LIMITED, record_offence

__all__ = ["allow", "allow_request", "client_address"]


def allow(scope: str, identity: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt by this identity; False once it made more than `limit` in the window."""
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    window = int(time.time() // window_seconds)
    key = f"ratelimit:{scope}:{digest}:{window}"
    return counters().increment(key, window_seconds) <= limit


def allow_request(request: HttpRequest, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt by the request's address group (an IPv4 address or an IPv6 /64); a
    refused one is an offence too (shield.offences), so a source that keeps hammering is blocked."""
    if allow(scope, request_group(request), limit, window_seconds):
        return True
    record_offence(request, RATE_LIMITED, status=429)
    return False
