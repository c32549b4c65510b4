"""Wrong passwords lock an account-and-address pair (django-axes), before any hashing."""

from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import CommandError, call_command
from django.test import Client

from tests.staff import authenticator, current_code, send_code, send_password

pytestmark = pytest.mark.django_db

GUESSER = "203.0.113.9"
EDITOR = "198.51.100.7"


@pytest.fixture
def editor(django_user_model, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = django_user_model.objects.create_user("editor", password="right horse", is_staff=True)
    authenticator(user)
    return user


def guess(times: int, address: str = GUESSER, **extra) -> None:
    for attempt in range(times):
        send_password(Client(), "editor", f"wrong {attempt}", REMOTE_ADDR=address, **extra)


def asks_for_the_code(response) -> bool:
    return response.status_code == 200 and 'name="token-otp_token"' in response.text


def test_the_guessers_pair_is_locked_and_the_right_password_fails_there(editor):
    guess(3)
    response = send_password(Client(), "editor", "right horse", REMOTE_ADDR=GUESSER)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.text
    assert int(response["Retry-After"]) == 30 * 60
    assert not asks_for_the_code(response)


def test_the_editor_at_their_own_address_still_signs_in(editor):
    guess(10)
    client = Client()
    assert asks_for_the_code(send_password(client, "editor", "right horse", REMOTE_ADDR=EDITOR))
    response = send_code(client, current_code(authenticator(editor)), REMOTE_ADDR=EDITOR)
    assert response.status_code == 302
    assert client.get("/admin/", REMOTE_ADDR=EDITOR).status_code == 200


def test_other_accounts_from_the_guessers_address_are_not_locked(editor, django_user_model):
    django_user_model.objects.create_user("critic", password="other horse", is_staff=True)
    guess(3)
    response = send_password(Client(), "critic", "other horse", REMOTE_ADDR=GUESSER)
    assert response.status_code in {200, 302}
    assert response.status_code != 429


def test_a_locked_pair_never_reaches_the_password_hasher(editor):
    guess(3)
    with mock.patch.object(
        MD5PasswordHasher, "verify", autospec=True, side_effect=MD5PasswordHasher.verify
    ) as verify:
        send_password(Client(), "editor", "right horse", REMOTE_ADDR=GUESSER)
        assert verify.call_count == 0
        send_password(Client(), "editor", "right horse", REMOTE_ADDR=EDITOR)
        assert verify.call_count == 1  # the same request from a clean address is hashed


def test_an_ipv6_64_counts_as_one_address(editor):
    for host in range(1, 4):
        guess(1, address=f"2001:db8:1:2::{host}")
    response = send_password(Client(), "editor", "right horse", REMOTE_ADDR="2001:db8:1:2::99")
    assert response.status_code == 429
    elsewhere = send_password(Client(), "editor", "right horse", REMOTE_ADDR="2001:db8:1:3::1")
    assert asks_for_the_code(elsewhere)


def test_a_forged_forwarding_header_does_not_reset_the_count(editor):
    for attempt in range(3):
        forged = f"192.0.2.{attempt}"
        guess(1, HTTP_X_FORWARDED_FOR=forged)
    assert send_password(Client(), "editor", "right horse", REMOTE_ADDR=GUESSER).status_code == 429


def test_behind_a_trusted_proxy_each_client_address_is_its_own_pair(editor, settings):
    settings.KCINEMA_TRUSTED_PROXIES = "127.0.0.1"
    guess(3, address="127.0.0.1", HTTP_X_FORWARDED_FOR=GUESSER)
    proxied = {"REMOTE_ADDR": "127.0.0.1"}
    locked = send_password(
        Client(), "editor", "right horse", HTTP_X_FORWARDED_FOR=GUESSER, **proxied
    )
    assert locked.status_code == 429
    clean = send_password(Client(), "editor", "right horse", HTTP_X_FORWARDED_FOR=EDITOR, **proxied)
    assert asks_for_the_code(clean)


def test_the_korean_sign_in_is_locked_the_same_way(editor):
    guess(3)
    response = send_password(
        Client(), "editor", "right horse", path="/ko/admin/account/login/", REMOTE_ADDR=GUESSER
    )
    assert response.status_code == 429
    assert '<html lang="ko"' in response.text


def test_unlock_lets_the_pair_sign_in_again(editor, capsys):
    guess(3)
    call_command("unlock", "editor")
    assert "editor: 1 lockout record(s) removed" in capsys.readouterr().out
    assert AccessAttempt.objects.count() == 0
    assert asks_for_the_code(send_password(Client(), "editor", "right horse", REMOTE_ADDR=GUESSER))


def test_unlock_from_one_address_leaves_the_others_locked(editor):
    guess(3)
    guess(3, address="192.0.2.44")
    call_command("unlock", "editor", "--address", GUESSER)
    assert asks_for_the_code(send_password(Client(), "editor", "right horse", REMOTE_ADDR=GUESSER))
    still = send_password(Client(), "editor", "right horse", REMOTE_ADDR="192.0.2.44")
    assert still.status_code == 429


def test_unlock_by_an_ipv6_address_unlocks_its_64(editor):
    guess(3, address="2001:db8:1:2::1")
    call_command("unlock", "editor", "--address", "2001:db8:1:2::abcd")
    response = send_password(Client(), "editor", "right horse", REMOTE_ADDR="2001:db8:1:2::1")
    assert asks_for_the_code(response)


def test_unlock_refuses_what_is_not_an_address(editor):
    with pytest.raises(CommandError, match="not an IPv4 or IPv6 address"):
        call_command("unlock", "editor", "--address", "example.org")


def test_a_new_user_agent_for_each_guess_does_not_reset_the_count(editor):
    for attempt in range(3):
        guess(1, HTTP_USER_AGENT=f"guesser/{attempt}")
    assert send_password(Client(), "editor", "right horse", REMOTE_ADDR=GUESSER).status_code == 429


def test_passwords_beyond_the_sites_budget_are_not_checked_and_count_no_failure(editor, settings):
    settings.SIGNIN_PASSWORD_CHECKS_PER_MINUTE = 1  # one check a minute, from anyone
    with mock.patch.object(
        MD5PasswordHasher, "verify", autospec=True, side_effect=MD5PasswordHasher.verify
    ) as verify:
        first = send_password(Client(), "editor", "wrong", REMOTE_ADDR=GUESSER)
        busy = [
            send_password(Client(), "editor", "wrong", REMOTE_ADDR=f"203.0.113.{n}")
            for n in (20, 21)
        ]
        editor_busy = send_password(Client(), "editor", "right horse", REMOTE_ADDR=EDITOR)
        assert verify.call_count == 1
    assert first.status_code == 200 and 'name="auth-password"' in first.text
    for response in [*busy, editor_busy]:
        assert response.status_code == 429 and "Sign-in is busy" in response.text
        assert response["Retry-After"] == "60"
    # Busy refusals are not failed sign-ins: no pair but the first guesser's has a failure.
    assert list(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == [
        (GUESSER, 1)
    ]


def test_the_budget_spreads_over_the_minute(editor, settings):
    settings.SIGNIN_PASSWORD_CHECKS_PER_MINUTE = 30  # one check every two seconds
    with mock.patch("shield.ratelimits.time.time", return_value=1_000_000.0):
        first = send_password(Client(), "editor", "wrong", REMOTE_ADDR=GUESSER)
        second = send_password(Client(), "editor", "right horse", REMOTE_ADDR=EDITOR)
    with mock.patch("shield.ratelimits.time.time", return_value=1_000_002.0):
        later = send_password(Client(), "editor", "right horse", REMOTE_ADDR=EDITOR)
    assert first.status_code == 200 and second.status_code == 429
    assert asks_for_the_code(later)
