"""No admin page opens to a password alone: staff sign in with a code from their authenticator
(or a backup code), and staff without an authenticator enrol one first (two_factor)."""

import re
from base64 import b32decode

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice

from tests.staff import (
    authenticator,
    current_code,
    send_backup_code,
    send_code,
    send_password,
    sign_in_verified,
)

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/admin/",
    "/admin/catalog/film/",
    "/admin/catalog/film/add/",
    "/admin/auditlog/logentry/",
    "/admin/password_change/",
    "/ko/admin/",
    "/ko/admin/watch/videosource/",
]


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", password="right horse")


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_no_admin_page_opens_to_a_password_alone(editor, client, page):
    authenticator(editor)
    client.force_login(editor)  # the password step passed, the code step not
    response = client.get(page)
    assert response.status_code == 302
    language = "/ko" if page.startswith("/ko/") else ""
    assert client.get(response["Location"], follow=True).request["PATH_INFO"] == (
        f"{language}/admin/account/login/"
    )


@pytest.mark.parametrize("language", ["", "/ko"])
def test_the_admins_own_password_form_signs_nobody_in(editor, client, language):
    authenticator(editor)
    form = {"username": "editor", "password": "right horse", "next": f"{language}/admin/"}
    response = client.post(f"{language}/admin/login/", form)
    assert response["Location"].startswith(f"{language}/admin/account/login/")
    assert "_auth_user_id" not in client.session
    assert client.get(f"{language}/admin/").status_code == 302


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_staff_with_both_factors_open_every_admin_page(editor, client, page):
    sign_in_verified(client, editor)
    assert client.get(page).status_code == 200


@pytest.mark.parametrize("language", ["", "/ko"])
def test_staff_without_an_authenticator_are_sent_to_enrol_first(editor, client, language):
    send_password(client, "editor", "right horse", path=f"{language}/admin/account/login/")
    response = client.get(f"{language}/admin/catalog/film/", follow=True)
    assert response.request["PATH_INFO"] == f"{language}/admin/account/two_factor/setup/"
    assert response.status_code == 200


def test_enrolment_shows_a_qr_code_and_the_apps_code_completes_it(editor, client):
    client.force_login(editor)
    setup = "/ko/admin/account/two_factor/setup/?next=/ko/admin/catalog/film/"
    assert '<html lang="ko"' in client.get(setup).text
    page = client.post(setup, {"setup_view-current_step": "welcome"}).text
    assert '<img src="/ko/admin/account/two_factor/qrcode/"' in page
    qr = client.get("/ko/admin/account/two_factor/qrcode/")
    assert qr["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in qr.content
    key = b32decode(re.search(r"<code>([A-Z2-7]+)</code>", page)[1])  # as the user types it
    wrong = client.post(setup, {"setup_view-current_step": "generator", "generator-token": "1"})
    assert wrong.status_code == 200 and client.get("/ko/admin/").status_code == 302
    code = f"{totp(key):06d}"
    done = client.post(setup, {"setup_view-current_step": "generator", "generator-token": code})
    assert done["Location"] == "/ko/admin/catalog/film/"
    assert client.get("/ko/admin/catalog/film/").status_code == 200
    assert editor.totpdevice_set.filter(confirmed=True).count() == 1


def test_password_then_code_opens_the_admin(editor, client):
    device = authenticator(editor)
    response = send_password(client, "editor", "right horse")
    assert 'name="token-otp_token"' in response.text
    assert client.get("/admin/").status_code == 302  # not yet: the code is missing
    assert send_code(client, current_code(device)).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_does_not_sign_in(editor, client):
    device = authenticator(editor)
    send_password(client, "editor", "right horse")
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = send_code(client, wrong)
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_backup_code_works_once(editor):
    authenticator(editor)
    backup = StaticDevice.objects.create(user=editor, name="backup")
    backup.token_set.create(token="kcinema1")
    first = Client()
    send_password(first, "editor", "right horse")
    assert send_backup_code(first, "kcinema1").status_code == 302
    assert first.get("/admin/").status_code == 200
    second = Client()
    send_password(second, "editor", "right horse")
    assert send_backup_code(second, "kcinema1").status_code == 200
    assert second.get("/admin/").status_code == 302


def test_staff_make_backup_codes_once_enrolled(editor, client):
    sign_in_verified(client, editor)
    page = client.post("/ko/admin/account/two_factor/backup/tokens/", follow=True)
    codes = StaticDevice.objects.get(user=editor).token_set.values_list("token", flat=True)
    assert len(codes) == 10
    assert all(f"<code>{code}</code>" in page.text for code in codes)


def test_the_sign_in_page_is_the_admins_in_both_languages(client):
    english = client.get("/admin/account/login/")
    korean = client.get("/ko/admin/account/login/")
    assert english.status_code == korean.status_code == 200
    assert 'name="auth-username"' in korean.text and '<html lang="ko"' in korean.text
    assert "admin/css/login" in english.text
    assert "cdnjs" not in english.text  # nothing from other hosts (the library's own template)


def test_the_kcinema_command_unlocks_an_account(editor, settings, capsys, monkeypatch):
    from axes.models import AccessAttempt
    from django.core.management import call_command

    from kcinema import cli

    # Run the management command in this test's transaction: the command line's own runner
    # closes every database connection when it ends, which would end the test's on PostgreSQL.
    monkeypatch.setattr(cli, "_django", lambda *arguments: call_command(*arguments))

    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        send_password(Client(), "editor", "wrong", REMOTE_ADDR="203.0.113.9")
    assert (
        send_password(Client(), "editor", "right horse", REMOTE_ADDR="203.0.113.9").status_code
        == 429
    )
    cli.main(["unlock", "editor", "--address", "203.0.113.9"])
    assert "editor: 1 lockout record(s) removed from 203.0.113.9" in capsys.readouterr().out
    assert not AccessAttempt.objects.exists()
