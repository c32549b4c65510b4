from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import VideoSourceFactory
from tests.watch.oembed_server import OEmbedServer
from watch.health import check_source
from watch.models import VideoSource
from watch.schedule import queue_due_checks
from watch.tasks import check_due_sources

pytestmark = pytest.mark.django_db


@pytest.fixture
def oembed(settings):
    with OEmbedServer() as server:
        settings.WATCH_OEMBED_ORIGIN = server.origin
        settings.WATCH_OEMBED_TIMEOUT = 0.5
        yield server


def youtube(video_id, **fields):
    return VideoSourceFactory(video_id=video_id, url=f"https://youtu.be/{video_id}", **fields)


@pytest.mark.parametrize(
    ("video_id", "health", "active"),
    [
        ("playableAAA", VideoSource.Health.OK, True),
        ("goneAAAAAAA", VideoSource.Health.REMOVED, False),
        ("privateAAAA", VideoSource.Health.NOT_EMBEDDABLE, False),
        ("oopsAAAAAAA", VideoSource.Health.UNREACHABLE, True),
        ("junkAAAAAAA", VideoSource.Health.UNREACHABLE, True),
        ("slowAAAAAAA", VideoSource.Health.UNREACHABLE, True),
    ],
)
def test_each_host_answer_sets_the_sources_health(oembed, video_id, health, active):
    source = youtube(video_id)
    check_source(source)
    source.refresh_from_db()
    assert (source.health, source.active) == (health, active)
    assert source.checked_at is not None
    assert bool(source.inactive_reason) is not active


def test_check_asks_the_real_oembed_path_and_format(oembed):
    check_source(youtube("playableAAA"))
    assert oembed.requests == [
        "/oembed?url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DplayableAAA&format=json"
    ]


def test_removed_source_records_why_and_when(oembed):
    source = youtube("goneAAAAAAA")
    check_source(source)
    source.refresh_from_db()
    assert source.inactive_reason.startswith("The host has removed the video.")
    assert str(timezone.localtime().year) in source.inactive_reason


# The worker closes its database connection between tasks, as a real worker process does:
# these tests run outside the per-test transaction.
@pytest.mark.django_db(transaction=True)
def test_health_job_runs_end_to_end_in_the_database_worker(oembed, client):
    due = youtube("goneAAAAAAA")
    fine = youtube("playableAAA")
    recent = youtube("privateAAAA", checked_at=timezone.now() - timedelta(hours=1))
    check_due_sources.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    for source in (due, fine, recent):
        source.refresh_from_db()
    assert (due.active, due.health) == (False, VideoSource.Health.REMOVED)
    assert (fine.active, fine.health) == (True, VideoSource.Health.OK)
    assert recent.health == VideoSource.Health.UNCHECKED  # checked an hour ago: not due
    assert f"/watch/{due.pk}/" not in client.get(due.film.get_absolute_url()).text


@pytest.mark.django_db(transaction=True)
def test_staff_check_a_source_on_demand(oembed, admin_client):
    source = youtube("goneAAAAAAA")
    admin_client.post(
        "/admin/watch/videosource/", {"action": "check_now", "_selected_action": [source.pk]}
    )
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    source.refresh_from_db()
    assert source.health == VideoSource.Health.REMOVED


def test_only_one_process_queues_the_hourly_sweep():
    assert queue_due_checks() is True
    assert queue_due_checks() is False


def test_source_of_a_host_taken_off_the_allowed_list_is_switched_off(settings):
    settings.KCINEMA_EMBED_HOSTS = []
    source = VideoSourceFactory(
        provider="allowed", url="https://archive.example.org/embed/42", video_id="/embed/42"
    )
    check_source(source)
    source.refresh_from_db()
    assert (source.active, source.health) == (False, VideoSource.Health.NOT_EMBEDDABLE)
    assert source.inactive_reason.startswith("The host is no longer on the allowed list.")
