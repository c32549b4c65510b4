"""Reads from a PostgreSQL read replica (DATABASE_REPLICA_URL) for anonymous page views only.

Anonymous GET and HEAD requests (no session, no comment of the visitor's own waiting, no message)
are nearly all of a public site's traffic and can bear a replica's lag of a second or so: they
are read from the replica. Everything else reads from the primary: sign-ins, staff and the admin,
forms and their answers, a visitor who just commented, the background worker and every command,
and any request once it has written something (it then reads its own writes). Writes and
migrations always go to the primary.

Configured only when DATABASE_REPLICA_URL is set (kcinema.settings adds the "replica" database,
this router and the middleware); without it nothing here runs.
"""

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
# The cookies that make a request personal: its pages must show the visitor's own latest state.
PERSONAL_COOKIES = ("kcinema_own_comments", "messages")

_use_replica: ContextVar[bool] = ContextVar("kcinema_use_replica", default=False)


def request_may_read_replica(request: HttpRequest) -> bool:
    if request.method not in {"GET", "HEAD"}:
        return False
    cookies = (settings.SESSION_COOKIE_NAME, *PERSONAL_COOKIES)
    return not any(name in request.COOKIES for name in cookies)


class ReplicaMiddleware:
    """Marks the anonymous page views whose reads may go to the replica, for this request only."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _use_replica.set(request_may_read_replica(request))
        try:
            return self.get_response(request)
        finally:
            _use_replica.reset(token)


class ReplicaRouter:
    """Django's database router: reads of anonymous page views from the replica."""

    def db_for_read(self, model: type, **hints: object) -> str:
        if _use_replica.get() and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"  # inside a transaction on the primary, read what it sees

    def db_for_write(self, model: type, **hints: object) -> str:
        _use_replica.set(False)  # the rest of this request reads what it wrote
        return "default"

    def allow_relation(self, first: object, second: object, **hints: object) -> bool:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool:
        return db == "default"
