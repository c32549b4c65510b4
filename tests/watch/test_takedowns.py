import pytest
from django.test import Client

from tests.factories import FilmFactory, VideoSourceFactory
from watch import takedowns
from watch.models import TakedownEvent, TakedownNotice, VideoSource

pytestmark = pytest.mark.django_db


def notice_form(urls, **overrides):
    data = {
        "claimant_name": "Kim Rights",
        "organisation": "Example Pictures",
        "email": "rights@example.org",
        "phone": "+82 2 123 4567",
        "postal_address": "1 Film Street, Seoul",
        "work": "The film Example (2013)",
        "urls": urls,
        "good_faith": "on",
        "accurate": "on",
        "signature": "Kim Rights",
    }
    data.update(overrides)
    return data


def test_footer_links_to_the_takedown_form(client):
    html = client.get("/").text
    assert '<a href="/takedown/">' in html
    assert client.get("/takedown/").status_code == 200


def test_filing_a_notice_hides_the_named_source_at_once(client):
    source = VideoSourceFactory()
    other = VideoSourceFactory(film=source.film)
    response = client.post("/takedown/", notice_form(f"http://testserver/watch/{source.pk}/"))
    assert response.status_code == 200
    assert "1 video source named in it is now hidden" in response.text
    source.refresh_from_db()
    other.refresh_from_db()
    assert source.hidden_by_takedown and not other.hidden_by_takedown
    page = client.get(source.film.get_absolute_url()).text
    assert f"/watch/{source.pk}/" not in page and f"/watch/{other.pk}/" in page
    notice = TakedownNotice.objects.get()
    assert notice.status == TakedownNotice.Status.RECEIVED
    event = notice.events.get()
    assert event.action == TakedownEvent.Action.FILED
    assert event.details == {"hidden_sources": [source.pk]}


def test_a_film_page_address_names_all_its_sources(client):
    film = FilmFactory()
    VideoSourceFactory.create_batch(2, film=film)
    urls = f"https://example.invalid.not-here/x\n{film.get_absolute_url()}"
    assert client.post("/takedown/", notice_form(urls)).status_code == 400
    client.post("/takedown/", notice_form(f"/ko{film.get_absolute_url()}"))
    assert VideoSource.objects.filter(hidden_by_takedown=True).count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"urls": ""}, "This field is required."),
        ({"urls": "https://evil.example/films/x/"}, "not film or video pages of this site"),
        ({"urls": "javascript:alert(1)"}, "not film or video pages of this site"),
        ({"urls": "/about/"}, "not film or video pages of this site"),
        ({"good_faith": ""}, "This field is required."),
        ({"accurate": ""}, "This field is required."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"signature": "Somebody Else"}, "Sign with the full name given above."),
        ({"work": "x" * 1001}, "at most 1000 characters"),
    ],
)
def test_incomplete_notices_are_refused_and_hide_nothing(client, overrides, message):
    source = VideoSourceFactory()
    data = notice_form(f"/watch/{source.pk}/")
    data.update(overrides)
    response = client.post("/takedown/", data)
    assert response.status_code == 400
    assert message in response.text
    assert not TakedownNotice.objects.exists()
    source.refresh_from_db()
    assert not source.hidden_by_takedown


def test_what_a_claimant_types_is_escaped(admin_client, client):
    source = VideoSourceFactory()
    name = "<script>alert(1)</script>"
    client.post(
        "/takedown/", notice_form(f"/watch/{source.pk}/", claimant_name=name, signature=name)
    )
    notice = TakedownNotice.objects.get()
    html = admin_client.get(f"/admin/watch/takedownnotice/{notice.pk}/change/").text
    assert name not in html


def test_rejecting_restores_the_sources_and_is_audited(admin_user):
    source = VideoSourceFactory()
    notice = takedowns.file_notice(TakedownNotice(**filed()), [("watch:play", {"pk": source.pk})])
    takedowns.reject_notice(notice, actor=admin_user, note="The uploader is the rights holder.")
    source.refresh_from_db()
    assert not source.hidden_by_takedown
    assert [e.action for e in notice.events.all()] == ["filed", "rejected"]
    assert notice.events.last().actor == admin_user


def test_a_source_held_by_another_notice_stays_hidden():
    source = VideoSourceFactory()
    first = takedowns.file_notice(TakedownNotice(**filed()), [("watch:play", {"pk": source.pk})])
    takedowns.file_notice(TakedownNotice(**filed()), [("watch:play", {"pk": source.pk})])
    takedowns.reject_notice(first)
    source.refresh_from_db()
    assert source.hidden_by_takedown


def test_counter_notice_then_restore(admin_client):
    source = VideoSourceFactory()
    notice = takedowns.file_notice(TakedownNotice(**filed()), [("watch:play", {"pk": source.pk})])
    response = admin_client.post(
        f"/admin/watch/takedownnotice/{notice.pk}/change/",
        {
            "decision_note": "",
            "counter_notice": "I own this recording.",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "1",
        },
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == TakedownNotice.Status.COUNTER_NOTICE
    source.refresh_from_db()
    assert source.hidden_by_takedown
    admin_client.post(
        "/admin/watch/takedownnotice/",
        {"action": "restore_after_counter_notice", "_selected_action": [notice.pk]},
    )
    source.refresh_from_db()
    assert not source.hidden_by_takedown
    assert [e.action for e in notice.events.all()] == ["filed", "counter_notice", "restored"]


def test_staff_confirm_from_the_queue(admin_client):
    source = VideoSourceFactory()
    notice = takedowns.file_notice(TakedownNotice(**filed()), [("watch:play", {"pk": source.pk})])
    admin_client.post(
        "/admin/watch/takedownnotice/", {"action": "confirm", "_selected_action": [notice.pk]}
    )
    notice.refresh_from_db()
    assert notice.status == TakedownNotice.Status.CONFIRMED
    source.refresh_from_db()
    assert source.hidden_by_takedown


def test_notices_are_rate_limited():
    client = Client(REMOTE_ADDR="10.1.1.1")
    source = VideoSourceFactory()
    statuses = [
        client.post("/takedown/", notice_form(f"/watch/{source.pk}/")).status_code for _ in range(7)
    ]
    assert statuses == [200] * 5 + [429] * 2


def filed():
    return {
        "claimant_name": "A",
        "email": "a@example.org",
        "postal_address": "x",
        "work": "w",
        "urls": "u",
        "good_faith": True,
        "accurate": True,
        "signature": "A",
    }


def test_takedown_form_needs_its_csrf_token():
    source = VideoSourceFactory()
    response = Client(enforce_csrf_checks=True).post(
        "/takedown/", notice_form(f"/watch/{source.pk}/")
    )
    assert response.status_code == 403
    assert not TakedownNotice.objects.exists()
