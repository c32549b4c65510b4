"""Who is asking: the client's address through the proxies the operator trusts, and the groups
(an IPv4 address, an IPv6 /64, a network) that limits and blocks count by.

Without trusted proxies the address is REMOTE_ADDR alone, so a forged X-Forwarded-For changes
nothing. With them (KCINEMA_TRUSTED_PROXIES: a count of proxies in front, or their addresses and
ranges), X-Forwarded-For is read from the right, and the first address not added by a trusted
proxy is the client's: the only one of the list that nobody could forge.
"""

import functools
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# Longer headers are a forgery or an attack; a real chain of proxies is a handful of hops.
MAX_FORWARDED_LENGTH = 1000
UNKNOWN = "unknown"


@dataclass(frozen=True)
class TrustedProxies:
    """Either how many proxies stand in front (each adds one address), or which they are."""

    count: int = 0
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, value: str) -> "TrustedProxies":
        """'2' (two proxies in front) or '10.0.0.0/8, ::1'; ValueError names a bad part."""
        value = value.strip()
        if not value:
            return cls()
        if value.isdigit():
            return cls(count=int(value))
        networks = []
        for part in value.split(","):
            part = part.strip()
            try:
                networks.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                raise ValueError(
                    f"KCINEMA_TRUSTED_PROXIES: {part!r} is neither an address nor a range "
                    "(e.g. 10.0.0.0/8), and the whole setting is not a count of proxies"
                ) from None
        return cls(networks=tuple(networks))

    def __bool__(self) -> bool:
        return bool(self.count or self.networks)

    def trusts(self, address: IPAddress) -> bool:
        return any(address in network for network in self.networks)


def trusted_proxies() -> TrustedProxies:
    return _parsed_proxies(settings.KCINEMA_TRUSTED_PROXIES)


@functools.cache
def _parsed_proxies(value: str) -> TrustedProxies:
    return TrustedProxies.parse(value)


def parse_address(text: str) -> IPAddress | None:
    """An address as a header or REMOTE_ADDR carries it; None for anything that is not one."""
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:51234
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_ip(meta: dict, proxies: TrustedProxies) -> IPAddress | None:
    """The client's address from a request's META, through the given trusted proxies."""
    peer = parse_address(str(meta.get("REMOTE_ADDR", "")))
    if peer is None or not proxies:
        return peer
    if proxies.networks and not proxies.trusts(peer):
        return peer  # the request did not come through a proxy we trust
    forwarded = str(meta.get("HTTP_X_FORWARDED_FOR", ""))[:MAX_FORWARDED_LENGTH]
    hops = [part for part in forwarded.split(",") if part.strip()]
    if proxies.count:
        # Each of `count` proxies appended the address it saw; the outermost one's is the client.
        if len(hops) < proxies.count:
            return peer
        return parse_address(hops[-proxies.count]) or peer
    address = peer
    for hop in reversed(hops):
        parsed = parse_address(hop)
        if parsed is None:
            return address  # garbage beyond this point came from the client: stop at the last proxy
        address = parsed
        if not proxies.trusts(parsed):
            return parsed
    return address


def client_address(request: HttpRequest) -> str:
    """The visitor's address as text; 'unknown' where no valid address arrived."""
    cached = getattr(request, "_kcinema_client_address", None)
    if cached is None:
        address = client_ip(request.META, trusted_proxies())
        cached = str(address) if address is not None else UNKNOWN
        request._kcinema_client_address = cached
    return cached


def address_group(address: str) -> str:
    """What limits and blocks count by: an IPv4 address, or the /64 an IPv6 address is in
    (a subscriber is usually given a whole /64: counting single IPv6 addresses counts nothing)."""
    parsed = parse_address(address)
    if parsed is None:
        return UNKNOWN
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def network_of(address: str) -> str:
    """The network an address belongs to for wider limits: a /24 for IPv4, a /64 for IPv6."""
    parsed = parse_address(address)
    if parsed is None:
        return UNKNOWN
    prefix = 24 if parsed.version == 4 else 64
    return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False))


def request_group(request: HttpRequest) -> str:
    return address_group(client_address(request))
