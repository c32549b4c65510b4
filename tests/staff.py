"""Staff as the admin sees them: an account with an authenticator (a TOTP device), signed in
with both factors, the way two_factor's wizard leaves a session."""

from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator(user) -> TOTPDevice:
    """The user's authenticator app (two_factor calls the device it asks for 'default')."""
    device = TOTPDevice.objects.filter(user=user, name="default").first()
    return device or TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The six digits the authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in_verified(client: Client, user) -> Client:
    """Sign `user` in as having passed both factors: a session that names their device."""
    device = authenticator(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def session_cookie(client: Client) -> dict:
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value}


SIGN_IN = "/admin/account/login/"


def send_password(client: Client, username: str, password: str, *, path: str = SIGN_IN, **extra):
    """The first step of the sign-in wizard; `extra` sets META (REMOTE_ADDR, forwarding)."""
    data = {
        "login_view-current_step": "auth",
        "auth-username": username,
        "auth-password": password,
    }
    return client.post(path, data, **extra)


def send_code(client: Client, code: str, *, path: str = SIGN_IN, **extra):
    """The second step: the authenticator's code."""
    data = {"login_view-current_step": "token", "token-otp_token": code}
    return client.post(path, data, **extra)


def send_backup_code(client: Client, code: str, *, path: str = SIGN_IN, **extra):
    """The second step with a backup code instead of the authenticator's."""
    client.post(path, {"wizard_goto_step": "backup"}, **extra)
    data = {"login_view-current_step": "backup", "backup-otp_token": code}
    return client.post(path, data, **extra)
