"""What the shield keeps: shared counters, the operators' allow and block lists, the firewall's
blocks (their history, for growing repeats and `kcinema shield explain`), its off switch, and
the traffic log of blocked and offending requests."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Counter(models.Model):
    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key} = {self.count}"


class ListEntry(models.Model):
    """An operator's rule: always let in, or always keep out, an address, a range of addresses
    or every user agent that contains a text."""

    class Action(models.TextChoices):
        ALLOW = "allow", _("allow")
        BLOCK = "block", _("block")

    class Kind(models.TextChoices):
        ADDRESS = "address", _("address or range")
        USER_AGENT = "user_agent", _("user agent contains")

    action = models.CharField(_("action"), max_length=5, choices=Action.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ADDRESS)
    value = models.CharField(
        _("value"),
        max_length=200,
        help_text=_("An address (203.0.113.7), a range (203.0.113.0/24, 2001:db8::/48) or a text."),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    expires_at = models.DateTimeField(
        _("expires"), null=True, blank=True, help_text=_("Empty: until removed.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.CharField(_("created by"), max_length=150, blank=True, editable=False)

    class Meta:
        verbose_name = _("allow or block list entry")
        verbose_name_plural = _("allow and block lists")
        ordering = ["action", "kind", "value"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.value}"


class Block(models.Model):
    """One block of a source (an IPv4 address or an IPv6 /64) by the firewall."""

    group = models.CharField(_("source"), max_length=64, db_index=True)
    reason = models.CharField(_("reason"), max_length=30)
    level = models.PositiveSmallIntegerField(_("repeat"), default=0)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    ends_at = models.DateTimeField(_("ends"), db_index=True)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.CharField(_("lifted by"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["group", "started_at"], name="shield_block_group_start")]

    def __str__(self) -> str:
        return f"{self.group} until {self.ends_at:%Y-%m-%d %H:%M}"


class FirewallSwitch(models.Model):
    """The emergency off switch (`kcinema shield off`): one row, shared by every server."""

    off = models.BooleanField(_("off"), default=False)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    changed_by = models.CharField(_("changed by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("firewall switch")
        verbose_name_plural = _("firewall switch")

    def __str__(self) -> str:
        return str(_("off") if self.off else _("on"))


class TrafficEntry(models.Model):
    """A blocked or offending request, as much of it as helps an operator see who attacks."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    group = models.CharField(_("source"), max_length=64, db_index=True)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=300)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=30, db_index=True)
    status = models.PositiveSmallIntegerField(_("status"))

    class Meta:
        verbose_name = _("traffic log entry")
        verbose_name_plural = _("traffic log")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.group} {self.method} {self.path}"
