"""Background jobs of the shield, run by the database-backed worker (`kcinema worker`)."""

from django.tasks import task

from shield.audit import prune_audit_log


@task
def prune_audit_log_task() -> int:
    return prune_audit_log()
