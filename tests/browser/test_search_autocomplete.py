"""A visitor's path through the header search box's suggestions, by keyboard, in real Chromium."""

import re
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from catalog.images import make_renditions
from search.indexing import rebuild
from tests.factories import CreditFactory, FilmFactory, PersonFactory, miracle_in_cell_no_7

pytestmark = pytest.mark.django_db(transaction=True)


def only_this_site(page, live_server):
    return [url for url in page.requests if not url.startswith(live_server.url)]


def with_poster(film, colour):
    """Gives a film a small poster, with the renditions the admin makes on upload."""
    image = Image.new("RGB", (200, 300), colour)
    ImageDraw.Draw(image).rectangle((20, 190, 180, 280), fill=(250, 240, 220))
    buffer = BytesIO()
    image.save(buffer, "JPEG")
    film.poster.save(f"{film.slug}.jpg", ContentFile(buffer.getvalue()))
    make_renditions(film.poster)
    return film


def catalogue():
    """Miracle in Cell No. 7 and its cast, beside films and people that share a few letters."""
    film = with_poster(miracle_in_cell_no_7(), (40, 70, 110))
    FilmFactory(title="Mirage", original_title="신기루", year=2005)
    mother = FilmFactory(title="Mother", original_title="마더", year=2009)
    CreditFactory(film=mother, person=PersonFactory(name="Kim Mi-ra", name_ko="김미라"))
    rebuild()
    return film


def search_box(page, name="Search films and people"):
    return page.get_by_role("combobox", name=name)


def test_desktop_visitor_picks_a_film_from_the_suggestions_with_the_keyboard(
    open_page, live_server, screenshot
):
    film = catalogue()
    page = open_page(1280, 800)
    page.goto(live_server.url + "/")
    box = search_box(page)
    box.focus()
    page.keyboard.type("mira")

    listbox = page.get_by_role("listbox", name="Search films and people")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("group", name="Films")).to_be_visible()
    options = listbox.get_by_role("option")
    first = options.first
    expect(first).to_contain_text("Miracle in Cell No. 7 (2013)")
    expect(first).to_contain_text("7번방의 선물")
    expect(first.locator("img")).to_have_attribute("alt", "")
    people = listbox.get_by_role("group", name="People")
    expect(people.get_by_role("option")).to_have_accessible_name("Kim Mi-ra 김미라 Mother (2009)")
    expect(first).to_have_accessible_name("Miracle in Cell No. 7 (2013) 7번방의 선물")
    expect(options.last).to_have_text("Search for “mira”")
    expect(page.locator(".site-search [role=status]")).to_have_text(
        re.compile(r"^\d+ suggestions?$")
    )
    screenshot(page, "search-suggestions-desktop")

    page.keyboard.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    page.keyboard.press("ArrowUp")  # wraps round to the last option
    expect(options.last).to_have_attribute("aria-selected", "true")
    expect(first).to_have_attribute("aria-selected", "false")
    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    screenshot(page, "search-suggestions-desktop-highlight")

    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + film.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Miracle in Cell No. 7 (2013)")
    assert only_this_site(page, live_server) == []
    assert page.console_errors == []


def test_phone_visitor_sees_the_film_while_still_composing_hangul(
    open_page, live_server, screenshot
):
    film = catalogue()
    page = open_page(390, 844, mobile=True)
    page.goto(live_server.url + "/ko/")
    box = search_box(page, "영화와 인물 검색")
    box.focus()
    page.keyboard.type("7")
    # A Korean IME: the syllable 번 is built ㅂ, 버, 번 and is still being composed.
    ime = page.context.new_cdp_session(page)
    for syllable in ["ㅂ", "버", "번"]:
        ime.send(
            "Input.imeSetComposition", {"text": syllable, "selectionStart": 1, "selectionEnd": 1}
        )
    expect(box).to_have_value("7번")

    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    option = listbox.get_by_role("option").first
    expect(option).to_contain_text("7번방의 선물 (2013)")
    expect(listbox.get_by_role("group", name="영화")).to_be_visible()
    expect(listbox.get_by_role("option").last).to_have_text(
        "“7번” 검색"
    )  # the syllable in progress

    ime.send("Input.insertText", {"text": "번"})
    for syllable in ["ㅂ", "바", "방"]:
        ime.send(
            "Input.imeSetComposition", {"text": syllable, "selectionStart": 1, "selectionEnd": 1}
        )
    ime.send("Input.insertText", {"text": "방"})
    expect(box).to_have_value("7번방")
    expect(listbox.get_by_role("option").last).to_have_text("“7번방” 검색")
    expect(option).to_contain_text("7번방의 선물")
    screenshot(page, "search-suggestions-phone-ko")

    option.click()
    expect(page).to_have_url(f"{live_server.url}/ko{film.get_absolute_url()}")
    assert only_this_site(page, live_server) == []
    assert page.console_errors == []


def test_escape_closes_the_suggestions_then_clears_the_box(open_page, live_server):
    catalogue()
    page = open_page(1280, 800)
    page.goto(live_server.url + "/")
    box = search_box(page)
    box.focus()
    page.keyboard.type("mira")
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()

    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("mira")
    page.keyboard.press("Escape")
    expect(box).to_have_value("")
    assert page.console_errors == []


def test_enter_with_nothing_highlighted_opens_the_full_results(open_page, live_server):
    catalogue()
    page = open_page(1280, 800)
    page.goto(live_server.url + "/")
    search_box(page).focus()
    page.keyboard.type("miracle")
    expect(page.get_by_role("listbox").get_by_role("option").first).to_contain_text("Miracle")

    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/search/?q=miracle")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “miracle”")
    assert page.console_errors == []


def test_markup_in_a_title_is_shown_as_text(open_page, live_server):
    FilmFactory(title="Mirror <img src=x onerror=alert(1)>", original_title="거울", year=2020)
    rebuild()
    page = open_page(1280, 800)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + "/")
    search_box(page).focus()
    page.keyboard.type("mirr")

    option = page.get_by_role("listbox").get_by_role("option").first
    expect(option).to_contain_text("Mirror <img src=x onerror=alert(1)> (2020)")
    expect(page.locator(".search-suggestions img[src=x]")).to_have_count(0)
    assert dialogs == []
    assert not any(url.endswith("/x") for url in page.requests)
