"""The audit log: django-auditlog's record of what staff changed, told the client's address as
shield reads it, and pruned by age together with axes' sign-in records."""

from datetime import timedelta

from auditlog import middleware as auditlog_middleware
from auditlog.models import LogEntry
from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from shield.addresses import UNKNOWN, client_address
from shield.ratelimits import allow

PRUNE_EVERY_SECONDS = 24 * 3600


class AuditlogMiddleware(auditlog_middleware.AuditlogMiddleware):
    """auditlog's own reads the first X-Forwarded-For entry, which any client can forge: entries
    carry the address through the proxies the operator trusts instead."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        address = client_address(request)
        return None if address == UNKNOWN else address

    @staticmethod
    def _get_remote_port(request: HttpRequest) -> None:
        return None  # X-Forwarded-Port is the client's to forge as well


def prune_audit_log(*, now: timezone.datetime | None = None) -> int:
    """Delete audit and sign-in entries older than AUDIT_LOG_RETENTION_DAYS; returns how many."""
    before = (now or timezone.now()) - timedelta(days=settings.AUDIT_LOG_RETENTION_DAYS)
    removed, _ = LogEntry.objects.filter(timestamp__lt=before).delete()
    removed += AccessLog.objects.filter(attempt_time__lt=before).delete()[0]
    removed += AccessFailureLog.objects.filter(attempt_time__lt=before).delete()[0]
    return removed


def queue_pruning() -> bool:
    """Queue the daily pruning unless another worker process already did today."""
    from shield.tasks import prune_audit_log_task

    if not allow("audit-prune", "daily", 1, PRUNE_EVERY_SECONDS):
        return False
    prune_audit_log_task.enqueue()
    return True
