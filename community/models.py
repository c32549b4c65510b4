"""Visitors' comments under films, and the words that send a comment to moderation."""

from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from catalog.models import Film
from community.text import render_body

MAX_DEPTH = 2  # a top-level comment is depth 0: three levels in all
MAX_BODY_LENGTH = 3000


class CommentQuerySet(models.QuerySet):
    def approved(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.APPROVED)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="comments", verbose_name=_("film")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    # The top-level comment of the thread (None for a top-level comment): one query per page
    # fetches every reply of the threads shown.
    thread = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("e-mail"))  # never shown anywhere
    email_hash = models.CharField(max_length=64, db_index=True, editable=False)
    website = models.URLField(_("website"), max_length=200, blank=True)
    body = models.TextField(_("comment"), max_length=MAX_BODY_LENGTH)
    body_hash = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["film", "status", "parent", "created_at"], name="comment_thread"),
            models.Index(fields=["email_hash", "status"], name="comment_commenter"),
            models.Index(fields=["body_hash", "created_at"], name="comment_duplicate"),
            models.Index(fields=["status", "created_at"], name="comment_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.film} · {self.body[:40]}"

    def get_absolute_url(self) -> str:
        return f"{self.film.get_absolute_url()}#comment-{self.pk}"

    @cached_property
    def body_html(self) -> str:
        return render_body(self.body)

    @property
    def avatar_tone(self) -> int:
        return int(self.email_hash[:4] or "0", 16) % 8

    @property
    def initial(self) -> str:
        return (self.name.strip()[:1] or "?").upper()

    def reply_url(self) -> str:
        return reverse("community:reply", args=[self.pk])


class BlockedWord(models.Model):
    """A word or phrase that sends any comment containing it to moderation."""

    word = models.CharField(_("word or phrase"), max_length=100, unique=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("blocked word")
        verbose_name_plural = _("blocked words")

    def __str__(self) -> str:
        return self.word
