"""The page a blocked source gets: a small 403 in the visitor's language (by the /ko/ prefix),
never stored by a cache, with a proof of work that lets a human lift their own block once per
period (the page's form posts the solution back to the address that was refused)."""

import json
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from shield.addresses import request_group
from shield.blocks import may_unblock_by_proof, unblock_by_proof
from shield.challenge import new_challenge, solution_is_valid

PROOF_FIELD = "shield_proof"
FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def language_of(request: HttpRequest) -> str:
    return "ko" if request.path_info.startswith("/ko/") or request.path_info == "/ko" else "en"


def block_page(
    request: HttpRequest, until: datetime | None, *, listed: bool, message: str = ""
) -> HttpResponse:
    group = request_group(request)
    offer_proof = not listed and may_unblock_by_proof(group)
    challenge = new_challenge(settings.SHIELD_CHALLENGE_MAX_NUMBER) if offer_proof else None
    with translation.override(language_of(request)):
        html = render_to_string(
            "shield/blocked.html",
            {
                "language": language_of(request),
                "until": until,
                "listed": listed,
                "message": message,
                "challenge": json.dumps(challenge) if challenge else "",
                "proof_field": PROOF_FIELD,
                "action": request.get_full_path() if request.method == "GET" else "",
            },
        )
    response = HttpResponse(html, status=403)
    response["Cache-Control"] = "private, no-store"
    response["Content-Language"] = language_of(request)
    return response


def posted_proof(request: HttpRequest) -> str | None:
    """The solution a blocked visitor's page sent, or None when this is no such request."""
    if request.method != "POST" or request.content_type not in FORM_CONTENT_TYPES:
        return None
    try:
        return request.POST.get(PROOF_FIELD)
    except Exception:  # an oversized or garbled body: not an unblock, and never a 500
        return None


def try_unblock(request: HttpRequest, until: datetime | None) -> HttpResponse:
    """Check a posted proof: a fresh, correct one lifts the block once per period."""
    proof = posted_proof(request) or ""
    if not solution_is_valid(proof):
        with translation.override(language_of(request)):
            message = _("The check did not succeed. Please try again.")
        return block_page(request, until, listed=False, message=message)
    if not unblock_by_proof(request_group(request)):
        return block_page(request, until, listed=False)
    response = HttpResponseRedirect(request.get_full_path())
    response.status_code = 303
    response["Cache-Control"] = "private, no-store"
    return response
