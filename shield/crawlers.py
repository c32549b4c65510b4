"""Search engines' crawlers, told from those who only borrow their names: a request whose user
agent claims a crawler comes from it when its address's reverse DNS name ends in one of the
operator's domains and that name resolves forward to the same address (forward-confirmed
reverse DNS). Answers are kept in the shared cache; the resolver is pluggable, so tests fake it.
"""

import socket
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

from shield.addresses import parse_address


@dataclass(frozen=True)
class Crawler:
    name: str
    agent_token: str  # lower case, found in the user agent
    host_suffixes: tuple[str, ...]


# Where each suffix comes from (each operator's page on verifying its crawler, where one exists):
# Google: https://developers.google.com/search/docs/advanced/crawling/verifying-googlebot
#   (reverse DNS name in googlebot.com or google.com, then a forward lookup back to the address)
# Bing: https://www.bing.com/webmaster/help/how-to-verify-bingbot-3905dc26 (search.msn.com)
# Naver: https://searchadvisor.naver.com/guide/seo-basic-firewall says the Yeti robot is
#   confirmed by a reverse DNS lookup of its address; the naver.com suffix is the one crawler
#   registries list (https://crawlerdex.tn3w.dev/Yeti), as the stored copy of the page was cut.
# Daum (Kakao): its robot page (http://ws.daum.net/abouten.html) names the Daumoa agent but no
#   domain; daum.net and daumcorp.com are the suffixes crawler registries list
#   (https://crawlerdex.tn3w.dev/daumoa). We found no verification page by Kakao itself.
CRAWLERS = (
    Crawler("Googlebot", "googlebot", (".googlebot.com", ".google.com")),
    Crawler("Bingbot", "bingbot", (".search.msn.com",)),
    Crawler("Yeti (Naver)", "yeti", (".naver.com",)),
    Crawler("Daum", "daum", (".daum.net", ".daumcorp.com")),
)
VERIFIED_SECONDS = 24 * 3600
REFUTED_SECONDS = 3600


class Resolver(Protocol):
    def reverse(self, address: str) -> str | None:
        """The address's PTR name, or None."""

    def forward(self, name: str) -> set[str]:
        """The addresses a name resolves to (empty when it does not)."""


class SystemResolver:
    """The operating system's resolver (whatever /etc/resolv.conf names)."""

    def reverse(self, address: str) -> str | None:
        try:
            return socket.gethostbyaddr(address)[0]
        except (OSError, UnicodeError):
            return None

    def forward(self, name: str) -> set[str]:
        try:
            answers = socket.getaddrinfo(name, None, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            return set()
        return {str(answer[4][0]) for answer in answers}


def resolver() -> Resolver:
    return import_string(settings.SHIELD_RESOLVER)()


def claimed_crawler(user_agent: str) -> Crawler | None:
    lowered = user_agent.lower()
    return next((crawler for crawler in CRAWLERS if crawler.agent_token in lowered), None)


def cache_key(crawler: Crawler, address: str) -> str:
    return f"shield:crawler:{crawler.agent_token}:{address}"


def confirms(crawler: Crawler, address: str, dns: Resolver) -> bool:
    """Forward-confirmed reverse DNS: the name is the operator's and points back here."""
    name = (dns.reverse(address) or "").rstrip(".").lower()
    if not name.endswith(crawler.host_suffixes):
        return False
    expected = parse_address(address)
    return any(parse_address(found) == expected for found in dns.forward(name))


def verify(crawler: Crawler, address: str, cached: bool | None = None) -> bool:
    """Whether the address is the crawler's; `cached` is what the shared cache already said."""
    if cached is not None:
        return cached
    genuine = parse_address(address) is not None and confirms(crawler, address, resolver())
    timeout = VERIFIED_SECONDS if genuine else REFUTED_SECONDS
    cache.set(cache_key(crawler, address), genuine, timeout)
    return genuine
