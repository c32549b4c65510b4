"""The audit log: who changed what (before and after), when and from where; sign-ins and
failures; browsable in the admin and pruned by age."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from axes.models import AccessFailureLog, AccessLog
from django.test import Client
from django.utils import timezone

from catalog.models import Genre
from shield.audit import prune_audit_log, queue_pruning
from tests.staff import authenticator, current_code, send_code, send_password

pytestmark = pytest.mark.django_db


def rename_genre(client: Client, genre: Genre, name: str, **extra):
    form = {"name": name, "name_ko": genre.name_ko, "slug": genre.slug}
    return client.post(f"/admin/catalog/genre/{genre.pk}/change/", form, **extra)


def test_an_editors_change_is_logged_with_who_before_after_and_where(admin_client, admin_user):
    genre = Genre.objects.create(name="Drama", name_ko="드라마", slug="drama")
    assert (
        rename_genre(admin_client, genre, "Melodrama", REMOTE_ADDR="198.51.100.7").status_code
        == 302
    )
    entry = LogEntry.objects.get_for_object(genre).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == admin_user
    assert entry.remote_addr == "198.51.100.7"
    assert entry.changes_dict == {"name": ["Drama", "Melodrama"]}
    assert entry.timestamp > timezone.now() - timedelta(minutes=1)


def test_the_logged_address_is_the_one_shield_trusts(admin_client, settings):
    genre = Genre.objects.create(name="Drama", slug="drama")
    forged = {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "192.0.2.1"}
    rename_genre(admin_client, genre, "Melodrama", **forged)
    settings.KCINEMA_TRUSTED_PROXIES = "127.0.0.1"
    proxied = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.5"}
    rename_genre(admin_client, genre, "Drama", **proxied)
    updates = LogEntry.objects.get_for_object(genre).filter(action=LogEntry.Action.UPDATE)
    addresses = updates.values_list("remote_addr", flat=True)
    assert sorted(addresses) == ["198.51.100.7", "203.0.113.5"]


def test_account_passwords_never_enter_the_log(django_user_model):
    user = django_user_model.objects.create_user("critic", password="first")
    user.set_password("second")
    user.save()
    for entry in LogEntry.objects.get_for_object(user):
        assert "password" not in entry.changes_dict


def test_bookkeeping_is_not_followed():
    from auditlog.registry import auditlog

    from catalog.models import Film, SimilarFilm
    from community.models import Comment
    from search.models import SearchEntry
    from watch.models import TakedownNotice, VideoSource

    assert all(auditlog.contains(model) for model in (Film, VideoSource, TakedownNotice, Comment))
    assert not auditlog.contains(SimilarFilm) and not auditlog.contains(SearchEntry)


def test_sign_ins_sign_outs_and_failures_are_recorded(django_user_model):
    editor = django_user_model.objects.create_superuser("editor", password="right horse")
    device = authenticator(editor)
    client = Client()
    send_password(client, "editor", "wrong horse", REMOTE_ADDR="203.0.113.9")
    send_password(client, "editor", "right horse", REMOTE_ADDR="198.51.100.7")
    send_code(client, current_code(device), REMOTE_ADDR="198.51.100.7")
    client.post("/admin/logout/", REMOTE_ADDR="198.51.100.7")
    failure = AccessFailureLog.objects.get()
    assert (failure.username, failure.ip_address) == ("editor", "203.0.113.9")
    signed_in = AccessLog.objects.get()
    assert (signed_in.username, signed_in.ip_address) == ("editor", "198.51.100.7")
    assert signed_in.logout_time is not None


@pytest.mark.parametrize(
    "page",
    [
        "/admin/auditlog/logentry/",
        "/ko/admin/auditlog/logentry/",
        "/admin/axes/accesslog/",
        "/admin/axes/accessfailurelog/",
        "/ko/admin/axes/accessattempt/",
    ],
)
def test_the_logs_are_browsable_in_the_admin(admin_client, page):
    Genre.objects.create(name="Drama", slug="drama")
    assert admin_client.get(page).status_code == 200


def test_an_entry_shows_its_change_in_the_admin(admin_client):
    genre = Genre.objects.create(name="Drama", slug="drama")
    rename_genre(admin_client, genre, "Melodrama")
    entry = LogEntry.objects.get_for_object(genre).get(action=LogEntry.Action.UPDATE)
    page = admin_client.get(f"/admin/auditlog/logentry/{entry.pk}/change/").text
    assert "Melodrama" in page and "Drama" in page


def test_pruning_removes_what_is_older_than_the_retention(settings, django_user_model):
    settings.AUDIT_LOG_RETENTION_DAYS = 30
    old = Genre.objects.create(name="Drama", slug="drama")
    Genre.objects.create(name="Comedy", slug="comedy")
    LogEntry.objects.get_for_object(old).update(timestamp=timezone.now() - timedelta(days=31))
    AccessLog.objects.create(username="editor", ip_address="198.51.100.7", user_agent="x")
    AccessLog.objects.update(attempt_time=timezone.now() - timedelta(days=31))
    AccessFailureLog.objects.create(username="editor", ip_address="203.0.113.9", user_agent="x")
    assert prune_audit_log() == 2
    assert LogEntry.objects.count() == 1 and AccessFailureLog.objects.count() == 1
    assert not AccessLog.objects.exists()


def test_the_worker_queues_pruning_once_a_day():
    assert queue_pruning() is True
    assert queue_pruning() is False


def test_a_change_to_the_firewalls_lists_is_logged_with_who(admin_client, admin_user):
    from shield.models import ListEntry

    form = {"action": "block", "kind": "address", "value": "203.0.113.0/24", "reason": "Scanner"}
    response = admin_client.post("/admin/shield/listentry/add/", form, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302, response.text[:2000]
    entry = LogEntry.objects.get_for_object(ListEntry.objects.get()).get()
    assert entry.actor == admin_user and entry.remote_addr == "198.51.100.7"
    assert entry.changes_dict["reason"] == ["None", "Scanner"]
