"""The firewall: the first middleware that reads anything of a request (after the security
headers, the CSP and WhiteNoise's static files, which the block page needs itself). Blocked
sources get the block page; probes for paths this site never has are answered here, before
sessions, URL resolution or any view; 404s count as offences on the way out."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound

from shield.blockpage import block_page, posted_proof, try_unblock
from shield.firewall import BLOCKED, LISTED, PROBED, check, is_signed_in_staff
from shield.offences import FAKE_CRAWLER, NOT_FOUND, PROBE, record_offence
from shield.traffic import log_request

# Of a blocked source's requests, this share is written to the traffic log (and at most
# SHIELD_LOG_PER_MINUTE of them a minute): a flood leaves a sample, not a copy of itself.
BLOCKED_LOG_SAMPLE = 0.05


def probe_answer() -> HttpResponse:
    response = HttpResponseNotFound(b"Not found", content_type="text/plain")
    response["Cache-Control"] = "private, no-store"
    return response


class FirewallMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.KCINEMA_SHIELD:
            return self.get_response(request)
        verdict = check(request)
        request.shield_exempt = verdict.exempt
        if verdict.action in (BLOCKED, LISTED) and not is_signed_in_staff(request):
            return self.refuse(request, verdict.until, listed=verdict.action == LISTED)
        if verdict.action == PROBED:
            record_offence(request, PROBE, status=404)
            return probe_answer()
        if verdict.action == FAKE_CRAWLER and record_offence(request, FAKE_CRAWLER, status=403):
            return self.refuse(request, check(request).until, listed=False)
        response = self.get_response(request)
        if response.status_code == 404 and not verdict.exempt:
            record_offence(request, NOT_FOUND, status=404)
        return response

    def refuse(self, request: HttpRequest, until, *, listed: bool) -> HttpResponse:
        if not listed and posted_proof(request) is not None:
            return try_unblock(request, until)
        log_request(request, LISTED if listed else BLOCKED, 403, sample=BLOCKED_LOG_SAMPLE)
        return block_page(request, until, listed=listed)
