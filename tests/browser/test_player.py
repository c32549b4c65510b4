"""Pressing play: nothing is asked of the video host before, the right iframe after."""

import pytest
from playwright.sync_api import expect

from tests.factories import VideoSourceFactory, miracle_in_cell_no_7
from watch.models import VideoSource

pytestmark = pytest.mark.django_db(transaction=True)


def test_no_request_reaches_the_video_host_until_play(open_page, live_server, screenshot):
    film = miracle_in_cell_no_7()
    VideoSourceFactory(film=film, video_id="dQw4w9WgXcQ", start_seconds=30, uploader="NEW")
    trailer = VideoSourceFactory(
        film=film,
        video_id="trailerAAAA",
        kind=VideoSource.Kind.TRAILER,
        uploader="Showbox",
        source_note="",
    )
    page = open_page(1280, 900)
    # No internet here: answer the video host with an empty page, so only the request counts.
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(body="<p>video"))
    page.goto(live_server.url + film.get_absolute_url())
    page.locator("#watch").scroll_into_view_if_needed()
    expect(page.locator(".facade").first).to_be_visible()
    screenshot(page, "player-facade")
    assert [url for url in page.requests if not url.startswith(live_server.url)] == []
    assert page.locator("iframe").count() == 0

    page.locator(".source-tabs").get_by_role("link", name="Trailer · Showbox YouTube").click()
    expect(page.locator(f'[data-source-panel="{trailer.pk}"]')).to_be_visible()
    assert [url for url in page.requests if not url.startswith(live_server.url)] == []

    embed = "https://www.youtube-nocookie.com/embed/trailerAAAA?autoplay=1"
    with page.expect_request(embed):
        page.locator(f'[data-source-panel="{trailer.pk}"] .facade').click()
    frame = page.locator("iframe.player-frame")
    expect(frame).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/trailerAAAA?autoplay=1"
    )
    expect(frame).to_have_attribute("referrerpolicy", "strict-origin-when-cross-origin")
    expect(frame).to_have_attribute(
        "allow", "autoplay; encrypted-media; picture-in-picture; fullscreen"
    )
    expect(frame).to_have_attribute("title", f"Trailer · Showbox — {film.title}")
    outside = [url for url in page.requests if not url.startswith(live_server.url)]
    assert outside and all(
        url.startswith("https://www.youtube-nocookie.com/embed/") for url in outside
    )
    screenshot(page, "player-playing")
    assert page.console_errors == []


@pytest.mark.parametrize(
    ("width", "height", "mobile", "key"),
    [(1366, 900, False, "Enter"), (390, 844, True, " ")],
    ids=["desktop-enter", "phone-space"],
)
def test_the_player_is_in_the_first_screen_and_plays_from_the_keyboard(
    open_page, live_server, screenshot, width, height, mobile, key
):
    film = miracle_in_cell_no_7()
    VideoSourceFactory(
        film=film,
        video_id="trailerBBBB",
        kind=VideoSource.Kind.TRAILER,
        uploader="NEW",
        source_note="",
    )
    page = open_page(width, height, mobile=mobile)
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(body="<p>video"))
    page.goto(live_server.url + film.get_absolute_url())
    facade = page.get_by_role("button", name="Play: Trailer · NEW")
    box = facade.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= height  # all of it, without scrolling
    expect(page.locator(".facade-kind")).to_have_text("Trailer")
    expect(page.get_by_role("link", name="Watch on YouTube")).to_be_hidden()
    screenshot(page, f"player-first-screen-{width}")

    facade.focus()
    with page.expect_request("https://www.youtube-nocookie.com/embed/trailerBBBB?autoplay=1"):
        page.keyboard.press(key)
    expect(page.locator("iframe.player-frame")).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/trailerBBBB?autoplay=1"
    )
    assert page.evaluate("window.scrollY") == 0  # Space played instead of scrolling the page
    watch_on = page.get_by_role("link", name="Watch on YouTube")
    expect(watch_on).to_be_visible()
    expect(watch_on).to_have_attribute("href", "https://www.youtube.com/watch?v=trailerBBBB")
    assert page.console_errors == []
