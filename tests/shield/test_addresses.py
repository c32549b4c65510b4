import pytest
from django.test import RequestFactory

from shield.addresses import (
    TrustedProxies,
    address_group,
    client_address,
    client_ip,
    network_of,
    parse_address,
)


def ip(meta, proxies=""):
    address = client_ip(meta, TrustedProxies.parse(proxies))
    return str(address) if address else None


def test_without_trusted_proxies_a_forged_forwarded_header_changes_nothing():
    meta = {"REMOTE_ADDR": "198.51.100.9", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}
    assert ip(meta) == "198.51.100.9"


def test_a_count_of_proxies_takes_the_address_the_outermost_one_saw():
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.5"}
    assert ip(meta, "1") == "203.0.113.5"  # 6.6.6.6 is what the client wrote itself
    assert ip(meta, "2") == "6.6.6.6"


def test_a_count_larger_than_the_chain_falls_back_to_the_peer():
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    assert ip(meta, "3") == "127.0.0.1"


def test_trusted_ranges_are_skipped_from_the_right_up_to_the_first_untrusted_address():
    meta = {
        "REMOTE_ADDR": "10.0.0.2",
        "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.5, 10.0.0.7",
    }
    assert ip(meta, "10.0.0.0/8") == "203.0.113.5"


def test_forwarded_header_from_an_untrusted_peer_is_ignored():
    meta = {"REMOTE_ADDR": "198.51.100.9", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}
    assert ip(meta, "127.0.0.1, ::1") == "198.51.100.9"


@pytest.mark.parametrize(
    "forwarded",
    ["", "not-an-address", "999.1.1.1", ",,,", "<script>", "1.2.3.4\x00", "a" * 100_000],
)
def test_malformed_forwarded_headers_give_the_proxy_or_a_valid_address(forwarded):
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": forwarded}
    assert ip(meta, "127.0.0.1") == "127.0.0.1"
    assert ip(meta, "1") in {"127.0.0.1"}


def test_garbage_left_of_a_trusted_hop_stops_at_the_last_real_address():
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "evil, 127.0.0.1"}
    assert ip(meta, "127.0.0.1") == "127.0.0.1"


def test_ports_brackets_and_mapped_addresses_are_read():
    assert str(parse_address("203.0.113.7:51234")) == "203.0.113.7"
    assert str(parse_address("[2001:db8::1]:443")) == "2001:db8::1"
    assert str(parse_address("::ffff:203.0.113.7")) == "203.0.113.7"
    assert parse_address("") is None
    assert parse_address("2001:db8::zz") is None


def test_ipv6_is_counted_by_its_slash_64_and_ipv4_by_the_address():
    assert address_group("2001:db8:1:2:aaaa::1") == address_group("2001:db8:1:2:bbbb::9")
    assert address_group("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert address_group("2001:db8:1:3::1") != address_group("2001:db8:1:2::1")
    assert address_group("203.0.113.7") == "203.0.113.7"
    assert address_group("garbage") == "unknown"


def test_networks_are_a_slash_24_or_a_slash_64():
    assert network_of("203.0.113.7") == network_of("203.0.113.200") == "203.0.113.0/24"
    assert network_of("2001:db8:1:2::1") == "2001:db8:1:2::/64"


def test_a_mistyped_setting_names_the_bad_part():
    with pytest.raises(ValueError, match=r"'10\.0\.0\.0/33'"):
        TrustedProxies.parse("127.0.0.1, 10.0.0.0/33")


def test_client_address_reads_the_setting(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    settings.KCINEMA_TRUSTED_PROXIES = "127.0.0.1"
    assert client_address(request) == "203.0.113.5"
    other = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    settings.KCINEMA_TRUSTED_PROXIES = ""
    assert client_address(other) == "127.0.0.1"


def test_a_missing_remote_address_is_unknown():
    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR", None)
    assert client_address(request) == "unknown"
