"""Why an address is (or is not) kept out, in words an operator reads at a terminal: the off
switch, the lists that cover it, its running block, its score and its recent history."""

from django.conf import settings
from django.utils import timezone

from shield.addresses import address_group, parse_address
from shield.blocks import active_blocks, recent_blocks
from shield.lists import current_rules, entries_matching
from shield.offences import current_score
from shield.traffic import recent_for

TIME_FORMAT = "%Y-%m-%d %H:%M:%S %Z"


def when(moment) -> str:
    return timezone.localtime(moment).strftime(TIME_FORMAT) if moment else "-"


def explain(address: str) -> list[str]:
    """Lines saying what the firewall does with requests from this address, and why."""
    if parse_address(address) is None:
        raise ValueError(f"{address!r} is not an IPv4 or IPv6 address")
    group = address_group(address)
    lines = [f"address {address} (counted as {group})"]
    lines += switch_lines()
    lines += [list_line(entry) for entry in entries_matching(address)]
    lines += block_lines(group)
    lines += [
        f"{entry.at:%Y-%m-%d %H:%M:%S} {entry.kind} {entry.status} {entry.method} {entry.path}"
        for entry in recent_for(group)
    ]
    return lines


def switch_lines() -> list[str]:
    if not settings.KCINEMA_SHIELD:
        return ["firewall: OFF by the setting KCINEMA_SHIELD: nothing is blocked"]
    if current_rules().off:
        return ["firewall: OFF by `kcinema shield off`: nothing is blocked"]
    return ["firewall: on"]


def list_line(entry) -> str:
    verdict = "ALLOWED" if entry.action == "allow" else "BLOCKED"
    return (
        f"{verdict} by the {entry.action} list entry {entry.value} "
        f"(reason: {entry.reason or '-'}; expires: {when(entry.expires_at)}; "
        f"added {when(entry.created_at)} by {entry.created_by or '-'})"
    )


def block_lines(group: str) -> list[str]:
    running = active_blocks().filter(group=group).first()
    lines = [
        f"BLOCKED until {when(running.ends_at)} ({running.reason}, repeat {running.level})"
        if running
        else "not blocked by the firewall now",
        f"offence score in this window: {current_score(group)} "
        f"(a block at each {settings.SHIELD_THRESHOLD})",
    ]
    for block in recent_blocks(group):
        lifted = f", lifted {when(block.lifted_at)} by {block.lifted_by}" if block.lifted_at else ""
        lines.append(
            f"block {when(block.started_at)} to {when(block.ends_at)}: {block.reason}, "
            f"repeat {block.level}{lifted}"
        )
    return lines
