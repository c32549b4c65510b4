"""Staff sign-in: the address django-axes counts wrong passwords by, and unlocking a pair.

Axes (configured in settings) locks an account-and-address pair after too many wrong passwords,
before the password is hashed; these functions give it shield's view of the client's address.
"""

from axes.utils import reset
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shield.addresses import UNKNOWN, address_group, client_address

# Axes stores the address in an IP address column: an IPv6 /64 is stored as its first address,
# and requests with no valid address share one stand-in rather than failing to be counted.
NO_ADDRESS = "0.0.0.0"  # noqa: S104 - a stored stand-in, never bound to


def lockout_address(request: HttpRequest) -> str:
    """The address axes counts by (AXES_CLIENT_IP_CALLABLE): the client's group through trusted
    proxies, an IPv6 /64 as its first address."""
    return stored_group(client_address(request))


def stored_group(address: str) -> str:
    group = address_group(address)
    if group == UNKNOWN:
        return NO_ADDRESS
    return group.split("/", 1)[0]


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The page axes answers a locked pair with (AXES_LOCKOUT_CALLABLE): 429, translated."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "shield/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def unlock(username: str, address: str | None = None) -> int:
    """Forget the failed sign-ins of an account (from one address, or all): returns how many
    records of attempts were removed. The caller validates `address` (parse_address)."""
    if address is None:
        return reset(username=username)
    return reset(username=username, ip=stored_group(address))
