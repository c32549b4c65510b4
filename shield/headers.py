"""The Permissions-Policy header: the browser features a page may use, and which frames may too.

Django sends the other security headers itself (CSP, HSTS, nosniff, Referrer-Policy, COOP,
X-Frame-Options); this is the one it has no setting for. Pages allow nothing beyond what kcinema
uses: fullscreen and copying a link for itself, and, on pages with a player, what the
video hosts' frames need to play (see `with_frames_allowed`)."""

from collections.abc import Callable, Iterable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse

SELF = "self"
# Set on a response by a view that frames other origins (watch.player.frames_players).
RESPONSE_ATTRIBUTE = "_permissions_policy"


def header_value(policy: Mapping[str, Sequence[str]]) -> str:
    """'camera=(), fullscreen=(self "https://www.youtube-nocookie.com")' from a dict of lists."""
    parts = []
    for feature, allowed in policy.items():
        origins = " ".join(SELF if origin == SELF else f'"{origin}"' for origin in allowed)
        parts.append(f"{feature}=({origins})")
    return ", ".join(parts)


def with_frames_allowed(features: Iterable[str], origins: Sequence[str]) -> dict[str, list[str]]:
    """The site's policy, with `features` also granted to frames from `origins`."""
    policy = {feature: list(allowed) for feature, allowed in settings.PERMISSIONS_POLICY.items()}
    for feature in features:
        policy[feature] = [*policy.get(feature, []), *origins]
    return policy


class PermissionsPolicyMiddleware:
    """Adds the site's Permissions-Policy, or the one a view set, to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.default = header_value(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            policy = getattr(response, RESPONSE_ATTRIBUTE, None)
            response["Permissions-Policy"] = header_value(policy) if policy else self.default
        return response
