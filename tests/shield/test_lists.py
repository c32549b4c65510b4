from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from shield import blocks
from shield.lists import add_entry, save_entry
from shield.models import ListEntry
from shield.offences import current_score, record_offence
from tests.shield.visits import visit

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"


def test_a_blocked_range_keeps_out_every_address_in_it_and_no_other(client):
    add_entry("block", "203.0.113.0/24", kind="address", reason="scanner farm")
    assert visit(client, "/", address="203.0.113.200").status_code == 403
    assert visit(client, "/", address="198.51.100.1").status_code == 200


def test_a_listed_source_is_offered_no_proof_of_work(client):
    add_entry("block", ATTACKER, kind="address")
    page = visit(client, "/")
    assert page.status_code == 403
    assert "data-challenge" not in page.text


def test_a_blocked_user_agent_is_kept_out_whatever_its_case(client):
    add_entry("block", "sqlmap", kind="user_agent")
    assert visit(client, "/", HTTP_USER_AGENT="SQLMap/1.7 (https://sqlmap.org)").status_code == 403
    assert visit(client, "/", HTTP_USER_AGENT="Mozilla/5.0").status_code == 200


def test_the_allow_list_wins_over_blocks_and_the_block_list(client):
    add_entry("block", "203.0.113.0/24", kind="address")
    blocks.block(ATTACKER, reason="probe")
    add_entry("allow", ATTACKER, kind="address", reason="the office")
    assert visit(client, "/").status_code == 200
    assert visit(client, "/wp-login.php").status_code == 404
    assert current_score(ATTACKER) == 0


def test_an_allowed_source_commits_no_offence(rf):
    add_entry("allow", "2001:db8::/32", kind="address")
    assert record_offence(rf.get("/", REMOTE_ADDR="2001:db8::1"), "fake_crawler") is False


def test_an_expired_entry_no_longer_counts(client):
    entry = add_entry("block", ATTACKER, kind="address", days=1)
    assert visit(client, "/").status_code == 403
    entry.expires_at = timezone.now() - timedelta(seconds=1)
    save_entry(entry)
    assert visit(client, "/").status_code == 200


def test_the_snapshot_lasts_no_longer_than_its_first_entry():
    from shield.lists import build_rules, snapshot_seconds

    add_entry("block", ATTACKER, kind="address", days=1 / 24)
    assert 3500 < snapshot_seconds(build_rules()) <= 3601


@pytest.mark.parametrize(
    ("kind", "value"),
    [("address", "203.0.113.300"), ("address", "not an address"), ("user_agent", "x")],
)
def test_a_bad_entry_is_refused_with_a_clear_error(kind, value):
    with pytest.raises(ValidationError):
        add_entry("block", value, kind=kind)
    assert not ListEntry.objects.exists()


def test_the_off_switch_setting_lets_everyone_through(client, settings):
    blocks.block(ATTACKER, reason="probe")
    settings.KCINEMA_SHIELD = False
    assert visit(client, "/").status_code == 200
    assert visit(client, "/.env").status_code == 404
    assert current_score(ATTACKER) == 0


def test_the_off_command_lets_everyone_through_and_on_restores(client):
    blocks.block(ATTACKER, reason="probe")
    call_command("shield", "off")
    assert visit(client, "/").status_code == 200
    call_command("shield", "on")
    assert visit(client, "/").status_code == 403
