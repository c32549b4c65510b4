"""A blocked person lifts their own block by the proof of work, under the strict CSP."""

import pytest
from playwright.sync_api import expect

from shield import blocks
from shield.models import Block

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_blocked_person_proves_they_are_one_and_carries_on(
    open_page, live_server, settings, screenshot
):
    settings.SHIELD_CHALLENGE_MAX_NUMBER = 2000
    blocks.block("127.0.0.1", reason="not_found")
    page = open_page(390, 844, mobile=True)
    answer = page.goto(live_server.url + "/about/")
    assert answer.status == 403
    expect(page.get_by_role("heading", name="Access paused")).to_be_visible()
    screenshot(page, "block-page-phone")
    page.get_by_role("button", name="Let me in").click()
    expect(page.locator("main h1").first).not_to_have_text("Access paused")
    assert page.url == live_server.url + "/about/"
    # The 403s of the block page itself (and the favicon) are all: no CSP violation, no error.
    assert [error for error in page.console_errors if "403" not in error] == []
    assert Block.objects.get().lifted_by == "proof of work"


def test_the_korean_block_page_speaks_korean(open_page, live_server):
    blocks.block("127.0.0.1", reason="not_found")
    page = open_page(390, 844, mobile=True)
    assert page.goto(live_server.url + "/ko/about/").status == 403
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("heading", name="접속이 잠시 중지되었습니다")).to_be_visible()
