import pytest
from django.core.cache import cache

from shield import blocks
from shield.lists import RULES_KEY, current_rules
from shield.models import Block, ListEntry, TrafficEntry
from shield.offences import record_offence

pytestmark = pytest.mark.django_db


def test_an_entry_added_in_the_admin_applies_on_every_server_at_once(admin_client, client):
    current_rules()
    response = admin_client.post(
        "/admin/shield/listentry/add/",
        {"action": "block", "kind": "address", "value": "203.0.113.0/24", "reason": "scanners"},
    )
    assert response.status_code == 302
    assert cache.get(RULES_KEY) is None  # the old snapshot is gone from the shared cache
    assert ListEntry.objects.get().created_by == "admin"
    assert client.get("/", REMOTE_ADDR="203.0.113.9").status_code == 403


def test_a_bad_entry_in_the_admin_gets_an_error_beside_the_value(admin_client):
    response = admin_client.post(
        "/admin/shield/listentry/add/", {"action": "block", "kind": "address", "value": "nope"}
    )
    assert response.status_code == 200
    assert "neither an address nor a range" in response.text
    assert not ListEntry.objects.exists()


def test_the_traffic_log_is_browsable_and_read_only(admin_client, rf):
    record_offence(rf.get("/.env", REMOTE_ADDR="203.0.113.7"), "probe", status=404)
    listing = admin_client.get("/admin/shield/trafficentry/", {"kind": "probe"})
    assert listing.status_code == 200
    assert "/.env" in listing.text
    entry = TrafficEntry.objects.get()
    assert admin_client.get("/admin/shield/trafficentry/add/").status_code == 403
    page = admin_client.get(f"/admin/shield/trafficentry/{entry.pk}/change/")
    assert 'name="path"' not in page.text


def test_blocks_are_lifted_from_the_admin(admin_client, client):
    made = blocks.block("203.0.113.7", reason="probe")
    response = admin_client.post(
        "/admin/shield/block/", {"action": "lift_blocks", "_selected_action": [made.pk]}
    )
    assert response.status_code == 302
    assert Block.objects.get().lifted_by == "admin: admin"
    assert client.get("/", REMOTE_ADDR="203.0.113.7").status_code == 200


def test_the_shield_appears_in_the_admin_index(admin_client):
    page = admin_client.get("/admin/")
    for name in ["Allow and block lists", "Blocks", "Traffic log"]:
        assert name in page.text
