"""Takedown notices: stored at once, hiding sources only once the claimant confirms (or carries a
trusted token), within a cap per notice and a site-wide circuit breaker; limits, the block
list, staff mail and the uploader's counter-notice."""

import time

import pytest
from django.core import signing
from django.test import Client

from tests.factories import FilmFactory, VideoSourceFactory
from tests.shield.reads import FIREWALL_QUERIES
from tests.watch.notices import filed, notice_form, notice_hiding, source_targets
from watch import takedowns
from watch.models import (
    BlockedClaimant,
    TakedownBreaker,
    TakedownEvent,
    TakedownNotice,
    TrustedClaimant,
    VideoSource,
    WaitingReason,
)

pytestmark = pytest.mark.django_db
# Mail is sent once the notice is committed: tests of mail commit, as a real request does.
commits = pytest.mark.django_db(transaction=True)


def hidden_ids() -> list[int]:
    return sorted(VideoSource.objects.filter(hidden_by_takedown=True).values_list("pk", flat=True))


def confirmation_path(mail) -> str:
    """The confirmation link's path, from the mail the claimant was sent."""
    line = next(line for line in mail.body.splitlines() if "/takedown/confirm/" in line)
    return line[line.index("/takedown/confirm/") :]


def file_and_confirm(client, urls, **overrides):
    client.post("/takedown/", notice_form(urls, **overrides))
    notice = TakedownNotice.objects.latest("pk")
    takedowns.confirm_claimant_email(notice)
    return notice


def test_footer_links_to_the_takedown_form(client):
    html = client.get("/").text
    assert '<a href="/takedown/">' in html
    assert client.get("/takedown/").status_code == 200


def test_the_form_warns_that_false_notices_carry_liability(client):
    html = client.get("/takedown/").text
    assert "Knowingly false notices carry liability." in html
    assert 'name="good_faith"' in html and 'href="/takedown/counter-notice/"' in html


@commits
def test_an_unconfirmed_notice_is_stored_and_acknowledged_but_hides_nothing(client, mailoutbox):
    source = VideoSourceFactory()
    response = client.post("/takedown/", notice_form(f"http://testserver/watch/{source.pk}/"))
    assert response.status_code == 200
    assert "We have sent a link to rights@example.org" in response.text
    assert "Nothing is hidden until you open it" in response.text
    assert hidden_ids() == []
    notice = TakedownNotice.objects.get()
    assert notice.status == TakedownNotice.Status.UNCONFIRMED
    assert [(e.action, e.reason) for e in notice.events.all()] == [
        (TakedownEvent.Action.FILED, ""),
        (TakedownEvent.Action.WAITING, WaitingReason.UNCONFIRMED),
    ]
    assert notice.events.first().details == {"named_sources": [source.pk]}
    claimant_mail = next(m for m in mailoutbox if m.to == ["rights@example.org"])
    assert "http://testserver/takedown/confirm/" in claimant_mail.body


@commits
def test_the_link_shows_a_button_and_only_a_post_confirms(client, mailoutbox):
    source = VideoSourceFactory()
    other = VideoSourceFactory(film=source.film)
    client.post("/takedown/", notice_form(f"/watch/{source.pk}/"))
    path = confirmation_path(mailoutbox[0])
    page = client.get(path)  # what a mail scanner prefetching the link does
    assert page.status_code == 200 and "Confirm the notice" in page.text
    assert hidden_ids() == []
    response = client.post(path)
    assert "1 video source is now hidden" in response.text
    assert hidden_ids() == [source.pk]
    film_page = client.get(source.film.get_absolute_url()).text
    assert f"/watch/{source.pk}/" not in film_page and f"/watch/{other.pk}/" in film_page
    notice = TakedownNotice.objects.get()
    assert notice.status == TakedownNotice.Status.RECEIVED and notice.email_confirmed_at
    assert [e.action for e in notice.events.all()][2:] == ["claimant_confirmed", "hidden"]
    assert notice.events.last().details == {"hidden_sources": [source.pk]}


@commits
def test_the_link_works_once(client, mailoutbox):
    source = VideoSourceFactory()
    client.post("/takedown/", notice_form(f"/watch/{source.pk}/"))
    path = confirmation_path(mailoutbox[0])
    client.post(path)
    events = TakedownEvent.objects.count()
    again = client.post(path)
    assert again.status_code == 409 and "The link works once." in again.text
    assert TakedownEvent.objects.count() == events


def test_an_expired_link_confirms_nothing(client, settings):
    settings.TAKEDOWN_CONFIRM_HOURS = 1
    source = VideoSourceFactory()
    client.post("/takedown/", notice_form(f"/watch/{source.pk}/"))
    notice = TakedownNotice.objects.get()

    class TwoHoursAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 7200)

    token = TwoHoursAgo(salt=takedowns.CONFIRMATION_SALT).sign_object(
        {"notice": notice.pk, "email": notice.email}
    )
    response = client.post(f"/takedown/confirm/{token}/")
    assert response.status_code == 400 and "has expired" in response.text
    assert hidden_ids() == []


@pytest.mark.parametrize("forge", ["tamper", "other_salt", "garbage"])
def test_a_forged_link_confirms_nothing(client, forge):
    source = VideoSourceFactory()
    client.post("/takedown/", notice_form(f"/watch/{source.pk}/"))
    notice = TakedownNotice.objects.get()
    token = {
        "tamper": takedowns.confirmation_token(notice)[:-3] + "AAA",
        "other_salt": signing.dumps({"notice": notice.pk, "email": notice.email}),
        "garbage": "not-a-token",
    }[forge]
    response = client.post(f"/takedown/confirm/{token}/")
    assert response.status_code == 400 and "not valid" in response.text
    assert hidden_ids() == []


@commits
def test_staff_are_mailed_about_each_notice(client, admin_user, mailoutbox, django_user_model):
    django_user_model.objects.create_user("silent", is_staff=True)  # no address: not mailed
    django_user_model.objects.create_user("visitor", email="v@example.org")  # not staff
    source = VideoSourceFactory()
    client.post(
        "/takedown/",
        notice_form(f"/watch/{source.pk}/", claimant_name="Kim\nRights", signature="Kim\nRights"),
    )
    staff_mail = next(m for m in mailoutbox if m.to == [admin_user.email])
    notice = TakedownNotice.objects.get()
    assert staff_mail.subject == f"[kcinema] Takedown notice {notice.pk} — Kim Rights"
    assert f"http://testserver/admin/watch/takedownnotice/{notice.pk}/change/" in staff_mail.body
    assert "Nothing is hidden until the claimant confirms" in staff_mail.body
    assert len(mailoutbox) == 2  # the claimant's link, and staff's one mail


def trusted(domain="example.org") -> tuple[TrustedClaimant, str]:
    claimant = TrustedClaimant(organisation="Example Pictures", email_domain=domain)
    return claimant, takedowns.issue_claimant_token(claimant)


@commits
def test_a_trusted_claimant_with_its_token_skips_the_click(client, mailoutbox):
    claimant, token = trusted()
    source = VideoSourceFactory()
    response = client.post("/takedown/", notice_form(f"/watch/{source.pk}/", trusted_token=token))
    assert "1 video source is now hidden" in response.text
    assert hidden_ids() == [source.pk]
    notice = TakedownNotice.objects.get()
    assert notice.trusted_claimant == claimant
    assert [e.action for e in notice.events.all()] == ["filed", "trusted", "hidden"]
    assert not any(m.to == ["rights@example.org"] for m in mailoutbox)  # no link to click


def test_the_token_is_stored_hashed_and_can_be_replaced():
    claimant, token = trusted()
    stored = TrustedClaimant.objects.get()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    takedowns.issue_claimant_token(claimant)
    assert takedowns.trusted_claimant_for("a@example.org", token) is None


@pytest.mark.parametrize(
    ("email", "token_of", "active"),
    [
        ("rights@elsewhere.example", "claimant", True),  # someone else's domain
        ("rights@example.org", "wrong", True),
        ("rights@example.org", "claimant", False),  # staff switched the claimant off
    ],
)
def test_a_token_counts_only_from_its_domain_and_while_active(client, email, token_of, active):
    claimant, token = trusted()
    TrustedClaimant.objects.filter(pk=claimant.pk).update(active=active)
    source = VideoSourceFactory()
    sent = token if token_of == "claimant" else "x" * 43
    client.post("/takedown/", notice_form(f"/watch/{source.pk}/", email=email, trusted_token=sent))
    assert TakedownNotice.objects.get().status == TakedownNotice.Status.UNCONFIRMED
    assert hidden_ids() == []


def test_a_film_page_line_hides_only_its_full_film_sources(client, settings):
    settings.TAKEDOWN_BREAKER_PERCENT = 100
    film = FilmFactory()
    full = VideoSourceFactory.create_batch(2, film=film, kind=VideoSource.Kind.FULL_FILM)
    trailer = VideoSourceFactory(film=film, kind=VideoSource.Kind.TRAILER)
    file_and_confirm(client, f"/ko{film.get_absolute_url()}")
    assert hidden_ids() == sorted(s.pk for s in full)
    trailer.refresh_from_db()
    assert not trailer.hidden_by_takedown


def test_a_notice_hides_at_most_the_cap_and_staff_confirm_the_rest(client, settings, admin_user):
    settings.TAKEDOWN_AUTO_HIDE_MAX = 2
    settings.TAKEDOWN_BREAKER_PERCENT = 100
    sources = VideoSourceFactory.create_batch(5)
    notice = file_and_confirm(client, "\n".join(f"/watch/{s.pk}/" for s in sources))
    assert hidden_ids() == [sources[0].pk, sources[1].pk]
    waiting = notice.events.get(action=TakedownEvent.Action.WAITING, reason=WaitingReason.CAP)
    assert waiting.details == {"waiting_sources": [s.pk for s in sources[2:]]}
    takedowns.confirm_notice(notice, actor=admin_user)
    assert hidden_ids() == sorted(s.pk for s in sources)
    assert notice.events.filter(action="hidden", actor=admin_user).get().details == {
        "hidden_sources": [s.pk for s in sources[2:]]
    }


def test_a_trusted_claimant_has_a_higher_cap(client, settings):
    settings.TAKEDOWN_AUTO_HIDE_MAX = 1
    settings.TAKEDOWN_AUTO_HIDE_MAX_TRUSTED = 3
    settings.TAKEDOWN_BREAKER_PERCENT = 100
    _, token = trusted()
    sources = VideoSourceFactory.create_batch(4)
    urls = "\n".join(f"/watch/{s.pk}/" for s in sources)
    client.post("/takedown/", notice_form(urls, trusted_token=token))
    assert hidden_ids() == [s.pk for s in sources[:3]]


def breaker_settings(settings, *, sources=3, percent=100, cap=2):
    settings.TAKEDOWN_BREAKER_SOURCES = sources
    settings.TAKEDOWN_BREAKER_PERCENT = percent
    settings.TAKEDOWN_AUTO_HIDE_MAX = cap


@commits
def test_the_breaker_trips_past_its_number_and_mails_staff_once(settings, admin_user, mailoutbox):
    breaker_settings(settings, sources=3)
    sources = VideoSourceFactory.create_batch(8)
    first = notice_hiding(*sources[0:2])
    second = notice_hiding(*sources[2:4])  # 2 + 2 would be more than 3
    third = notice_hiding(*sources[4:5])
    assert hidden_ids() == [sources[0].pk, sources[1].pk]
    for notice in (second, third):
        assert notice.events.filter(reason=WaitingReason.BREAKER).exists()
    assert first.status == second.status == TakedownNotice.Status.RECEIVED
    trips = [m for m in mailoutbox if "circuit breaker tripped" in m.subject]
    assert len(trips) == 1 and trips[0].to == [admin_user.email]
    assert "have hidden 2 sources" in trips[0].body
    assert TakedownBreaker.objects.get().tripped_at is not None


def test_the_breaker_trips_past_its_share_of_active_sources(settings):
    breaker_settings(settings, sources=100, percent=10, cap=5)
    sources = VideoSourceFactory.create_batch(20)  # 10 % of 20: 2
    notice_hiding(*sources[0:2])
    notice_hiding(sources[2])
    assert len(hidden_ids()) == 2 and takedowns.breaker_state().tripped_at


def test_a_reset_breaker_hides_again_counting_from_the_reset(settings):
    breaker_settings(settings, sources=2)
    sources = VideoSourceFactory.create_batch(6)
    notice_hiding(*sources[0:2])
    notice_hiding(sources[2])
    assert len(hidden_ids()) == 2
    takedowns.reset_breaker()
    notice_hiding(*sources[3:5])
    assert len(hidden_ids()) == 4
    assert takedowns.breaker_state().hidden_unreviewed == 2


def test_notices_staff_decided_on_no_longer_count(settings, admin_user):
    breaker_settings(settings, sources=4)
    sources = VideoSourceFactory.create_batch(6)
    first = notice_hiding(*sources[0:2])
    notice_hiding(*sources[2:4])
    takedowns.confirm_notice(first, actor=admin_user)
    assert takedowns.breaker_state().hidden_unreviewed == 2
    notice_hiding(*sources[4:6])
    assert len(hidden_ids()) == 6 and not takedowns.breaker_state().tripped_at


def test_the_admin_shows_the_breaker_and_resets_it(settings, admin_client):
    breaker_settings(settings, sources=1)
    sources = VideoSourceFactory.create_batch(3)
    notice_hiding(sources[0])
    notice_hiding(sources[1])
    page = admin_client.get("/admin/watch/takedownbreaker/").text
    assert "Tripped: automatic hiding has stopped" in page and "1 / 1" in page
    breaker = TakedownBreaker.objects.get()
    admin_client.post(
        "/admin/watch/takedownbreaker/",
        {"action": "reset_breaker", "_selected_action": [breaker.pk]},
    )
    breaker.refresh_from_db()
    assert breaker.tripped_at is None and breaker.reset_at is not None
    assert (
        "Closed: notices hide sources automatically"
        in admin_client.get("/admin/watch/takedownbreaker/").text
    )


@pytest.mark.parametrize(
    ("setting", "posts"),
    [
        # the same e-mail, from four addresses of four networks
        (
            "TAKEDOWN_NOTICES_PER_EMAIL_DAY",
            [("a@x.example", "10.0.1.1"), ("a@x.example", "10.0.2.1")],
        ),
        # one domain, four addresses at it
        (
            "TAKEDOWN_NOTICES_PER_DOMAIN_DAY",
            [("a@x.example", "10.0.1.1"), ("b@x.example", "10.0.2.1")],
        ),
        # one IPv4 /24
        (
            "TAKEDOWN_NOTICES_PER_NETWORK_DAY",
            [("a@x.example", "10.0.1.1"), ("b@y.example", "10.0.1.2")],
        ),
        # one IPv6 /64
        (
            "TAKEDOWN_NOTICES_PER_NETWORK_DAY",
            [("a@x.example", "2001:db8:0:1::1"), ("b@y.example", "2001:db8:0:1:ffff::2")],
        ),
    ],
)
def test_each_daily_limit(settings, setting, posts):
    setattr(settings, setting, 1)
    source = VideoSourceFactory()
    statuses = []
    for email, address in posts:
        data = notice_form(f"/watch/{source.pk}/", email=email)
        statuses.append(Client(REMOTE_ADDR=address).post("/takedown/", data).status_code)
    assert statuses == [200, 429]
    assert TakedownNotice.objects.count() == 1


def test_other_ipv6_networks_are_counted_apart(settings):
    settings.TAKEDOWN_NOTICES_PER_NETWORK_DAY = 1
    source = VideoSourceFactory()
    statuses = [
        Client(REMOTE_ADDR=address)
        .post("/takedown/", notice_form(f"/watch/{source.pk}/", email=email))
        .status_code
        for email, address in [
            ("a@x.example", "2001:db8:0:1::1"),
            ("b@y.example", "2001:db8:0:2::1"),
        ]
    ]
    assert statuses == [200, 200]


def test_notices_are_rate_limited_per_address_an_hour():
    client = Client(REMOTE_ADDR="10.1.1.1")
    source = VideoSourceFactory()
    statuses = [
        client.post(
            "/takedown/", notice_form(f"/watch/{source.pk}/", email=f"r{n}@e{n}.example")
        ).status_code
        for n in range(7)
    ]
    assert statuses == [200] * 5 + [429] * 2


def test_a_notice_naming_no_existing_page_is_refused(client):
    source = VideoSourceFactory()
    hidden_film = FilmFactory(published=False)
    lines = [f"/watch/{source.pk}/", "/watch/999999/", "/films/no-such-film-2001/"]
    urls = "\n".join([*lines, hidden_film.get_absolute_url()])
    response = client.post("/takedown/", notice_form(urls))
    assert response.status_code == 400
    assert "There is no such page on this site: /watch/999999/, /films/no-such-film-2001/" in (
        response.text
    )
    assert not TakedownNotice.objects.exists()


@commits
@pytest.mark.parametrize("blocked", ["griefer@example.net", "example.net"])
def test_a_blocked_claimant_is_refused_politely(client, blocked, mailoutbox):
    BlockedClaimant.objects.create(address=blocked, reason="Filed 40 false notices")
    source = VideoSourceFactory()
    response = client.post(
        "/takedown/", notice_form(f"/watch/{source.pk}/", email="Griefer@Example.net")
    )
    assert response.status_code == 400
    assert "We cannot accept takedown notices from this address" in response.text
    assert not TakedownNotice.objects.exists() and mailoutbox == []


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
    notice = notice_hiding(source)
    takedowns.reject_notice(notice, actor=admin_user, note="The uploader is the rights holder.")
    source.refresh_from_db()
    assert not source.hidden_by_takedown
    assert notice.events.last().action == "rejected" and notice.events.last().actor == admin_user


def test_rejecting_an_unconfirmed_notice_shows_nothing_another_notice_hid(settings):
    source = VideoSourceFactory()
    notice_hiding(source)
    unconfirmed = takedowns.file_notice(TakedownNotice(**filed()), source_targets(source))
    takedowns.reject_notice(unconfirmed)
    assert hidden_ids() == [source.pk]


def test_a_source_held_by_another_notice_stays_hidden(settings):
    settings.TAKEDOWN_BREAKER_PERCENT = 100
    source = VideoSourceFactory()
    first = notice_hiding(source)
    second = notice_hiding(source)
    takedowns.reject_notice(first)
    assert hidden_ids() == [source.pk]
    takedowns.reject_notice(second)
    assert hidden_ids() == []


def test_staff_confirm_from_the_queue(admin_client):
    source = VideoSourceFactory()
    notice = takedowns.file_notice(TakedownNotice(**filed()), source_targets(source))
    admin_client.post(
        "/admin/watch/takedownnotice/", {"action": "confirm", "_selected_action": [notice.pk]}
    )
    notice.refresh_from_db()
    assert notice.status == TakedownNotice.Status.CONFIRMED
    assert hidden_ids() == [source.pk]  # staff's confirmation needs no claimant's click


def test_takedown_form_needs_its_csrf_token():
    source = VideoSourceFactory()
    response = Client(enforce_csrf_checks=True).post(
        "/takedown/", notice_form(f"/watch/{source.pk}/")
    )
    assert response.status_code == 403
    assert not TakedownNotice.objects.exists()


# The uploader's counter-notice.


def counter_form(reference, **overrides):
    return {
        "reference": reference,
        "name": "Lee Uploader",
        "email": "uploader@example.com",
        "statement": "I filmed this myself.",
        "good_faith": "on",
        **overrides,
    }


def test_a_hidden_sources_page_links_to_the_counter_notice(client):
    source = VideoSourceFactory()
    notice_hiding(source)
    response = client.get(f"/watch/{source.pk}/")
    assert response.status_code == 451
    link = f'href="/takedown/counter-notice/?reference=/watch/{source.pk}/"'
    assert link in response.text
    form = client.get(f"/takedown/counter-notice/?reference=/watch/{source.pk}/").text
    assert f'value="/watch/{source.pk}/"' in form


@commits
@pytest.mark.parametrize("by", ["number", "address"])
def test_a_counter_notice_waits_for_staff_and_mails_them(client, admin_user, mailoutbox, by):
    source = VideoSourceFactory()
    notice = notice_hiding(source)
    mailoutbox.clear()
    reference = str(notice.pk) if by == "number" else f"http://testserver/watch/{source.pk}/"
    response = client.post("/takedown/counter-notice/", counter_form(reference))
    assert response.status_code == 200 and "Your counter-notice on notice" in response.text
    notice.refresh_from_db()
    assert notice.status == TakedownNotice.Status.COUNTER_NOTICE
    assert (notice.counter_name, notice.counter_email) == ("Lee Uploader", "uploader@example.com")
    assert notice.events.last().action == TakedownEvent.Action.COUNTER_NOTICE
    assert hidden_ids() == [source.pk]  # until staff restore it
    [mail] = mailoutbox
    assert mail.to == [admin_user.email] and "I filmed this myself." in mail.body


@pytest.mark.parametrize(
    ("reference", "overrides"),
    [
        ("999999", {}),
        ("/watch/999999/", {}),
        ("", {}),
        ("unconfirmed", {}),
        ("held", {"good_faith": ""}),
    ],
)
def test_a_counter_notice_must_name_a_notice_that_hid_something(client, reference, overrides):
    source = VideoSourceFactory()
    held = notice_hiding(source)
    unconfirmed = takedowns.file_notice(TakedownNotice(**filed()), source_targets(source))
    reference = {"held": str(held.pk), "unconfirmed": str(unconfirmed.pk)}.get(reference, reference)
    response = client.post("/takedown/counter-notice/", counter_form(reference, **overrides))
    assert response.status_code == 400
    assert not TakedownNotice.objects.filter(status=TakedownNotice.Status.COUNTER_NOTICE).exists()


def test_counter_notices_are_rate_limited(settings):
    settings.TAKEDOWN_NOTICES_PER_EMAIL_DAY = 1
    settings.TAKEDOWN_BREAKER_PERCENT = 100
    first_notice, second_notice = (notice_hiding(VideoSourceFactory()) for _ in range(2))
    client = Client(REMOTE_ADDR="10.9.9.9")
    first = client.post("/takedown/counter-notice/", counter_form(str(first_notice.pk)))
    second = client.post("/takedown/counter-notice/", counter_form(str(second_notice.pk)))
    assert (first.status_code, second.status_code) == (200, 429)


def test_the_public_pages_read_a_fixed_number_of_queries(client, django_assert_num_queries):
    source = VideoSourceFactory()
    notice = notice_hiding(source)
    pending = takedowns.file_notice(TakedownNotice(**filed()), source_targets(source))
    # The layout's genre menu, and what the page reads itself.
    pages = {
        "/takedown/": 1,
        "/takedown/counter-notice/": 1,
        f"/watch/{source.pk}/": 2,  # the source, with its film
        f"/takedown/confirm/{takedowns.confirmation_token(pending)}/": 2,  # the notice
        f"/takedown/confirm/{takedowns.confirmation_token(notice)}/": 2,
    }
    for page, queries in pages.items():
        with django_assert_num_queries(queries + FIREWALL_QUERIES):
            client.get(page)
