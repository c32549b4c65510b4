"""Mail leaves through the server EMAIL_URL names, so staff notifications reach staff."""

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.core import mail

from kcinema import environment
from tests.community.forms import comment_form
from tests.factories import FilmFactory


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    with socket.socket() as probe:  # a free port: the controller cannot take port 0
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.mark.django_db
def test_a_staff_notification_is_delivered_to_the_smtp_server_the_url_names(
    client, admin_user, smtp_server, settings, monkeypatch, django_capture_on_commit_callbacks
):
    controller, inbox = smtp_server
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{controller.port}")
    settings.MAILERS = {"default": environment.mailer()}
    settings.COMMENT_CHALLENGE_MAX_NUMBER, settings.COMMENT_MIN_SECONDS = 2000, 0
    film = FilmFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/films/{film.slug}/comments/", comment_form(film))
    assert [message["To"] for message in inbox.messages] == [admin_user.email]
    assert "moderat" in inbox.messages[0]["Subject"].lower()
    assert mail.outbox == []  # it left through SMTP, not the test outbox


@pytest.mark.parametrize(
    ("url", "options"),
    [
        ("smtp://relay.local", {"host": "relay.local"}),
        (
            "smtp+tls://me%40example.org:p%40ss%3Aword@mail.example.org:587",
            {
                "host": "mail.example.org",
                "port": 587,
                "use_tls": True,
                "username": "me@example.org",
                "password": "p@ss:word",
            },
        ),
        ("smtps://u:p@mail.example.org", {"host": "mail.example.org", "use_ssl": True}),
        ("smtp://relay.local?timeout=3", {"host": "relay.local", "timeout": 3.0}),
    ],
)
def test_email_url_becomes_smtp_options(monkeypatch, url, options):
    monkeypatch.setenv("EMAIL_URL", url)
    mailer = environment.mailer()
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert options.items() <= mailer["OPTIONS"].items()


def test_without_email_url_mail_is_printed(monkeypatch):
    monkeypatch.delenv("EMAIL_URL", raising=False)
    assert environment.mailer()["BACKEND"].endswith("console.EmailBackend")


@pytest.mark.parametrize("url", ["http://mail.example.org", "smtp://", "smtp://host:port"])
def test_a_bad_email_url_stops_the_start_with_a_message(monkeypatch, url):
    monkeypatch.setenv("EMAIL_URL", url)
    with pytest.raises(ValueError, match="EMAIL_URL"):
        environment.mailer()
