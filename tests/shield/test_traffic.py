import pytest

from shield import blocks
from shield.models import TrafficEntry
from shield.offences import record_offence
from shield.traffic import log_request
from tests.shield.visits import visit

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"


def test_an_offence_is_logged_with_what_helps_an_operator(rf):
    request = rf.get("/wp-login.php?x=1", REMOTE_ADDR=ATTACKER, HTTP_USER_AGENT="Scanner/1.0")
    record_offence(request, "probe", status=404)
    entry = TrafficEntry.objects.get()
    assert (entry.group, entry.method, entry.path, entry.user_agent, entry.kind, entry.status) == (
        ATTACKER,
        "GET",
        "/wp-login.php?x=1",
        "Scanner/1.0",
        "probe",
        404,
    )


def test_a_flood_leaves_at_most_a_few_entries_per_source_and_minute(rf, settings):
    settings.SHIELD_LOG_PER_MINUTE = 5
    settings.SHIELD_THRESHOLD = 10_000
    for _probe in range(50):
        record_offence(rf.get("/.env", REMOTE_ADDR=ATTACKER), "probe")
    record_offence(rf.get("/.env", REMOTE_ADDR="198.51.100.1"), "probe")
    assert TrafficEntry.objects.filter(group=ATTACKER).count() == 5
    assert TrafficEntry.objects.filter(group="198.51.100.1").count() == 1


def test_blocked_requests_are_sampled(client, monkeypatch):
    monkeypatch.setattr("shield.middleware.BLOCKED_LOG_SAMPLE", 0)
    blocks.block(ATTACKER, reason="probe")
    for _visit in range(10):
        assert visit(client, "/").status_code == 403
    assert not TrafficEntry.objects.filter(kind="blocked").exists()
    monkeypatch.setattr("shield.middleware.BLOCKED_LOG_SAMPLE", 1)
    visit(client, "/")
    assert TrafficEntry.objects.get(kind="blocked").status == 403


def test_long_and_unprintable_values_are_cut_and_cleaned(rf):
    request = rf.get("/x" * 1000, REMOTE_ADDR=ATTACKER, HTTP_USER_AGENT="a\x00b" * 500)
    assert log_request(request, "probe", 404)
    entry = TrafficEntry.objects.get()
    assert len(entry.path) == 300 and len(entry.user_agent) == 300
    assert "\x00" not in entry.user_agent


def test_the_workers_schedule_prunes_once_a_day(rf, settings):
    from datetime import timedelta

    from django.utils import timezone

    from shield.traffic import prune_once_a_day

    record_offence(rf.get("/.env", REMOTE_ADDR=ATTACKER), "probe")
    TrafficEntry.objects.update(at=timezone.now() - timedelta(days=settings.SHIELD_LOG_DAYS + 1))
    assert prune_once_a_day() == 1
    record_offence(rf.get("/.env", REMOTE_ADDR=ATTACKER), "probe")
    TrafficEntry.objects.update(at=timezone.now() - timedelta(days=settings.SHIELD_LOG_DAYS + 1))
    assert prune_once_a_day() is None  # another worker did today's
    assert TrafficEntry.objects.count() == 1
