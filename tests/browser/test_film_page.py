"""A visitor's path through the film page, on a phone and on a desktop, in real Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import miracle_in_cell_no_7

pytestmark = pytest.mark.django_db(transaction=True)


def only_this_site(page, live_server):
    return [url for url in page.requests if not url.startswith(live_server.url)]


def test_phone_visitor_reads_the_film_page_and_opens_the_folded_menu(
    open_page, live_server, screenshot
):
    film = miracle_in_cell_no_7()
    page = open_page(390, 844, mobile=True)
    page.goto(live_server.url + film.get_absolute_url())

    expect(page.get_by_role("heading", level=1)).to_have_text("Miracle in Cell No. 7 (2013)")
    expect(page.locator(".secondary-title")).to_have_text("7번방의 선물")
    expect(page.locator(".summary-line")).to_contain_text("directed by Lee Hwan-kyung")
    menu = page.get_by_role("button", name="Menu")
    nav = page.locator("#site-nav")
    expect(menu).to_be_visible()
    expect(nav).to_be_hidden()
    screenshot(page, "film-phone")

    menu.click()
    close = page.get_by_role("button", name="Close")
    expect(close).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    # The genres are folded inside the menu until asked for.
    expect(nav.get_by_role("link", name="Comedy")).to_be_hidden()
    screenshot(page, "film-phone-menu")
    nav.locator(".genre-menu summary").click()
    expect(nav.get_by_role("link", name="Comedy")).to_be_visible()
    screenshot(page, "film-phone-menu-genres")
    page.keyboard.press("Escape")  # first the genres fold, then the menu closes
    expect(nav.get_by_role("link", name="Comedy")).to_be_hidden()
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    close.click()
    expect(nav).to_be_hidden()

    assert only_this_site(page, live_server) == []
    assert page.console_errors == []


def test_desktop_visitor_browses_by_genre_and_switches_to_korean(
    open_page, live_server, screenshot
):
    film = miracle_in_cell_no_7()
    page = open_page(1280, 800)
    page.goto(live_server.url + film.get_absolute_url())

    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.locator("#site-nav")).to_be_visible()
    screenshot(page, "film-desktop")

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator(".copy-link")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    expect(page.locator(".share").get_by_role("link", name="LINE")).to_have_attribute(
        "href", re.compile(r"^https://social-plugins\.line\.me/lineit/share\?url=http")
    )

    page.get_by_role("link", name="Ryu Seung-ryong").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ryu Seung-ryong")
    page.go_back()

    genres = page.locator(".genre-menu")
    genres.locator("summary").click()
    expect(genres.get_by_role("link", name="Drama")).to_be_visible()
    page.locator("h1").click()  # a click outside closes the genre list
    expect(genres.get_by_role("link", name="Drama")).to_be_hidden()
    genres.locator("summary").click()
    genres.get_by_role("link", name="Drama").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Drama films")
    page.get_by_role("link", name="Miracle in Cell No. 7").click()

    page.get_by_role("link", name="한국어").click()
    expect(page).to_have_url(f"{live_server.url}/ko/films/{film.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("7번방의 선물 (2013)")
    expect(page.locator(".summary-line")).to_contain_text("이환경이 감독을 맡았고")
    screenshot(page, "film-desktop-ko")

    assert only_this_site(page, live_server) == []
    assert page.console_errors == []
