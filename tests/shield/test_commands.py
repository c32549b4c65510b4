from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from shield import blocks
from shield.models import Block, ListEntry, TrafficEntry
from shield.offences import record_offence
from tests.shield.visits import visit

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"


def shield(*arguments: str) -> str:
    out = StringIO()
    call_command("shield", *arguments, stdout=out)
    return out.getvalue()


def test_explain_says_why_an_address_is_blocked(client, settings):
    settings.SHIELD_THRESHOLD = 20
    for _probe in range(2):
        visit(client, "/wp-login.php")
    text = shield("explain", ATTACKER)
    assert "firewall: on" in text
    assert "BLOCKED until" in text
    assert "(probe, repeat 0)" in text
    assert "offence score in this window: 20" in text
    assert "probe 404 GET /wp-login.php" in text


def test_explain_names_the_list_entries_that_cover_an_address():
    shield("block", "203.0.113.0/24", "--reason", "scanner farm", "--days", "7")
    text = shield("explain", ATTACKER)
    assert "BLOCKED by the block list entry 203.0.113.0/24 (reason: scanner farm" in text
    assert "not blocked by the firewall now" in text


def test_explain_says_when_the_firewall_is_off(settings):
    settings.KCINEMA_SHIELD = False
    assert "OFF by the setting KCINEMA_SHIELD" in shield("explain", ATTACKER)


def test_explain_refuses_what_is_not_an_address():
    with pytest.raises(CommandError, match="not an IPv4 or IPv6 address"):
        shield("explain", "example.org")


def test_block_and_allow_add_list_entries():
    shield("block", "sqlmap", "--user-agent", "--reason", "scanner")
    shield("allow", "2001:db8::/48")
    assert set(ListEntry.objects.values_list("action", "kind", "value")) == {
        ("block", "user_agent", "sqlmap"),
        ("allow", "address", "2001:db8::/48"),
    }


def test_a_bad_value_is_a_clear_error():
    with pytest.raises(CommandError, match="neither an address nor a range"):
        shield("block", "203.0.113.999")


def test_unblock_lifts_the_block_and_removes_the_entry(client):
    blocks.block(ATTACKER, reason="probe")
    shield("block", ATTACKER)
    assert "1 block(s) lifted, 1 list entries removed" in shield("unblock", ATTACKER)
    assert visit(client, "/").status_code == 200
    assert Block.objects.get().lifted_by == "command"


def test_prune_deletes_old_traffic_entries(rf, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.SHIELD_THRESHOLD = 10_000
    record_offence(rf.get("/", REMOTE_ADDR=ATTACKER), "probe")
    record_offence(rf.get("/", REMOTE_ADDR=ATTACKER), "probe")
    TrafficEntry.objects.filter(pk=TrafficEntry.objects.first().pk).update(
        at=timezone.now() - timedelta(days=settings.SHIELD_LOG_DAYS + 1)
    )
    assert "1 traffic log entries deleted" in shield("prune")
    assert TrafficEntry.objects.count() == 1


def test_the_kcinema_command_passes_shield_actions_on(capsys):
    from kcinema.cli import main

    main(["shield", "explain", ATTACKER])
    assert "address 203.0.113.7" in capsys.readouterr().out
