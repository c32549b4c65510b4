"""Whatever a request carries, the firewall answers (never a 500) and is not sidestepped."""

import pytest
from django.test import Client

from shield import blocks
from shield.offences import current_score
from tests.shield.visits import visit

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"


@pytest.fixture
def raw_client():
    return Client(raise_request_exception=True)


@pytest.mark.parametrize(
    "forwarded",
    ["1.2.3.4", "garbage, ::::, 999.1.1.1", "[::1]:80, " * 500, "\x00\xff", "198.51.100.9"],
)
def test_a_forged_forwarding_header_does_not_sidestep_a_block(raw_client, forwarded):
    blocks.block(ATTACKER, reason="probe")
    response = visit(raw_client, "/", HTTP_X_FORWARDED_FOR=forwarded)
    assert response.status_code == 403


@pytest.mark.parametrize("forwarded", ["garbage", "", "999.999.999.999", ",,,", "1.2.3.4" * 300])
def test_malformed_forwarding_headers_through_a_trusted_proxy_count_the_proxys_peer(
    raw_client, settings, forwarded
):
    settings.KCINEMA_TRUSTED_PROXIES = "127.0.0.1"
    response = raw_client.get("/.env", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert response.status_code == 404
    assert current_score("127.0.0.1") == 10


def test_a_forwarded_client_behind_a_trusted_proxy_is_blocked_by_its_own_address(
    raw_client, settings
):
    settings.KCINEMA_TRUSTED_PROXIES = "127.0.0.1"
    blocks.block(ATTACKER, reason="probe")
    forwarded = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": ATTACKER}
    assert raw_client.get("/", **forwarded).status_code == 403
    assert raw_client.get("/", REMOTE_ADDR="127.0.0.1").status_code == 200


@pytest.mark.parametrize("remote", ["", "not-an-address", "::::", "256.1.1.1"])
def test_a_request_without_a_valid_address_is_served_and_blocks_no_one(raw_client, remote):
    assert raw_client.get("/.env", REMOTE_ADDR=remote).status_code == 404
    assert current_score("unknown") == 0


def test_giant_headers_and_query_strings_are_answered(raw_client):
    blocks.block(ATTACKER, reason="probe")
    giant = {
        "HTTP_USER_AGENT": "Googlebot " + "A" * 100_000,
        "HTTP_COOKIE": "sessionid=" + "x" * 10_000,
    }
    assert visit(raw_client, "/?" + "q=1&" * 20_000, **giant).status_code == 403
    assert visit(raw_client, "/?" + "q=1&" * 20_000, address="198.51.100.1").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/%c0%ae%c0%ae/.env", "/%ff%fe/wp-login.php", "/.%65nv", "/WP-LOGIN.PHP", "/ko/%2Egit/HEAD"],
)
def test_odd_encodings_of_probes_are_still_probes(raw_client, path):
    assert visit(raw_client, path).status_code == 404
    assert current_score(ATTACKER) == 10


@pytest.mark.parametrize("path", ["/%ff%fe%00/", "/films/%c0%ae%c0%ae/", "/%00", "/ko/%e9"])
def test_odd_path_bytes_are_a_404_and_logged(raw_client, path):
    assert visit(raw_client, path, HTTP_USER_AGENT="\x00\x01").status_code == 404
    assert current_score(ATTACKER) == 1


def test_a_garbled_unblock_post_gets_the_block_page(raw_client):
    blocks.block(ATTACKER, reason="probe")
    body = b"\xff\xfe" * 1000
    response = raw_client.post(
        "/", body, content_type="application/x-www-form-urlencoded", REMOTE_ADDR=ATTACKER
    )
    assert response.status_code == 403
    response = raw_client.post(
        "/",
        "shield_proof=" + "A" * 5000,
        content_type="application/x-www-form-urlencoded",
        REMOTE_ADDR=ATTACKER,
    )
    assert response.status_code == 403
