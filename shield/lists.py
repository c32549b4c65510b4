"""The operators' allow and block lists and the off switch, and the snapshot of them that the
firewall reads on every request from the shared cache (rebuilt from the database when missing,
dropped by every write here, so all servers follow an edit at their next request)."""

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shield.addresses import IPAddress, IPNetwork, parse_address
from shield.blocks import mirror_active_blocks
from shield.models import FirewallSwitch, ListEntry

# Sorts before every "shield:block:" key: the database cache culls the lowest keys first, so
# while the snapshot is there, so are the blocks mirrored since it was built (shield.blocks).
RULES_KEY = "shield:0:rules"
RULES_LONGEST_SECONDS = 24 * 3600
MAX_AGENT_TEXT = 200


@dataclass(frozen=True)
class Rule:
    entry_id: int
    action: str
    network: IPNetwork | None = None
    agent_text: str = ""  # lower case

    def matches(self, address: IPAddress | None, user_agent: str) -> bool:
        if self.network is not None:
            return address is not None and address in self.network
        return self.agent_text in user_agent


@dataclass(frozen=True)
class Rules:
    off: bool = False
    allow: tuple[Rule, ...] = ()
    block: tuple[Rule, ...] = ()
    valid_until: datetime | None = field(default=None, compare=False)

    def allowing(self, address: IPAddress | None, user_agent: str) -> Rule | None:
        return first_match(self.allow, address, user_agent)

    def blocking(self, address: IPAddress | None, user_agent: str) -> Rule | None:
        return first_match(self.block, address, user_agent)


def first_match(rules: tuple[Rule, ...], address: IPAddress | None, agent: str) -> Rule | None:
    if not rules:
        return None
    lowered = agent.lower()
    return next((rule for rule in rules if rule.matches(address, lowered)), None)


def parse_network(value: str) -> IPNetwork:
    """An address or a range; ValidationError otherwise."""
    try:
        return ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is neither an address nor a range of addresses."),
            params={"value": value[:100]},
        ) from None


def rule_of(entry: ListEntry) -> Rule:
    if entry.kind == ListEntry.Kind.ADDRESS:
        return Rule(entry.pk, entry.action, network=parse_network(entry.value))
    return Rule(entry.pk, entry.action, agent_text=entry.value.lower())


def active_entries():
    now = timezone.now()
    return ListEntry.objects.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def build_rules() -> Rules:
    entries = list(active_entries())
    rules = [rule_of(entry) for entry in entries]
    expiries = [entry.expires_at for entry in entries if entry.expires_at]
    return Rules(
        off=FirewallSwitch.objects.filter(off=True).exists(),
        allow=tuple(rule for rule in rules if rule.action == ListEntry.Action.ALLOW),
        block=tuple(rule for rule in rules if rule.action == ListEntry.Action.BLOCK),
        valid_until=min(expiries, default=None),
    )


def snapshot_seconds(rules: Rules) -> int:
    """Kept until the first entry expires, so an expired entry stops counting on time."""
    if rules.valid_until is None:
        return RULES_LONGEST_SECONDS
    seconds = (rules.valid_until - timezone.now()).total_seconds()
    return max(1, min(RULES_LONGEST_SECONDS, int(seconds) + 1))


def current_rules(cached: Rules | None = None) -> Rules:
    """The snapshot from the shared cache (`cached`, when the caller already read it), else
    built afresh; a lost snapshot may mean lost copies of blocks, so those are copied again."""
    if cached is not None:
        return cached
    cached = cache.get(RULES_KEY)
    if cached is not None:
        return cached
    rules = build_rules()
    mirror_active_blocks()
    cache.set(RULES_KEY, rules, snapshot_seconds(rules))
    return rules


def forget_rules() -> None:
    cache.delete(RULES_KEY)


def clean_entry(entry: ListEntry) -> None:
    """What an entry must be: a parseable address or range, or a text of a few characters."""
    entry.value = entry.value.strip()
    if entry.kind == ListEntry.Kind.ADDRESS:
        entry.value = str(parse_network(entry.value))
    elif len(entry.value) < 3 or len(entry.value) > MAX_AGENT_TEXT:
        raise ValidationError(_("A user agent text has 3 to 200 characters."))


def save_entry(entry: ListEntry) -> ListEntry:
    """Store an entry (from the admin or the command) and make every server follow it."""
    clean_entry(entry)
    entry.save()
    forget_rules()
    return entry


def add_entry(
    action: str, value: str, *, kind: str, reason: str = "", days: float | None = None, by: str = ""
) -> ListEntry:
    expires_at = timezone.now() + timedelta(days=days) if days else None
    entry = ListEntry(
        action=action, kind=kind, value=value, reason=reason, expires_at=expires_at, created_by=by
    )
    return save_entry(entry)


def delete_entries(entries) -> int:
    deleted, _kinds = entries.delete()
    forget_rules()
    return deleted


def entries_matching(address: str) -> list[ListEntry]:
    """The active address entries that cover an address (for explain)."""
    parsed = parse_address(address)
    if parsed is None:
        return []
    found = active_entries().filter(kind=ListEntry.Kind.ADDRESS)
    return [entry for entry in found if parsed in parse_network(entry.value)]


def switch_off(*, off: bool, by: str = "") -> None:
    """The emergency switch: off lets every request through on every server at once."""
    FirewallSwitch.objects.update_or_create(
        pk=1, defaults={"off": off, "changed_at": timezone.now(), "changed_by": by}
    )
    forget_rules()


def is_switched_off() -> bool:
    return FirewallSwitch.objects.filter(off=True).exists()
