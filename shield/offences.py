"""Offences: hostile requests add to their source's score (an IPv4 address or an IPv6 /64);
each time the score in the window passes another multiple of SHIELD_THRESHOLD, the source is
blocked (shield.blocks), for longer each time. Apps call `record_offence(request, kind)` where
they refuse something; the firewall records probes, 404s and fake crawlers itself."""

import re
import time

from django.conf import settings
from django.http import HttpRequest

from shield.addresses import UNKNOWN, client_address, parse_address, request_group
from shield.blocks import block
from shield.counters import counters
from shield.lists import current_rules
from shield.traffic import log_request

PROBE = "probe"
NOT_FOUND = "not_found"
REFUSED_FORM = "refused_form"
CHALLENGE = "challenge"
RATE_LIMITED = "rate_limited"
LOGIN_FAILED = "login_failed"
FAKE_CRAWLER = "fake_crawler"

# How much each kind of offence weighs against SHIELD_THRESHOLD (30 by default): three probes,
# thirty 404s, ten refused forms, fifteen 429s, six failed sign-ins (one more than locks an
# account from an address: a guesser is kept out of the whole site soon after); a fake crawler at
# once.
WEIGHTS = {
    PROBE: 10,
    NOT_FOUND: 1,
    REFUSED_FORM: 3,
    CHALLENGE: 3,
    RATE_LIMITED: 2,
    LOGIN_FAILED: 5,
    FAKE_CRAWLER: 1000,
}

# Paths this site never has: what scanners look for on every server (WordPress and PHP,
# secrets and version control, backups and dumps, database consoles, other servers' admin).
# Matched against the lower-cased path, with or without the /ko/ prefix.
PROBE_PATTERNS = (
    ("server-side scripts", r"\.(php\d?|phtml|asp|aspx|jsp|jspx|cgi|pl|exe|dll)(/|$)"),
    ("WordPress", r"(^|/)(wp-admin|wp-login|wp-content|wp-includes|wp-json|wordpress)(/|\.|$)"),
    ("XML-RPC", r"(^|/)xmlrpc(/|\.|$)"),
    (
        "secrets and version control",
        r"(^|/)\.(env|git|svn|hg|bzr|htaccess|htpasswd|ds_store|aws|ssh|docker|vscode|idea)"
        r"(/|\.|$)",
    ),
    (
        "backups and dumps",
        r"\.(sql|sql\.gz|bak|old|orig|save|swp|backup|tar|tar\.gz|tgz|zip|rar|7z|sqlite3?|db)$",
    ),
    (
        "database consoles and other servers",
        r"(^|/)(phpmyadmin|pma|myadmin|mysqladmin|adminer|cgi-bin|vendor/phpunit|boaform|"
        r"actuator|hnap1|owa|ecp|autodiscover|solr|jenkins|manager/html|server-status|"
        r"config\.json|web\.config|id_rsa|shell|eval-stdin)(/|\.|$)",
    ),
)
PROBES = re.compile("|".join(f"(?:{pattern})" for _name, pattern in PROBE_PATTERNS))


def is_probe(path: str) -> bool:
    return PROBES.search(path.lower()) is not None


def offence_key(group: str) -> str:
    window = settings.SHIELD_WINDOW_SECONDS
    return f"shield:offences:{group}:{int(time.time() // window)}"


def current_score(group: str) -> int:
    return counters().current(offence_key(group))


def is_exempt(request: HttpRequest) -> bool:
    """Switched off, on the allow list or a verified crawler: nothing counts against it."""
    exempt = getattr(request, "shield_exempt", None)
    if exempt is None:
        rules = current_rules()
        agent = request.META.get("HTTP_USER_AGENT", "")
        allowed = rules.allowing(parse_address(client_address(request)), agent)
        exempt = rules.off or allowed is not None
    return exempt


def record_offence(request: HttpRequest, kind: str, *, status: int = 0) -> bool:
    """Count one offence of `kind` against the request's source; True when it blocked it."""
    if not settings.KCINEMA_SHIELD or is_exempt(request):
        return False
    group = request_group(request)
    if group == UNKNOWN:
        return False  # no address to block; blocking "unknown" would block everyone without one
    weight = WEIGHTS[kind]
    score = counters().increment(offence_key(group), settings.SHIELD_WINDOW_SECONDS, weight)
    log_request(request, kind, status)
    threshold = settings.SHIELD_THRESHOLD
    if score // threshold > (score - weight) // threshold:
        block(group, reason=kind)
        return True
    return False


def record_failed_sign_in(sender, credentials=None, request=None, **kwargs) -> None:
    """Receiver of django.contrib.auth's user_login_failed, which carries the request."""
    if isinstance(request, HttpRequest):
        record_offence(request, LOGIN_FAILED, status=200)
