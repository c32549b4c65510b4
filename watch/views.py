"""Watch pages: a source's own player page (the no-JavaScript path), problem reports, takedowns."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shield.offences import REFUSED_FORM, record_offence
from shield.ratelimits import allow_request
from watch.forms import ProblemReportForm, TakedownNoticeForm
from watch.models import VideoSource
from watch.player import describe, frames_players
from watch.reports import file_report
from watch.takedowns import file_notice

REPORTS_PER_HOUR = 10
NOTICES_PER_HOUR = 5


def playable_source(pk: int) -> VideoSource:
    return get_object_or_404(
        VideoSource.objects.playable().select_related("film").filter(film__published=True), pk=pk
    )


@frames_players
def play(request: HttpRequest, pk: int) -> HttpResponse:
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


@require_http_methods(["GET", "POST"])
def takedown(request: HttpRequest) -> HttpResponse:
    form = TakedownNoticeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not allow_request(request, "watch-takedown", NOTICES_PER_HOUR, 3600):
            return too_many(request)
        if form.is_valid():
            notice = file_notice(form.save(commit=False), form.targets)
            return render(request, "watch/takedown_received.html", {"notice": notice})
        record_offence(request, REFUSED_FORM, status=400)
    return render(
        request, "watch/takedown.html", {"form": form}, status=400 if form.errors else 200
    )
