from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from shield import blocks
from shield.challenge import solve
from shield.models import Block, TrafficEntry
from shield.offences import current_score
from tests.factories import miracle_in_cell_no_7
from tests.shield import dns
from tests.shield.reads import FIREWALL_QUERIES
from tests.shield.visits import challenge_on, visit

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
NEIGHBOUR = "203.0.113.8"


@pytest.fixture(autouse=True)
def _no_dns():
    dns.reset()


@pytest.mark.parametrize(
    "path",
    [
        "/wp-login.php",
        "/xmlrpc.php",
        "/wp-admin/",
        "/.env",
        "/.git/config",
        "/ko/index.php",
        "/backup.sql",
        "/site.zip",
        "/phpmyadmin/",
        "/db.bak",
        "/cgi-bin/test",
        "/%2eenv",
    ],
)
def test_a_probe_is_answered_before_any_view_and_counts_against_its_source(client, path):
    response = visit(client, path)
    assert response.status_code == 404
    assert response["Content-Type"] == "text/plain"
    assert current_score(ATTACKER) == 10
    assert TrafficEntry.objects.get().kind == "probe"


def test_the_sites_own_pages_are_no_probes(client):
    film = miracle_in_cell_no_7()
    for path in ["/", film.get_absolute_url(), "/robots.txt", "/search/?q=php"]:
        assert visit(client, path).status_code == 200
    assert current_score(ATTACKER) == 0


def test_three_probes_block_the_source_and_no_one_else(client):
    answers = [visit(client, "/wp-login.php").status_code for _ in range(4)]
    assert answers == [404, 404, 404, 403]
    assert visit(client, "/").status_code == 403
    assert visit(client, "/", address=NEIGHBOUR).status_code == 200
    assert Block.objects.get().reason == "probe"


def test_the_block_page_is_small_private_and_under_the_strict_csp(client):
    blocks.block(ATTACKER, reason="probe")
    page = visit(client, "/")
    assert page.status_code == 403
    assert page["Cache-Control"] == "private, no-store"
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert '<script type="module" src=' in page.text and "<script>" not in page.text
    assert "Access paused" in page.text
    assert len(page.content) < 4000


def test_the_block_page_speaks_korean_under_ko(client):
    blocks.block(ATTACKER, reason="probe")
    page = visit(client, "/ko/")
    assert page["Content-Language"] == "ko"
    assert '<html lang="ko">' in page.text  # its strings are in ko-strings.py for the catalogue


def test_a_burst_of_404s_blocks(client, settings):
    settings.SHIELD_THRESHOLD = 5
    answers = [visit(client, f"/films/nothing-{n}/").status_code for n in range(6)]
    assert answers == [404] * 5 + [403]


def test_blocks_grow_with_repeats(settings):
    settings.SHIELD_BLOCK_MINUTES = [10, 60, 1440]
    lengths = []
    for _repeat in range(4):
        made = blocks.block(ATTACKER, reason="probe")
        lengths.append(made.ends_at - made.started_at)
    assert lengths == [timedelta(minutes=m) for m in (10, 60, 1440, 1440)]
    assert list(Block.objects.filter(lifted_at__isnull=True)) == [made]


def test_a_block_ends_on_time(client, settings):
    made = blocks.block(ATTACKER, reason="probe")
    Block.objects.filter(pk=made.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    cache.delete(blocks.block_key(ATTACKER))
    assert visit(client, "/").status_code == 200


def test_a_block_survives_a_cleared_cache(client):
    blocks.block(ATTACKER, reason="probe")
    cache.clear()  # a restarted Redis without persistence, or a culled database cache
    assert visit(client, "/").status_code == 403


def test_a_person_lifts_their_block_by_proof_of_work_once_a_day(client):
    blocks.block(ATTACKER, reason="not_found")
    page = visit(client, "/")
    proof = solve(challenge_on(page))
    answer = client.post("/", {"shield_proof": proof}, REMOTE_ADDR=ATTACKER)
    assert answer.status_code == 303
    assert answer["Location"] == "/"
    assert visit(client, "/").status_code == 200
    assert Block.objects.get().lifted_by == "proof of work"
    # A bot that solves it and keeps offending is blocked again, longer, with no way out.
    blocks.block(ATTACKER, reason="probe")
    again = visit(client, "/")
    assert again.status_code == 403
    assert challenge_on(again) is None


def test_a_wrong_or_reused_proof_lifts_nothing(client):
    blocks.block(ATTACKER, reason="probe")
    blocks.block(NEIGHBOUR, reason="probe")
    proof = solve(challenge_on(visit(client, "/")))
    assert client.post("/", {"shield_proof": "bogus"}, REMOTE_ADDR=ATTACKER).status_code == 403
    assert client.post("/", {"shield_proof": proof}, REMOTE_ADDR=ATTACKER).status_code == 303
    assert client.post("/", {"shield_proof": proof}, REMOTE_ADDR=NEIGHBOUR).status_code == 403


def test_signed_in_staff_are_never_blocked(admin_client):
    blocks.block(ATTACKER, reason="probe")
    assert admin_client.get("/", REMOTE_ADDR=ATTACKER).status_code == 200


def test_staff_signed_in_with_a_password_alone_are_blocked_like_anyone(client, admin_user):
    client.force_login(admin_user)  # no second factor: what a guesser with the password has
    blocks.block(ATTACKER, reason="probe")
    assert visit(client, "/").status_code == 403


def test_a_signed_in_visitor_who_is_not_staff_is_blocked(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("viewer", password="x"))
    blocks.block(ATTACKER, reason="probe")
    assert visit(client, "/").status_code == 403


GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def test_a_fake_crawler_is_blocked_at_once(client):
    dns.reset(pointers={ATTACKER: "scanner.example.net"})
    assert visit(client, "/", HTTP_USER_AGENT=GOOGLEBOT).status_code == 403
    assert Block.objects.get().reason == "fake_crawler"


def test_a_pointer_into_the_operators_domain_that_does_not_point_back_is_fake(client):
    dns.reset(
        pointers={ATTACKER: "crawl-1.googlebot.com"},
        addresses={"crawl-1.googlebot.com": {"66.249.66.1"}},
    )
    assert visit(client, "/", HTTP_USER_AGENT=GOOGLEBOT).status_code == 403


def test_a_verified_crawler_passes_and_its_404s_do_not_count(client, settings):
    settings.SHIELD_THRESHOLD = 3
    dns.reset(
        pointers={ATTACKER: "crawl-203-0-113-7.googlebot.com."},
        addresses={"crawl-203-0-113-7.googlebot.com": {ATTACKER}},
    )
    for n in range(5):
        assert visit(client, f"/old-{n}/", HTTP_USER_AGENT=GOOGLEBOT).status_code == 404
    assert current_score(ATTACKER) == 0
    assert dns.FakeResolver.asked == [ATTACKER]  # answered once, then from the shared cache


@pytest.mark.parametrize(
    ("agent", "name"),
    [
        (
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "msnbot-203-0-113-7.search.msn.com",
        ),
        ("Mozilla/5.0 (compatible; Yeti/1.1; +https://naver.me/spd)", "crawl.naver.com"),
        (
            "Mozilla/5.0 (compatible; Daum/4.1; +http://cs.daum.net/faq/15/4118.html)",
            "crawl.daum.net",
        ),
    ],
)
def test_each_operators_crawler_is_confirmed_by_its_own_domain(client, agent, name):
    dns.reset(pointers={ATTACKER: name}, addresses={name: {ATTACKER}})
    assert visit(client, "/", HTTP_USER_AGENT=agent).status_code == 200
    dns.reset(
        pointers={NEIGHBOUR: "crawl.googlebot.com"}, addresses={"crawl.googlebot.com": {NEIGHBOUR}}
    )
    assert visit(client, "/", address=NEIGHBOUR, HTTP_USER_AGENT=agent).status_code == 403


def test_the_block_page_reads_the_shared_store_twice_and_nothing_else(
    client, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr("shield.middleware.BLOCKED_LOG_SAMPLE", 0)
    blocks.block(ATTACKER, reason="probe")
    # The lists and the block in one read; whether the way out by proof of work is used up.
    with django_assert_num_queries(2 * FIREWALL_QUERIES):
        assert visit(client, "/films/anything/").status_code == 403
