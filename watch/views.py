"""Watch pages: a source's own player page (the no-JavaScript path), problem reports, takedown
notices with their claimant's confirmation, and uploaders' counter-notices."""

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shield.addresses import client_address, network_of
from shield.offences import RATE_LIMITED, REFUSED_FORM, record_offence
from shield.ratelimits import allow_request
from shield.staffmail import request_origin
from watch import takedowns
from watch.forms import CounterNoticeForm, ProblemReportForm, TakedownNoticeForm
from watch.models import TakedownNotice, VideoSource
from watch.player import describe, frames_players
from watch.reports import file_report

REPORTS_PER_HOUR = 10


def playable_source(pk: int) -> VideoSource:
    return get_object_or_404(
        VideoSource.objects.playable().select_related("film").filter(film__published=True), pk=pk
    )


@frames_players
def play(request: HttpRequest, pk: int) -> HttpResponse:
    """A source's player; a source a takedown notice hid says so (451), with the uploader's
    way to dispute it."""
    taken_down = VideoSource.objects.filter(
        pk=pk, active=True, hidden_by_takedown=True, film__published=True
    ).select_related("film")
    if source := taken_down.first():
        return render(request, "watch/taken_down.html", {"source": source}, status=451)
    source = playable_source(pk)
    return render(request, "watch/play.html", {"item": describe(source), "film": source.film})


def too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "watch/too_many.html", status=429)


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    source = playable_source(pk)
    form = ProblemReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not allow_request(request, "watch-report", REPORTS_PER_HOUR, 3600):
            return too_many(request)
        if form.is_valid():
            data = form.cleaned_data
            file_report(source, reason=data["reason"], details=data["details"])
            # Shown in the player, where the visitor reported from (base.html leaves it out).
            messages.success(
                request, _("Thank you: the editors will look at this video."), "in-player"
            )
            return redirect(source.film.get_absolute_url() + "#report-thanks")
        record_offence(request, REFUSED_FORM, status=400)
    context = {"form": form, "item": describe(source), "film": source.film}
    return render(request, "watch/report.html", context, status=400 if form.errors else 200)


def within_form_limits(request: HttpRequest, scope: str, email: str) -> bool:
    """A notice's or counter-notice's limits: per address an hour, then per e-mail address,
    e-mail domain and network a day."""
    network = network_of(client_address(request))
    if takedowns.within_daily_limits(email, network, scope=scope):
        return True
    record_offence(request, RATE_LIMITED, status=429)
    return False


@require_http_methods(["GET", "POST"])
def takedown(request: HttpRequest) -> HttpResponse:
    form = TakedownNoticeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        hourly = settings.TAKEDOWN_NOTICES_PER_ADDRESS_HOUR
        if not allow_request(request, "watch-takedown", hourly, 3600):
            return too_many(request)
        if form.is_valid():
            if not within_form_limits(request, "takedown", form.cleaned_data["email"]):
                return too_many(request)
            notice = takedowns.file_notice(
                form.save(commit=False),
                form.targets,
                token=form.cleaned_data["trusted_token"],
                origin=request_origin(request),
            )
            return render(request, "watch/takedown_received.html", {"notice": notice})
        record_offence(request, REFUSED_FORM, status=400)
    return render(
        request, "watch/takedown.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def confirm_takedown(request: HttpRequest, token: str) -> HttpResponse:
    """The claimant's link: GET shows a button (mail scanners that open links confirm nothing),
    POST confirms, once."""
    try:
        notice = takedowns.notice_for_token(token)
    except signing.SignatureExpired:
        return render(request, "watch/takedown_confirm.html", {"problem": "expired"}, status=400)
    except (signing.BadSignature, TakedownNotice.DoesNotExist, ValueError, TypeError):
        record_offence(request, REFUSED_FORM, status=400)  # a forged link
        return render(request, "watch/takedown_confirm.html", {"problem": "invalid"}, status=400)
    used = (
        notice.email_confirmed_at is not None or notice.status != TakedownNotice.Status.UNCONFIRMED
    )
    if request.method == "POST" and not used:
        used = not takedowns.confirm_claimant_email(notice, origin=request_origin(request))
        if not used:
            context = {"notice": notice, "confirmed": True}
            return render(request, "watch/takedown_confirm.html", context)
    context = {"notice": notice, "problem": "used" if used else ""}
    return render(request, "watch/takedown_confirm.html", context, status=409 if used else 200)


@require_http_methods(["GET", "POST"])
def counter_notice(request: HttpRequest) -> HttpResponse:
    """The uploader's counter-notice: it names the notice (or the hidden video) and states
    their case; staff then decide."""
    initial = {"reference": request.GET.get("reference", "")[:500]}
    form = CounterNoticeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        hourly = settings.TAKEDOWN_NOTICES_PER_ADDRESS_HOUR
        if not allow_request(request, "watch-counter-notice", hourly, 3600):
            return too_many(request)
        if form.is_valid():
            data = form.cleaned_data
            if not within_form_limits(request, "counter-notice", data["email"]):
                return too_many(request)
            counter = takedowns.CounterNotice(
                text=data["statement"], name=data["name"], email=data["email"]
            )
            takedowns.record_counter_notice(form.notice, counter, origin=request_origin(request))
            return render(request, "watch/counter_notice_received.html", {"notice": form.notice})
        record_offence(request, REFUSED_FORM, status=400)
    return render(
        request, "watch/counter_notice.html", {"form": form}, status=400 if form.errors else 200
    )
