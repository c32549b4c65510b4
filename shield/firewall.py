"""The firewall's verdict on a request, from one read of the shared cache: the lists' snapshot,
the source's block and (for a user agent claiming a search engine's crawler) whether that
crawler was confirmed. Ordinary requests pay that read and nothing else."""

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import get_user
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.module_loading import import_string
from django_otp import DEVICE_ID_SESSION_KEY

from shield.addresses import client_address, parse_address, request_group
from shield.blocks import block_key
from shield.crawlers import cache_key, claimed_crawler, verify
from shield.lists import RULES_KEY, current_rules
from shield.offences import FAKE_CRAWLER, is_probe

MAX_AGENT_READ = 1000  # a longer user agent is read this far: enough for every rule

THROUGH = "through"
BLOCKED = "blocked"
LISTED = "listed"
PROBED = "probe"


@dataclass(frozen=True)
class Verdict:
    action: str
    until: datetime | None = None
    exempt: bool = False  # off, allowed or a verified crawler: no offence counts


def user_agent(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_USER_AGENT", ""))[:MAX_AGENT_READ]


def check(request: HttpRequest) -> Verdict:
    address, group, agent = client_address(request), request_group(request), user_agent(request)
    crawler = claimed_crawler(agent)
    keys = [RULES_KEY, block_key(group)]
    if crawler:
        keys.append(cache_key(crawler, address))
    found = cache.get_many(keys)
    rules = current_rules(found.get(RULES_KEY))
    parsed = parse_address(address)
    if rules.off or rules.allowing(parsed, agent):
        return Verdict(THROUGH, exempt=True)
    if rules.blocking(parsed, agent):
        return Verdict(LISTED)  # the operator's word beats a crawler's credentials
    if crawler and verify(crawler, address, found.get(keys[-1])):
        return Verdict(THROUGH, exempt=True)
    # A snapshot rebuilt just now copied the running blocks back: read this source's again.
    ends = found.get(keys[1]) if RULES_KEY in found else cache.get(keys[1])
    if ends and ends > time.time():
        return Verdict(BLOCKED, until=datetime.fromtimestamp(ends, tz=UTC))
    if is_probe(request.path_info):
        return Verdict(PROBED)
    return Verdict(FAKE_CRAWLER) if crawler else Verdict(THROUGH)


def is_signed_in_staff(request: HttpRequest) -> bool:
    """Read the session only for a blocked source: staff are never kept out by the firewall once
    they have passed both factors (a password alone, which a guesser may have, is not enough)."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return False
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    request.session = store(session_key)
    if not request.session.get(DEVICE_ID_SESSION_KEY):
        return False
    user = get_user(request)
    return bool(user.is_active and user.is_staff)
