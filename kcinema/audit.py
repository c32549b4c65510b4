"""What the audit log follows: every model staff edit in the catalogue, watch and community apps,
the firewall's allow and block lists, and the accounts, registered with django-auditlog in one
place, above every app."""

from auditlog.registry import auditlog
from django.apps import apps

# The site's own bookkeeping, rebuilt by code rather than edited by staff: logging it would bury
# the edits. (Search's index and shield's counters, blocks and traffic are not followed at all.)
NOT_FOLLOWED = {"catalog.similarfilm"}
FOLLOWED_APPS = ("catalog", "watch", "community")
# Of the shield, what staff decide: who is always let in or kept out.
FOLLOWED_MODELS = ("shield.ListEntry",)
# An account's password hash and sign-in time are not a staff edit, and never belong in a log.
ACCOUNT_FIELDS_NOT_LOGGED = ["password", "last_login"]


def follow_staff_edits() -> None:
    """Register the followed models with auditlog (called once, from KcinemaConfig.ready)."""
    for label in FOLLOWED_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower not in NOT_FOLLOWED and not auditlog.contains(model):
                auditlog.register(model)
    for label in FOLLOWED_MODELS:
        if not auditlog.contains(model := apps.get_model(label)):
            auditlog.register(model)
    for model in (apps.get_model("auth", "User"), apps.get_model("auth", "Group")):
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=ACCOUNT_FIELDS_NOT_LOGGED)
