"""Mail the site sends: to every active staff member with an address, or to one person, with a
subject that no visitor's text can break into extra headers."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.http import HttpRequest


def one_line(text: str) -> str:
    """No newline may reach a mail header: subjects are built from visitors' text."""
    return " ".join(str(text).split())[:150]


def site_subject(subject: str) -> str:
    return one_line(f"[{settings.KCINEMA_SITE_NAME}] {subject}")


def staff_addresses() -> list[str]:
    return list(
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def mail_staff(subject: str, body: str) -> None:
    """Send to every active staff member with an address; nobody to tell, nothing sent."""
    if recipients := staff_addresses():
        send_mail(site_subject(subject), body, None, recipients)


def request_origin(request: HttpRequest) -> str:
    """Scheme and host the visitor came by: for absolute links in the mail it causes."""
    return f"{request.scheme}://{request.get_host()}"
