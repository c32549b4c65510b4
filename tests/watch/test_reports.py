import pytest
from django.test import Client

from tests.factories import VideoSourceFactory
from watch.models import ProblemReport
from watch.sources import flagged_sources

pytestmark = pytest.mark.django_db


def report_url(source):
    return f"/watch/{source.pk}/report/"


def test_visitor_reports_a_source_that_does_not_play(client):
    source = VideoSourceFactory()
    response = client.post(report_url(source), {"reason": "does_not_play", "details": ""})
    assert response.status_code == 302
    assert response["Location"] == source.film.get_absolute_url() + "#report-thanks"
    report = ProblemReport.objects.get()
    assert (report.source, report.reason, report.resolved) == (source, "does_not_play", False)
    page = client.get(response["Location"]).text
    # The thanks is in the player, where the visitor reported from, and only there.
    player = page.split('id="watch"', 1)[1]
    assert 'id="report-thanks"' in player and "Thank you" in player
    assert page.count("Thank you: the editors") == 1


def test_report_form_has_no_blank_reason_chosen_for_the_visitor(client):
    html = client.get(report_url(VideoSourceFactory())).text
    assert "---------" not in html
    assert 'name="reason"' in html and "checked" not in html


def test_other_needs_a_word_of_explanation(client):
    source = VideoSourceFactory()
    response = client.post(report_url(source), {"reason": "other", "details": " "})
    assert response.status_code == 400
    assert "Please say what is wrong." in response.text
    assert not ProblemReport.objects.exists()


@pytest.mark.parametrize(
    "data",
    [{}, {"reason": "hacked"}, {"reason": "other", "details": "x" * 1001}],
    ids=["empty", "unknown-reason", "too-long"],
)
def test_bad_reports_are_refused_and_nothing_is_stored(client, data):
    response = client.post(report_url(VideoSourceFactory()), data)
    assert response.status_code == 400
    assert 'class="errorlist' in response.text
    assert not ProblemReport.objects.exists()


def test_report_details_are_shown_escaped_to_staff(admin_client):
    source = VideoSourceFactory()
    ProblemReport.objects.create(source=source, reason="other", details="<script>alert(1)</script>")
    report = ProblemReport.objects.get()
    html = admin_client.get(f"/admin/watch/problemreport/{report.pk}/change/").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_reports_are_rate_limited_per_address(client):
    source = VideoSourceFactory()
    statuses = [
        client.post(report_url(source), {"reason": "bad_quality"}).status_code for _ in range(12)
    ]
    assert statuses[:10] == [302] * 10
    assert statuses[10:] == [429, 429]
    assert ProblemReport.objects.count() == 10
    other = Client(REMOTE_ADDR="10.9.8.7")
    assert other.post(report_url(source), {"reason": "bad_quality"}).status_code == 302


def test_report_form_needs_its_csrf_token():
    source = VideoSourceFactory()
    response = Client(enforce_csrf_checks=True).post(report_url(source), {"reason": "removed"})
    assert response.status_code == 403
    assert not ProblemReport.objects.exists()


def test_repeatedly_reported_sources_are_flagged(admin_client):
    noisy, quiet = VideoSourceFactory(), VideoSourceFactory()
    for _ in range(3):
        ProblemReport.objects.create(source=noisy, reason="does_not_play")
    ProblemReport.objects.create(source=quiet, reason="does_not_play")
    ProblemReport.objects.create(source=quiet, reason="removed", resolved=True)
    assert list(flagged_sources()) == [noisy]
    html = admin_client.get("/admin/watch/videosource/?flagged=yes").text
    assert f"/admin/watch/videosource/{noisy.pk}/change/" in html
    assert f"/admin/watch/videosource/{quiet.pk}/change/" not in html


def test_reporting_a_hidden_source_is_not_found(client):
    source = VideoSourceFactory(hidden_by_takedown=True)
    assert client.get(report_url(source)).status_code == 404
