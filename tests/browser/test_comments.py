"""A visitor comments and replies without a page reload, in real Chromium."""

import pytest
from playwright.sync_api import expect

from community.models import Comment
from tests.factories import CommentFactory, miracle_in_cell_no_7

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _quick_checks(settings):
    settings.COMMENT_CHALLENGE_MAX_NUMBER = 2000
    settings.COMMENT_MIN_SECONDS = 0


def test_visitor_comments_and_replies_without_a_reload(open_page, live_server, screenshot):
    film = miracle_in_cell_no_7()
    earlier = CommentFactory(film=film, name="Earlier Viewer", body="Best father-daughter film.")
    page = open_page(390, 844, mobile=True)
    page.goto(live_server.url + film.get_absolute_url() + "#comments")
    page.evaluate("window.stillTheSamePage = true")

    form = page.locator("#comment-form")
    form.get_by_label("Comment *").fill("I watched it twice this week.\n\nhttps://example.org")
    form.get_by_label("Name *").fill("Ha Neul")
    form.get_by_label("E-mail *").fill("haneul@example.org")
    form.get_by_label("Save my name").check()
    form.get_by_role("button", name="Post comment").click()

    mine = page.locator(".comment-list > .comment").last
    expect(mine).to_contain_text("I watched it twice this week.")
    expect(mine).to_contain_text("Your comment is awaiting moderation.")
    expect(mine.get_by_role("link", name="https://example.org")).to_have_attribute(
        "rel", "nofollow ugc"
    )

    page.locator(f"#comment-{earlier.pk}").get_by_role("link", name="Reply").click()
    expect(page.locator(".replying-to")).to_contain_text("Earlier Viewer")
    form.get_by_label("Comment *").fill("Agreed, the balloon scene!")
    form.get_by_role("button", name="Post comment").click()
    reply = page.locator(f"#comment-{earlier.pk} > .replies > .comment")
    expect(reply).to_contain_text("Agreed, the balloon scene!")
    screenshot(page, "comments-phone")

    assert page.evaluate("window.stillTheSamePage") is True
    assert Comment.objects.filter(parent=earlier, name="Ha Neul").exists()
    assert page.evaluate("JSON.parse(localStorage.getItem('kcinema-commenter')).name") == "Ha Neul"
    assert [url for url in page.requests if not url.startswith(live_server.url)] == []
    assert page.console_errors == []


def test_an_empty_comment_names_the_missing_fields_next_to_them(open_page, live_server):
    film = miracle_in_cell_no_7()
    page = open_page(1280, 900)
    page.goto(live_server.url + film.get_absolute_url() + "#comments")
    form = page.locator("#comment-form")
    form.get_by_label("Name *").fill("Ha Neul")
    form.get_by_role("button", name="Post comment").click()

    expect(form.locator(".form-status")).to_have_text("Please fill in: Comment, E-mail")
    body = form.get_by_label("Comment *")
    expect(body).to_have_attribute("aria-invalid", "true")
    expect(body).to_be_focused()
    expect(form.locator(f"#{body.get_attribute('id')}-errors")).to_have_text(
        "This field is required."
    )
    expect(form.get_by_label("Name *")).not_to_have_attribute("aria-invalid", "true")
    assert not Comment.objects.exists()
    assert page.console_errors == []


def kept_by_the_site(url: str) -> None:
    """Another visitor's visit: the page is made and kept (the next is served from the cache)."""
    import urllib.request

    for _visit in range(2):
        with urllib.request.urlopen(url) as answer:  # noqa: S310 - the live server
            state = answer.headers["X-Kcinema-Cache"]
    assert state == "hit"


@pytest.mark.page_cache
def test_visitor_comments_on_a_page_served_from_the_cache(open_page, live_server):
    film = miracle_in_cell_no_7()
    url = live_server.url + film.get_absolute_url()
    kept_by_the_site(url)
    page = open_page(1280, 900)
    response = page.goto(url + "#comments")
    assert response.headers["x-kcinema-cache"] == "hit"
    expect(page.get_by_role("link", name="Write a comment")).to_be_hidden()

    form = page.locator("#comment-form")
    form.get_by_label("Comment *").fill("Seen from a kept page.")
    form.get_by_label("Name *").fill("Ha Neul")
    form.get_by_label("E-mail *").fill("haneul@example.org")
    form.get_by_role("button", name="Post comment").click()
    expect(page.locator(".comment-list > .comment").last).to_contain_text("Seen from a kept page.")
    assert Comment.objects.filter(film=film, body="Seen from a kept page.").exists()
    assert page.console_errors == []

    # Their comment waits for a moderator: from now on they get pages of their own, with it.
    again = page.reload()
    assert again.headers["x-kcinema-cache"] == "bypass"
    expect(page.locator(".comment-list")).to_contain_text("Seen from a kept page.")


@pytest.mark.page_cache
def test_without_javascript_a_comment_is_written_on_a_page_of_its_own(browser, live_server):
    film = miracle_in_cell_no_7()
    url = live_server.url + film.get_absolute_url()
    kept_by_the_site(url)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url)
        expect(page.locator("#comment-form")).to_be_hidden()
        page.get_by_role("link", name="Write a comment").click()
        form = page.locator("#comment-form")
        form.get_by_label("Comment *").fill("Written without a script.")
        form.get_by_label("Name *").fill("Ha Neul")
        form.get_by_label("E-mail *").fill("haneul@example.org")
        form.get_by_label("Without JavaScript").fill(str(film.year))
        form.get_by_role("button", name="Post comment").click()
        expect(page.locator(".comment-list")).to_contain_text("Written without a script.")
        assert page.url.startswith(url)
    finally:
        context.close()
    assert Comment.objects.filter(film=film, body="Written without a script.").exists()
