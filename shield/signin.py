"""Staff sign-in: the address django-axes counts wrong passwords by, unlocking a pair, and the
site-wide budget of password checks.

Axes (configured in settings) locks an account-and-address pair after too many wrong passwords,
before the password is hashed; these functions give it shield's view of the client's address.
A guesser with many addresses still gets a few hashed guesses from each, and every hash costs
~0.4 s of a core: the budget lets the site hash only so many passwords a minute, whoever sends
them, so that guessing cannot take the processor from the visitors.
"""

from collections.abc import Callable

from axes.utils import reset
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shield.addresses import UNKNOWN, address_group, client_address
from shield.offences import RATE_LIMITED, record_offence
from shield.ratelimits import allow

# The two-step sign-in (two_factor's wizard, under the admin) and its password field.
SIGN_IN_PATH_END = "/admin/account/login/"
PASSWORD_FIELD = "auth-password"  # noqa: S105 - a form field's name

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


def within_password_budget() -> bool:
    """Take one of the site's password checks for this moment (SIGNIN_PASSWORD_CHECKS_PER_MINUTE,
    counted in short windows so that they spread over the minute rather than come at once)."""
    per_minute = settings.SIGNIN_PASSWORD_CHECKS_PER_MINUTE
    window = max(1, 60 // per_minute)
    return allow("signin-password-checks", "site", max(1, per_minute * window // 60), window)


def is_password_attempt(request: HttpRequest) -> bool:
    return (
        request.method == "POST"
        and request.path_info.endswith(SIGN_IN_PATH_END)
        and PASSWORD_FIELD in request.POST
    )


class PasswordBudgetMiddleware:
    """Answers a password attempt beyond the site's budget with 'busy, try again' (429) before
    axes counts it or anything hashes it: a busy refusal is no failed sign-in of the account."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_password_attempt(request) and not within_password_budget():
            record_offence(request, RATE_LIMITED, status=429)
            response = render(request, "shield/signin_busy.html", status=429)
            response["Retry-After"] = str(max(1, 60 // settings.SIGNIN_PASSWORD_CHECKS_PER_MINUTE))
            return response
        return self.get_response(request)
