"""Writing comments: a visitor's (the spam defences, then the moderation rules of a careful
WordPress), a staff member's reply, and the moderators' edits and decisions.

Defences (a failure stores nothing): a honeypot field, a minimum time to fill the form, a
proof of work (or, for browsers without JavaScript, the film's year), per-address and
per-e-mail rate limits shared by all processes, and duplicate detection.
Rules: a first comment from an unknown e-mail waits for approval; later ones from someone with
an approved comment appear at once, unless they carry too many links or a blocked word."""

import hashlib
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog.models import Film
from catalog.pagecache import invalidate_film_pages
from community.challenge import solution_is_valid
from community.models import MAX_DEPTH, BlockedWord, Comment
from community.text import count_links
from shield.ratelimits import allow
from shield.staffmail import mail_staff

FORM_SALT = "kcinema.community.comment-form"
FORM_MAX_AGE = 24 * 3600
DUPLICATE_WINDOW_SECONDS = 24 * 3600


class Refusal(Exception):
    """A comment that is not stored, with what to tell the visitor and the HTTP status."""

    def __init__(self, message: str, status: int = 400, reason: str = ""):
        super().__init__(message)
        self.message, self.status, self.reason = message, status, reason


@dataclass(frozen=True)
class Submission:
    film: Film
    parent: Comment | None
    name: str
    email: str
    website: str
    body: str
    address: str
    form_token: str
    honeypot: str
    proof_of_work: str
    year_answer: str
    origin: str = ""  # scheme and host the visitor reached the site by: links in staff mail


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def normalised_email(email: str) -> str:
    return email.strip().lower()


def normalised_body(body: str) -> str:
    return " ".join(body.split()).casefold()


def form_token(film: Film) -> str:
    """Signed into the form when the page is rendered: which film, and when."""
    return signing.dumps({"film": film.pk, "at": time.time()}, salt=FORM_SALT)


def check_human(submission: Submission) -> None:
    if submission.honeypot:
        raise Refusal(_("Your comment could not be posted."), reason="honeypot")
    try:
        token = signing.loads(submission.form_token, salt=FORM_SALT, max_age=FORM_MAX_AGE)
    except signing.BadSignature as error:  # includes SignatureExpired
        raise Refusal(
            _("The form has expired. Please reload the page and send your comment again."),
            reason="token",
        ) from error
    if token.get("film") != submission.film.pk:
        raise Refusal(_("Your comment could not be posted."), reason="token")
    if time.time() - float(token.get("at", 0)) < settings.COMMENT_MIN_SECONDS:
        raise Refusal(
            _("That was quick! Please take a moment and send your comment again."),
            reason="too_fast",
        )
    answered_year = submission.year_answer.strip() == str(submission.film.year)
    if not answered_year and not solution_is_valid(submission.proof_of_work):
        raise Refusal(
            _(
                "Please let your browser finish its check (it takes a second), or type the "
                "film's year."
            ),
            reason="challenge",
        )


def check_limits(submission: Submission) -> None:
    too_many = _("You have posted several comments in a short time. Please wait a little.")
    if not allow("comment-address", submission.address, settings.COMMENTS_PER_ADDRESS, 600):
        raise Refusal(too_many, status=429, reason="rate_address")
    email = normalised_email(submission.email)
    if not allow("comment-email", email, settings.COMMENTS_PER_EMAIL, 3600):
        raise Refusal(too_many, status=429, reason="rate_email")


def check_duplicate(submission: Submission, email_hash: str, body_hash: str, ip_hash: str) -> None:
    """The same text again from the same e-mail or address: a double submit or a bot's repeat.
    (Two people writing "최고!" under one film are not duplicates.)"""
    since = timezone.now() - timedelta(seconds=DUPLICATE_WINDOW_SECONDS)
    duplicate = Comment.objects.filter(body_hash=body_hash, created_at__gte=since).filter(
        Q(email_hash=email_hash) | Q(ip_hash=ip_hash)
    )
    if duplicate.exists():
        raise Refusal(_("You have already posted this comment."), status=409, reason="duplicate")


def needs_moderation(submission: Submission, email_hash: str) -> bool:
    text = " ".join([submission.name, submission.website, submission.body]).casefold()
    if count_links(submission.body) > settings.COMMENT_MAX_LINKS:
        return True
    blocked = BlockedWord.objects.values_list("word", flat=True)
    if any(word.casefold() in text for word in blocked):
        return True
    known = Comment.objects.approved().filter(email_hash=email_hash).exists()
    return not known


def post_comment(submission: Submission) -> Comment:
    """Check, decide and store one comment; raise Refusal and store nothing otherwise."""
    check_human(submission)
    email_hash = digest(normalised_email(submission.email))
    body_hash = digest(normalised_body(submission.body))
    ip_hash = digest(f"{settings.SECRET_KEY}:{submission.address}")
    check_duplicate(submission, email_hash, body_hash, ip_hash)
    check_limits(submission)
    with transaction.atomic():
        pending = needs_moderation(submission, email_hash)
        comment = Comment.objects.create(
            film=submission.film,
            parent=submission.parent,
            thread=(submission.parent.thread or submission.parent) if submission.parent else None,
            depth=submission.parent.depth + 1 if submission.parent else 0,
            name=submission.name,
            email=submission.email.strip(),
            email_hash=email_hash,
            website=submission.website,
            body=submission.body.strip(),
            body_hash=body_hash,
            status=Comment.Status.PENDING if pending else Comment.Status.APPROVED,
            ip_hash=ip_hash,
        )
    if pending and settings.COMMENT_NOTIFY_STAFF:
        transaction.on_commit(lambda: notify_staff(comment, origin=submission.origin))
    if not pending:
        invalidate_film_pages([submission.film.pk])  # the film page shows it to everyone
    return comment


def reply_as_staff(parent: Comment, *, author: AbstractBaseUser, body: str) -> Comment:
    """An approved reply in a staff member's name, under parent (under parent's own parent when
    parent is as deep as threads go)."""
    email = author.email or f"{author.get_username()}@staff.invalid"
    under = parent if parent.depth < MAX_DEPTH else parent.parent
    invalidate_film_pages([parent.film_id])
    return Comment.objects.create(
        film=parent.film,
        parent=under,
        thread=under.thread or under,
        depth=under.depth + 1,
        name=author.get_full_name() or author.get_username(),
        email=email,
        email_hash=digest(normalised_email(email)),
        body=body.strip(),
        body_hash=digest(normalised_body(body.strip())),
        status=Comment.Status.APPROVED,
    )


def save_edited(comment: Comment) -> None:
    """A moderator's edit: the body's fingerprint follows the body, for duplicate detection."""
    comment.body_hash = digest(normalised_body(comment.body))
    comment.save()
    invalidate_film_pages([comment.film_id])


def set_status(comments: QuerySet[Comment], status: Comment.Status) -> int:
    """Approve, reject or mark as spam in bulk; how many comments changed. The pages of their
    films are made anew (a comment approved shows, one rejected goes)."""
    invalidate_film_pages(comments.values_list("film_id", flat=True).distinct())
    return comments.update(status=status)


def notify_staff(comment: Comment, *, origin: str = "") -> None:
    """Mail every active staff member with an address about a comment awaiting moderation, in
    the language of the page it was posted on, with a link to it in the admin (absolute when
    the origin the visitor came by is known)."""
    names = {"film": comment.film, "name": comment.name}
    subject = gettext("Comment awaiting moderation: %(film)s — %(name)s") % names
    link = origin + reverse("admin:community_comment_change", args=[comment.pk])
    body = (
        gettext("%(name)s wrote on %(film)s:") % names
        + f"\n\n{comment.body}\n\n"
        + gettext("Moderate: %(link)s") % {"link": link}
        + "\n"
    )
    mail_staff(subject, body)
