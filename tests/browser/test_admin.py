"""The editors' pages in a real browser: what fits a laptop's screen."""

import pytest
from django.test import Client

from tests.factories import CreditFactory, FilmFactory, VideoSourceFactory
from tests.staff import authenticator, current_code, session_cookie, sign_in_verified
from watch.models import VideoSource

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor_page(open_page, live_server, admin_user):
    """A page at 1366×900 signed in as a superuser with both factors (the session cookie of a
    test client; test_staff_sign_in_through_both_steps_in_korean signs in through the form)."""

    def open_signed_in(width=1366, height=900):
        client = sign_in_verified(Client(), admin_user)
        page = open_page(width, height)
        page.context.add_cookies([{**session_cookie(client), "url": live_server.url}])
        return page

    return open_signed_in


def test_film_page_chooses_countries_and_languages_by_name(editor_page, live_server, screenshot):
    credit = CreditFactory()
    VideoSourceFactory(film=credit.film, subtitle_languages="en")
    page = editor_page()
    page.goto(f"{live_server.url}/ko/admin/catalog/film/{credit.film.pk}/change/")
    screenshot(page, "admin-film-change-ko")
    assert page.locator("#id_countries_to option").all_inner_texts() == ["한국"]
    page.fill("#id_countries_input", "미")
    page.press("#id_countries_input", "End")  # the filter follows key presses
    assert page.locator("#id_countries_from option:visible").all_inner_texts() == ["미국"]


def test_credit_rows_fit_a_laptop_screen(editor_page, live_server, screenshot):
    credit = CreditFactory()
    page = editor_page()
    page.goto(f"{live_server.url}/admin/catalog/film/{credit.film.pk}/change/")
    screenshot(page, "admin-film-credits")
    right = "selector => document.querySelector(selector).getBoundingClientRect().right"
    assert page.evaluate(right, "#credits-group table") <= page.evaluate(right, "#credits-group")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366


def test_the_video_sources_list_fits_a_laptop_screen(editor_page, live_server, screenshot):
    long_title = FilmFactory(title="The Long and Winding Title of a Korean Film Classic Restored")
    VideoSourceFactory(film=long_title, uploader="Korean Film Archive (KOFA) official channel")
    hidden = VideoSourceFactory(health=VideoSource.Health.REMOVED, active=False)
    VideoSource.objects.filter(pk=hidden.pk).update(hidden_by_takedown=True)
    page = editor_page()
    page.goto(f"{live_server.url}/ko/admin/watch/videosource/")
    screenshot(page, "admin-video-sources-ko")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    right = "selector => document.querySelector(selector).getBoundingClientRect().right"
    assert page.evaluate(right, "#result_list") <= page.evaluate(right, "#changelist-form")
    assert page.locator("#result_list strong").all_inner_texts() != []


def test_staff_sign_in_through_both_steps_in_korean(open_page, live_server, screenshot, admin_user):
    """A superuser with an authenticator: password, then the app's code, then the page asked for."""
    admin_user.set_password("right horse")
    admin_user.save()
    device = authenticator(admin_user)
    page = open_page(1366, 900)
    page.goto(f"{live_server.url}/ko/admin/catalog/film/")
    assert "/ko/admin/account/login/" in page.url
    page.fill("#id_auth-username", admin_user.username)
    page.fill("#id_auth-password", "right horse")
    screenshot(page, "admin-sign-in-ko")
    page.click("#login-form input[type=submit]")
    page.fill("#id_token-otp_token", current_code(device))
    screenshot(page, "admin-sign-in-code-ko")
    page.click("#login-form input[type=submit]")
    page.wait_for_url(f"{live_server.url}/ko/admin/catalog/film/")
    assert page.locator("#changelist").count() == 1
    assert not [url for url in page.requests if not url.startswith(live_server.url)]
