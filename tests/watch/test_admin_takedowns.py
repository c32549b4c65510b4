"""A takedown notice's own admin page: the decisions open to it as buttons, each taken by
watch.takedowns, and its audit trail in the site's time zone."""

import datetime

import pytest

from tests.factories import VideoSourceFactory
from tests.shield.reads import FIREWALL_QUERIES
from tests.watch.notices import notice_form, notice_hiding
from watch import takedowns
from watch.models import BlockedClaimant, TakedownEvent, TakedownNotice, TrustedClaimant

pytestmark = pytest.mark.django_db


def page_form(**fields):
    """What the notice's page posts: its two editable fields and the read-only trail."""
    return {
        "decision_note": "",
        "counter_notice": "",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        **fields,
    }


def change_url(notice: TakedownNotice) -> str:
    return f"/admin/watch/takedownnotice/{notice.pk}/change/"


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        (TakedownNotice.Status.RECEIVED, ["_confirm", "_reject"]),
        (TakedownNotice.Status.CONFIRMED, ["_reject"]),
        (TakedownNotice.Status.COUNTER_NOTICE, ["_restore", "_confirm"]),
        (TakedownNotice.Status.REJECTED, []),
    ],
)
def test_the_page_offers_the_decisions_open_to_the_notice(admin_client, status, buttons):
    notice = notice_hiding(VideoSourceFactory())
    TakedownNotice.objects.filter(pk=notice.pk).update(status=status)
    html = admin_client.get(change_url(notice)).text
    offered = [name for name in ["_confirm", "_reject", "_restore"] if f'name="{name}"' in html]
    assert sorted(offered) == sorted(buttons)


def test_rejecting_from_the_page_shows_the_sources_and_keeps_the_note(admin_client, admin_user):
    source = VideoSourceFactory()
    notice = notice_hiding(source)
    response = admin_client.post(
        change_url(notice), page_form(decision_note="The uploader holds the rights.", _reject="")
    )
    assert response.status_code == 302 and response["Location"] == change_url(notice)
    notice.refresh_from_db()
    source.refresh_from_db()
    assert notice.status == TakedownNotice.Status.REJECTED and not source.hidden_by_takedown
    event = notice.events.last()
    assert (event.action, event.actor, event.note) == (
        TakedownEvent.Action.REJECTED,
        admin_user,
        "The uploader holds the rights.",
    )
    page = admin_client.get(change_url(notice)).text
    assert "Notice rejected: its sources are shown again." in page


def test_a_counter_notice_then_restoring_from_the_page(admin_client):
    source = VideoSourceFactory()
    notice = notice_hiding(source)
    admin_client.post(change_url(notice), page_form(counter_notice="I own this recording."))
    assert 'name="_restore"' in admin_client.get(change_url(notice)).text
    admin_client.post(change_url(notice), page_form(_restore=""))
    source.refresh_from_db()
    assert not source.hidden_by_takedown
    assert [e.action for e in notice.events.all()][-2:] == ["counter_notice", "restored"]


def test_a_decision_not_open_to_the_notice_is_refused(admin_client):
    source = VideoSourceFactory()
    notice = notice_hiding(source)
    response = admin_client.post(change_url(notice), page_form(_restore=""), follow=True)
    assert "This decision is not open to a notice that is" in response.text
    notice.refresh_from_db()
    source.refresh_from_db()
    assert notice.status == TakedownNotice.Status.RECEIVED and source.hidden_by_takedown


def test_a_list_action_leaves_notices_it_is_not_open_to(admin_client):
    settled = notice_hiding(VideoSourceFactory())
    takedowns.reject_notice(settled)
    pending = notice_hiding(VideoSourceFactory())
    response = admin_client.post(
        "/admin/watch/takedownnotice/",
        {"action": "confirm", "_selected_action": [settled.pk, pending.pk]},
        follow=True,
    )
    assert "1 notice was left as it was" in response.text
    assert TakedownNotice.objects.get(pk=settled.pk).status == TakedownNotice.Status.REJECTED
    assert TakedownNotice.objects.get(pk=pending.pk).status == TakedownNotice.Status.CONFIRMED


def test_the_trail_reads_in_the_site_time_zone(admin_client, settings):
    settings.TIME_ZONE = "Asia/Seoul"
    source = VideoSourceFactory()
    notice = notice_hiding(source)
    at = datetime.datetime(2026, 3, 1, 5, 5, tzinfo=datetime.UTC)
    TakedownEvent.objects.filter(notice=notice).update(created_at=at)
    TakedownNotice.objects.filter(pk=notice.pk).update(created_at=at)
    html = admin_client.get(change_url(notice)).text
    assert "2026-03-01 14:05 KST" in html  # the event and the notice alike
    assert "Times are in the site's time zone, Asia/Seoul." in html
    assert (
        f'hidden: <a href="/admin/watch/videosource/{source.pk}/change/">#{source.pk}</a>' in html
    )


def test_the_page_reads_a_constant_number_of_queries(admin_client, django_assert_num_queries):
    notice = notice_hiding(VideoSourceFactory())
    admin_client.get(change_url(notice))
    # A fixed number, whatever the length of the trail (its actors are joined), with the staff
    # member's authenticator (the second factor).
    with django_assert_num_queries(7 + FIREWALL_QUERIES):
        admin_client.get(change_url(notice))
    admin_client.post(change_url(notice), page_form(counter_notice="Mine."))
    takedowns.restore_after_counter_notice(notice)
    assert notice.events.count() == 6
    with django_assert_num_queries(7 + FIREWALL_QUERIES):
        admin_client.get(change_url(notice))


def test_adding_a_trusted_claimant_shows_its_token_once_and_keeps_only_its_hash(admin_client):
    response = admin_client.post(
        "/admin/watch/trustedclaimant/add/",
        {"organisation": "Example Pictures", "email_domain": "@Example.ORG", "active": "on"},
        follow=True,
    )
    claimant = TrustedClaimant.objects.get()
    message = next(str(m) for m in response.context["messages"])
    token = message.split(" is ")[1].split(" — ")[0]
    assert claimant.email_domain == "example.org"
    assert claimant.token_hash == takedowns.token_hash(token) and token not in claimant.token_hash
    assert takedowns.trusted_claimant_for("rights@example.org", token) == claimant
    page = admin_client.get(f"/admin/watch/trustedclaimant/{claimant.pk}/change/").text
    assert token not in page


def test_a_new_token_replaces_the_old_one(admin_client):
    claimant = TrustedClaimant(organisation="Example Pictures", email_domain="example.org")
    old = takedowns.issue_claimant_token(claimant)
    admin_client.post(
        "/admin/watch/trustedclaimant/",
        {"action": "new_token", "_selected_action": [claimant.pk]},
    )
    assert takedowns.trusted_claimant_for("rights@example.org", old) is None
    assert TrustedClaimant.objects.get().token_hash != takedowns.token_hash(old)


def test_staff_block_a_claimant_from_the_admin(admin_client, client):
    admin_client.post(
        "/admin/watch/blockedclaimant/add/",
        {"address": " @Griefer.example ", "reason": "Forty false notices in a week"},
    )
    assert BlockedClaimant.objects.get().address == "griefer.example"
    source = VideoSourceFactory()
    data = notice_form(f"/watch/{source.pk}/", email="someone@griefer.example")
    assert client.post("/takedown/", data).status_code == 400


def test_the_notice_page_shows_what_waits_and_why(admin_client, settings):
    settings.TAKEDOWN_AUTO_HIDE_MAX = 1
    settings.TAKEDOWN_BREAKER_PERCENT = 100
    first, second = VideoSourceFactory.create_batch(2)
    notice = notice_hiding(first, second)
    html = admin_client.get(change_url(notice)).text
    assert "more sources than a notice may hide automatically" in html
    assert f'waiting for review: <a href="/admin/watch/videosource/{second.pk}/change/">' in html
    assert "Confirm: hide all the sources it names" in html
