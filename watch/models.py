"""Video sources embedded from hosts that offer embedding, visitors' problem reports,
rights holders' takedown notices with their audit trail, and the offers of services where a film
can be watched legally (streamed, rented, bought) when it cannot be played here."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from catalog.countries import COUNTRIES
from catalog.models import Film, language_codes, language_tag
from watch.services import SERVICE_CHOICES, SERVICES

MAX_START_SECONDS = 24 * 3600


class VideoSourceQuerySet(models.QuerySet):
    def playable(self) -> "VideoSourceQuerySet":
        """What visitors may see: active, and not hidden by a takedown notice."""
        return self.filter(active=True, hidden_by_takedown=False)


class VideoSource(models.Model):
    class Kind(models.TextChoices):
        FULL_FILM = "full_film", _("Full film")
        TRAILER = "trailer", _("Trailer")
        CLIP = "clip", _("Clip")

    class Health(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked yet")
        OK = "ok", _("Playable")
        NOT_EMBEDDABLE = "not_embeddable", _("Embedding not allowed")
        REMOVED = "removed", _("Removed from the host")
        UNREACHABLE = "unreachable", _("Host did not answer")

    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="video_sources", verbose_name=_("film")
    )
    url = models.URLField(
        _("video address"),
        max_length=500,
        help_text=_("Paste the address of the video as the host shows it."),
    )
    provider = models.CharField(_("host"), max_length=30, editable=False)
    video_id = models.CharField(_("video id"), max_length=200, editable=False)
    embed_url = models.URLField(_("embed address"), max_length=500, editable=False)
    watch_url = models.URLField(_("address on the host"), max_length=500, editable=False)
    start_seconds = models.PositiveIntegerField(
        _("start at (seconds)"), default=0, validators=[MaxValueValidator(MAX_START_SECONDS)]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TRAILER)
    title = models.CharField(_("title"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=16, default="ko", validators=[language_tag]
    )
    subtitle_languages = models.CharField(
        _("subtitle languages"),
        max_length=60,
        blank=True,
        validators=[language_codes],
        help_text=_("ISO codes separated by commas, e.g. en,ja."),
    )
    uploader = models.CharField(
        _("uploader or channel"), max_length=150, help_text=_("Who published the video.")
    )
    source_note = models.CharField(
        _("source note"),
        max_length=150,
        blank=True,
        help_text=_("e.g. official channel, Korean Film Archive."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    inactive_reason = models.CharField(_("why inactive"), max_length=300, blank=True)
    health = models.CharField(
        _("health"), max_length=20, choices=Health.choices, default=Health.UNCHECKED
    )
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    hidden_by_takedown = models.BooleanField(_("hidden by a takedown notice"), default=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VideoSourceQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("video source")
        verbose_name_plural = _("video sources")
        indexes = [
            models.Index(
                fields=["film", "active", "hidden_by_takedown", "order"], name="source_playable"
            ),
            models.Index(fields=["active", "checked_at"], name="source_health_due"),
            # The sources that no longer play, counted on the admin's index.
            models.Index(fields=["health"], name="source_unhealthy"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "provider", "video_id"], name="source_unique_video"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.provider} · {self.film}"

    def get_absolute_url(self) -> str:
        return reverse("watch:play", args=[self.pk])

    @property
    def playable(self) -> bool:
        return self.active and not self.hidden_by_takedown


class ProblemReport(models.Model):
    class Reason(models.TextChoices):
        DOES_NOT_PLAY = "does_not_play", _("Does not play")
        WRONG_FILM = "wrong_film", _("Wrong film")
        REMOVED = "removed", _("Removed by the host")
        BAD_QUALITY = "bad_quality", _("Bad quality")
        OTHER = "other", _("Something else")

    source = models.ForeignKey(
        VideoSource,
        on_delete=models.CASCADE,
        related_name="problem_reports",
        verbose_name=_("video source"),
    )
    reason = models.CharField(_("what is wrong"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("details"), max_length=1000, blank=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        indexes = [
            models.Index(fields=["source", "resolved"], name="report_open"),
            # The open reports, newest first: the admin's index counts them, its list shows them.
            models.Index(fields=["resolved", "created_at"], name="report_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.source}"


class TakedownNotice(models.Model):
    # What the rights holder states in the notice, in the order the form asks for it.
    CLAIM_FIELDS = (
        "claimant_name",
        "organisation",
        "email",
        "phone",
        "postal_address",
        "work",
        "urls",
        "good_faith",
        "accurate",
        "signature",
    )

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for the claimant to confirm their e-mail")
        RECEIVED = "received", _("Received: awaiting review")
        CONFIRMED = "confirmed", _("Confirmed: sources stay hidden")
        REJECTED = "rejected", _("Rejected: sources restored")
        COUNTER_NOTICE = "counter_notice", _("Counter-notice received")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED
    )
    claimant_name = models.CharField(_("your full name"), max_length=150)
    organisation = models.CharField(_("organisation you act for"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    postal_address = models.TextField(_("postal address"), max_length=500)
    work = models.TextField(_("the work you hold rights to"), max_length=1000)
    urls = models.TextField(
        _("addresses on this site"),
        max_length=5000,
        help_text=_("One address per line: the film pages or video sources to remove."),
    )
    good_faith = models.BooleanField(
        _(
            "I believe in good faith that the use of the work described above is not "
            "authorised by the rights holder, its agent or the law."
        ),
        default=False,
    )
    accurate = models.BooleanField(
        _(
            "The information in this notice is accurate, and I am the rights holder or "
            "authorised to act on the rights holder's behalf."
        ),
        default=False,
    )
    signature = models.CharField(
        _("signature"), max_length=150, help_text=_("Type your full name as your signature.")
    )
    sources = models.ManyToManyField(
        VideoSource, related_name="takedown_notices", blank=True, verbose_name=_("sources named")
    )
    # What this notice hid (automatically or by staff's confirmation): what rejecting it shows
    # again, unless another notice hid the same source.
    hidden_sources = models.ManyToManyField(
        VideoSource, related_name="hiding_notices", blank=True, verbose_name=_("sources hidden")
    )
    trusted_claimant = models.ForeignKey(
        "TrustedClaimant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("trusted claimant"),
    )
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    # The site-wide circuit breaker adds these up over the notices staff have not reviewed yet.
    auto_hidden_count = models.PositiveIntegerField(_("sources hidden automatically"), default=0)
    auto_hidden_at = models.DateTimeField(_("hidden automatically at"), null=True, blank=True)
    counter_notice = models.TextField(_("counter-notice"), blank=True)
    counter_name = models.CharField(_("counter-notice: name"), max_length=150, blank=True)
    counter_email = models.EmailField(_("counter-notice: e-mail"), blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    created_at = models.DateTimeField(_("filed"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("takedown notice")
        verbose_name_plural = _("takedown notices")
        indexes = [
            models.Index(fields=["status", "created_at"], name="takedown_queue"),
            # The breaker's sum: unreviewed notices that hid sources in the last day.
            models.Index(fields=["decided_at", "auto_hidden_at"], name="takedown_unreviewed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(good_faith=True, accurate=True), name="takedown_statements_given"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.claimant_name} · {self.get_status_display()}"


class TakedownEvent(models.Model):
    """The audit trail of a notice: every step, who took it and when."""

    class Action(models.TextChoices):
        FILED = "filed", _("Filed")
        CLAIMANT_CONFIRMED = "claimant_confirmed", _("Claimant confirmed their e-mail")
        TRUSTED = "trusted", _("Filed by a trusted claimant")
        HIDDEN = "hidden", _("Sources hidden")
        WAITING = "waiting", _("Waiting for staff review")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected; sources restored")
        COUNTER_NOTICE = "counter_notice", _("Counter-notice recorded")
        RESTORED = "restored", _("Sources restored after counter-notice")

    notice = models.ForeignKey(TakedownNotice, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # Why sources wait for staff (WAITING events): one of WaitingReason.
    reason = models.CharField(_("reason"), max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("staff member"),
    )
    note = models.TextField(_("note"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("takedown event")
        verbose_name_plural = _("takedown events")

    def __str__(self) -> str:
        # In the site's time zone, named, as everywhere a notice's times are shown.
        return f"{self.get_action_display()} · {localtime(self.created_at):%Y-%m-%d %H:%M %Z}"


class WaitingReason(models.TextChoices):
    """Why a notice's sources wait for staff instead of being hidden without a person."""

    UNCONFIRMED = "unconfirmed", _("the claimant has not confirmed their e-mail address")
    CAP = "cap", _("more sources than a notice may hide automatically")
    BREAKER = "breaker", _("the circuit breaker has stopped automatic hiding")


class TrustedClaimant(models.Model):
    """A rights holder staff trust: notices from its e-mail domain carrying its token skip the
    e-mail confirmation and may hide more sources automatically. Only the token's hash is kept."""

    organisation = models.CharField(_("organisation"), max_length=150)
    email_domain = models.CharField(
        _("verified e-mail domain"),
        max_length=253,
        help_text=_("Notices from addresses at this domain (e.g. example.com) may use the token."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["organisation"]
        verbose_name = _("trusted claimant")
        verbose_name_plural = _("trusted claimants")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.email_domain})"


class BlockedClaimant(models.Model):
    """An e-mail address or a whole domain whose takedown notices are refused."""

    address = models.CharField(
        _("e-mail address or domain"),
        max_length=254,
        unique=True,
        help_text=_("name@example.com blocks one address; example.com blocks the domain."),
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["address"]
        verbose_name = _("blocked claimant")
        verbose_name_plural = _("blocked claimants")

    def __str__(self) -> str:
        return self.address


class TakedownBreaker(models.Model):
    """The site-wide circuit breaker's state (one row): when it tripped, when staff last reset
    it. What it counts is read from the notices themselves, so every process agrees."""

    tripped_at = models.DateTimeField(_("tripped at"), null=True, blank=True)
    reset_at = models.DateTimeField(_("last reset"), null=True, blank=True)

    class Meta:
        verbose_name = _("takedown circuit breaker")
        verbose_name_plural = _("takedown circuit breaker")

    def __str__(self) -> str:
        return str(_("Takedown circuit breaker"))


# Offers are recorded for the countries the catalogue has names for, in both languages.
OFFER_COUNTRY_CHOICES = [(code, country.name) for code, country in COUNTRIES.items()]
# TMDB's per-country watch page, where its JustWatch data links to each service.
TMDB_HOSTS = ("themoviedb.org", "www.themoviedb.org")


class Offer(models.Model):
    """A service that offers the film in one country, in one way (subscription, rent, ...)."""

    class Kind(models.TextChoices):
        STREAM = "stream", _("Stream with a subscription")
        FREE = "free", _("Free")
        FREE_WITH_ADS = "free_ads", _("Free with ads")
        RENT = "rent", _("Rent")
        BUY = "buy", _("Buy")

    class Source(models.TextChoices):
        EDITOR = "editor", _("An editor")
        TMDB = "tmdb", _("TMDB (JustWatch)")

    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="offers", verbose_name=_("film")
    )
    service = models.CharField(_("service"), max_length=30, choices=SERVICE_CHOICES)
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=OFFER_COUNTRY_CHOICES,
        help_text=_("Where the offer can be used."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.STREAM)
    link = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_(
            "The film's page on the service (https). Left empty when it is not known: the "
            "service's home page is linked instead."
        ),
    )
    last_checked = models.DateField(_("last checked"), default=timezone.localdate)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.EDITOR
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["country", "kind", "service"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [models.Index(fields=["film", "country"], name="offer_film_country")]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "service", "country", "kind"],
                name="offer_unique_per_kind",
                violation_error_message=_(
                    "This film already has an offer of this service, in this country, of this kind."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()} · {self.country} · {self.get_kind_display()}"

    def clean(self) -> None:
        """The link is https and on the service's own site; TMDB's offers may instead link to
        TMDB's watch page for the film, which is all TMDB's data gives."""
        super().clean()
        if not self.link:
            return
        parts = urlsplit(self.link)
        if parts.scheme != "https":
            raise ValidationError({"link": _("The link must start with https://.")})
        known = SERVICES.get(self.service)
        on_tmdb = self.source == self.Source.TMDB and (parts.hostname or "") in TMDB_HOSTS
        if known and not known.owns(self.link) and not on_tmdb:
            raise ValidationError(
                {
                    "link": _("This is not an address on %(service)s (%(domains)s).")
                    % {"service": known.name, "domains": ", ".join(known.domains)}
                }
            )
